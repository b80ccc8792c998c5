// Files from operators: uploaded with the session cookie into a conversation of their workspace, posted as their
// message (which reaches the visitor with the attachment first), readable by that visitor; trainees may not.
import { ErrorCodes, type Attachment, type Message } from "@kaiwa/shared";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import { connectOperator, connectVisitor, eventually, request, signInCookie } from "../support/clients";
import { PASSWORD, clientId, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let w: Awaited<ReturnType<typeof seedWorkspace>>;
let other: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
    other = await seedWorkspace(d.db);
    await d.db.update(schema.operators).set({ role: "trainee" }).where(eq(schema.operators.id, other.operator.id));
  });
});
afterAll(() => t?.close());

// A 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const upload = (cookie: string, conversationId: string, body: Buffer, name = "label.png") =>
  fetch(`${t.base}/api/attachments?conversationId=${conversationId}&name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/octet-stream" },
    body: new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

it("an operator sends a file: the visitor gets the attachment, then its message, and may download it", async () => {
  const { socket: visitor, session } = await connectVisitor(t.base, w.site.publicKey);
  t.track(visitor);
  const conversationId = (await request<{ id: string }>(visitor, "conversation:start", {})).data!.id;
  await request(visitor, "message:send", { conversationId, clientId: clientId(), body: "Can you send the label?" });
  const seen: string[] = [];
  visitor.on("attachment:new", () => seen.push("attachment"));
  visitor.on("message:new", (m) => m.authorKind === "operator" && seen.push("message"));

  const cookie = await signInCookie(t.base, w.operator.email, PASSWORD);
  const op = t.track(await connectOperator(t.base, cookie));
  const up = await upload(cookie, conversationId, PNG);
  expect(up.status).toBe(200);
  const attachment = up.body.data.attachment as Attachment;
  expect(attachment).toMatchObject({ contentType: "image/png", messageId: null, name: "label.png" });
  const sent = await request<Message>(op, "attachment:send", { conversationId, clientId: clientId(), attachmentId: attachment.id });
  expect(sent.data).toMatchObject({ authorKind: "operator", authorId: w.operator.id, body: "📎 label.png" });
  await eventually(() => seen.length === 2, "the visitor hears of the file");
  expect(seen).toEqual(["attachment", "message"]);
  const download = await fetch(`${t.base}/api/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${session.token}`, "x-kaiwa-site": w.site.publicKey } });
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  // The reply took the unassigned conversation, as a typed reply does.
  const listed = await request<{ conversations: { id: string; assigneeId: string | null }[] }>(op, "conversation:list", { view: "mine" });
  expect(listed.data!.conversations.map((c) => c.id)).toContain(conversationId);
});

it("refuses other workspaces, other types, visitors' uploads as an operator's, and trainees", async () => {
  const { socket: visitor, session } = await connectVisitor(t.base, w.site.publicKey);
  t.track(visitor);
  const conversationId = (await request<{ id: string }>(visitor, "conversation:start", {})).data!.id;
  const outsider = await signInCookie(t.base, other.admin.email, PASSWORD);
  expect((await upload(outsider, conversationId, PNG)).body.error.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
  const cookie = await signInCookie(t.base, w.operator.email, PASSWORD);
  const text = await upload(cookie, conversationId, Buffer.from("just text"), "notes.txt");
  expect(text.status).toBe(415);
  expect((await upload("kaiwa_session=nope", conversationId, PNG)).status).toBe(401);

  // A file the visitor uploaded is theirs to post, not the operator's.
  const byVisitor = await fetch(`${t.base}/api/visitor/attachments?conversationId=${conversationId}&name=v.png`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.token}`, "x-kaiwa-site": w.site.publicKey, "content-type": "application/octet-stream" },
    body: new Uint8Array(PNG),
  }).then((r) => r.json());
  const op = t.track(await connectOperator(t.base, cookie));
  const hijack = await request(op, "attachment:send", { conversationId, clientId: clientId(), attachmentId: byVisitor.data.attachment.id });
  expect(hijack.error?.code).toBe(ErrorCodes.NOT_FOUND);

  // A trainee's replies wait for approval: a file cannot skip that.
  const { socket: v2 } = await connectVisitor(t.base, other.site.publicKey);
  t.track(v2);
  const c2 = (await request<{ id: string }>(v2, "conversation:start", {})).data!.id;
  const traineeCookie = await signInCookie(t.base, other.operator.email, PASSWORD);
  const trainee = t.track(await connectOperator(t.base, traineeCookie));
  const up = await upload(traineeCookie, c2, PNG);
  expect(up.status).toBe(200);
  const refused = await request(trainee, "attachment:send", { conversationId: c2, clientId: clientId(), attachmentId: up.body.data.attachment.id });
  expect(refused.error?.code).toBe(ErrorCodes.FORBIDDEN);
});
