// The widget's server side on one real node (PGlite in memory) with real socket.io clients: identity
// verification, visitor attributes, typing indicators, read receipts, availability and opening hours.
import { ErrorCodes, type ReadState, type TypingEvent } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Database } from "../../src/db/client";
import { identityHash } from "../../src/domain/visitors/open-visitor-session";
import { isOpenAt } from "../../src/domain/widget/opening-hours";
import {
  connectOperator,
  connectVisitor,
  eventually,
  postJson,
  request,
  signInCookie,
  type OperatorSocket,
  type VisitorSocket,
} from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let database: Database;
let base: string;
let w: Awaited<ReturnType<typeof seedWorkspace>>;
const SECRET = "site-identity-secret-for-tests";
const track = <T extends { disconnect(): unknown }>(s: T) => t.track(s);

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
    await d.db.insert(schema.siteWidgetSettings).values({ siteId: w.site.id, identitySecret: SECRET, askEmail: true, position: "left" });
  });
  ({ database, base } = t);
});

afterAll(() => t?.close());

const session = (body: object) => postJson(base, "/api/visitor/session", { siteKey: w.site.publicKey, ...body });

describe("site settings", () => {
  it("are public without the identity secret", async () => {
    const res = await fetch(`${base}/api/visitor/sites/${w.site.publicKey}`);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).data.site).toMatchObject({ position: "left", identityVerification: true, askEmail: true, preChatForm: false });
  });
});

describe("identity verification", () => {
  it("refuses a wrong or missing hash with IDENTITY_INVALID", async () => {
    const wrong = await session({ identity: { userId: "user-1", hash: identityHash("not the secret", "user-1") } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.code).toBe(ErrorCodes.IDENTITY_INVALID);
    const missing = await session({ identity: { userId: "user-1" } });
    expect(missing.body.error?.code).toBe(ErrorCodes.IDENTITY_INVALID);
  });

  it("joins the same user's conversation from a second device, and keeps an anonymous visitor's conversation when they sign in", async () => {
    // Device 1: anonymous first, writes, then signs in.
    const anon = await session({});
    const first = track((await connectVisitor(base, w.site.publicKey, anon.body.data.token)).socket);
    const started = await request(first, "conversation:start", {});
    await request(first, "message:send", { conversationId: started.data.id, clientId: clientId(), body: "before signing in" });
    const hash = identityHash(SECRET, "user-42");
    const signedIn = await session({ token: anon.body.data.token, identity: { userId: "user-42", hash, name: "Hanako", email: "hanako@example.com" } });
    expect(signedIn.body.data).toMatchObject({ conversationId: started.data.id, visitor: { userId: "user-42", name: "Hanako", email: "hanako@example.com" } });

    // Device 2: a fresh browser, same user: same visitor, same conversation, its own token.
    const other = await session({ identity: { userId: "user-42", hash } });
    expect(other.body.data.visitor.id).toBe(signedIn.body.data.visitor.id);
    expect(other.body.data.conversationId).toBe(started.data.id);
    expect(other.body.data.token).not.toBe(signedIn.body.data.token);
    const second = track((await connectVisitor(base, w.site.publicKey, other.body.data.token)).socket);
    const page = await request(second, "conversation:sync", { conversationId: started.data.id, afterSeq: 0 });
    expect(page.data.messages.map((m: { body: string }) => m.body)).toEqual(["before signing in"]);

    // Another user on device 2 becomes another visitor and cannot read user-42's conversation.
    const someoneElse = await session({ token: other.body.data.token, identity: { userId: "user-7", hash: identityHash(SECRET, "user-7") } });
    expect(someoneElse.body.data.visitor.id).not.toBe(signedIn.body.data.visitor.id);
    const stranger = track((await connectVisitor(base, w.site.publicKey, someoneElse.body.data.token)).socket);
    const refused = await request(stranger, "conversation:sync", { conversationId: started.data.id, afterSeq: 0 });
    expect(refused.error?.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
  });
});

describe("visitor profile", () => {
  it("stores name, email and merged attributes, and refuses bad ones", async () => {
    const { socket } = await connectVisitor(base, w.site.publicKey);
    track(socket);
    await request(socket, "visitor:update", { attributes: { plan: "pro", seats: 3 } });
    const r = await request(socket, "visitor:update", { name: "Taro", email: "taro@example.com", attributes: { seats: 5, trial: false } });
    expect(r.data).toMatchObject({ name: "Taro", email: "taro@example.com", attributes: { plan: "pro", seats: 5, trial: false } });
    const bad = await request(socket, "visitor:update", { attributes: { "<script>": "x" } });
    expect(bad.error?.code).toBe(ErrorCodes.VALIDATION);
    const badEmail = await request(socket, "visitor:update", { email: "javascript:alert(1)" });
    expect(badEmail.error?.code).toBe(ErrorCodes.VALIDATION);
  });
});

describe("typing and read receipts", () => {
  let visitor: VisitorSocket;
  let operator: OperatorSocket;
  let conversationId: string;

  beforeAll(async () => {
    visitor = track((await connectVisitor(base, w.site.publicKey)).socket);
    operator = track(await connectOperator(base, await signInCookie(base, w.operator.email, PASSWORD)));
    conversationId = (await request(visitor, "conversation:start", {})).data.id;
  });

  it("carries typing to the other side only", async () => {
    const atOperator: TypingEvent[] = [];
    const atVisitor: TypingEvent[] = [];
    operator.on("conversation:typing", (e) => atOperator.push(e));
    visitor.on("conversation:typing", (e) => atVisitor.push(e));
    visitor.emit("conversation:typing", { conversationId, typing: true });
    await eventually(() => atOperator.length === 1, "visitor typing at the operator");
    expect(atOperator[0]).toEqual({ conversationId, authorKind: "visitor", authorName: null, typing: true });
    operator.emit("conversation:typing", { conversationId, typing: true });
    await eventually(() => atVisitor.length === 1, "operator typing at the visitor");
    expect(atVisitor[0]).toMatchObject({ authorKind: "operator", authorName: w.operator.name, typing: true });
    expect(atOperator).toHaveLength(1);
  });

  it("ignores typing in someone else's conversation", async () => {
    const intruder = track((await connectVisitor(base, w.site.publicKey)).socket);
    const atOperator: TypingEvent[] = [];
    operator.on("conversation:typing", (e) => atOperator.push(e));
    intruder.emit("conversation:typing", { conversationId, typing: true });
    // A typing signal of our own visitor sent after the intruder's must be the only one that arrives.
    visitor.emit("conversation:typing", { conversationId, typing: false });
    await eventually(() => atOperator.length >= 1, "our visitor's signal");
    expect(atOperator).toEqual([{ conversationId, authorKind: "visitor", authorName: null, typing: false }]);
  });

  it("records reads monotonically and tells both sides", async () => {
    for (const body of ["one", "two"]) await request(visitor, "message:send", { conversationId, clientId: clientId(), body });
    await request(operator, "message:send", { conversationId, clientId: clientId(), body: "three" });
    const atVisitor: ReadState[] = [];
    visitor.on("conversation:read", (s) => atVisitor.push(s));
    const r = await request(operator, "conversation:read", { conversationId, seq: 2 });
    expect(r.data).toEqual({ conversationId, visitorSeq: 0, operatorSeq: 2 });
    await eventually(() => atVisitor.length === 1, "read receipt at the visitor");
    expect(atVisitor[0]?.operatorSeq).toBe(2);
    // Never backwards, never past the last message.
    expect((await request(operator, "conversation:read", { conversationId, seq: 1 })).data.operatorSeq).toBe(2);
    expect((await request(visitor, "conversation:read", { conversationId, seq: 99 })).data).toEqual({ conversationId, visitorSeq: 3, operatorSeq: 2 });
  });

  it("refuses reads of someone else's conversation", async () => {
    const intruder = track((await connectVisitor(base, w.site.publicKey)).socket);
    expect((await request(intruder, "conversation:read", { conversationId, seq: 1 })).error?.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
  });
});

describe("availability", () => {
  it("knows whether an operator has the console open", async () => {
    const other = await seedWorkspace(database.db);
    const { socket } = await connectVisitor(base, other.site.publicKey);
    track(socket);
    expect((await request(socket, "site:availability", {})).data).toEqual({ operatorsOnline: false, openNow: true });
    const op = track(await connectOperator(base, await signInCookie(base, other.operator.email, PASSWORD)));
    expect((await request(socket, "site:availability", {})).data).toEqual({ operatorsOnline: true, openNow: true });
    op.disconnect();
    await eventually(() => !op.connected, "operator gone");
  });

  it("reads opening hours in the site's time zone", () => {
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "18:00" }));
    // Monday 2026-11-23 01:00 UTC is 10:00 in Tokyo (open) and Sunday 20:00 in New York (closed).
    const at = new Date("2026-11-23T01:00:00Z");
    expect(isOpenAt(weekdays, "Asia/Tokyo", at)).toBe(true);
    expect(isOpenAt(weekdays, "America/New_York", at)).toBe(false);
    expect(isOpenAt(weekdays, "Asia/Tokyo", new Date("2026-11-23T09:00:00Z"))).toBe(false); // 18:00 Tokyo: closed
    expect(isOpenAt(null, "Asia/Tokyo", at)).toBe(true);
  });
});

describe("rate limits", () => {
  it("refuses a flood of read receipts and profile updates with RATE_LIMITED", async () => {
    const { socket } = await connectVisitor(base, w.site.publicKey);
    track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id;
    const answers = await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        i % 2 ? request(socket, "conversation:read", { conversationId, seq: 0 }) : request(socket, "visitor:update", { attributes: { n: i } }),
      ),
    );
    expect(answers.filter((a) => a.data).length).toBe(60);
    expect(answers.filter((a) => a.error?.code === ErrorCodes.RATE_LIMITED).length).toBe(10);
  });

  it("drops a flood of typing signals", async () => {
    const { socket } = await connectVisitor(base, w.site.publicKey);
    track(socket);
    const conversation = (await request(socket, "conversation:start", {})).data.id;
    const op = track(await connectOperator(base, await signInCookie(base, w.admin.email, PASSWORD)));
    const seen: TypingEvent[] = [];
    op.on("conversation:typing", (e) => e.conversationId === conversation && seen.push(e));
    for (let i = 0; i < 40; i++) socket.emit("conversation:typing", { conversationId: conversation, typing: i % 2 === 0 });
    await eventually(() => seen.length >= 20, "allowed signals");
    // A marker from another visitor, sent after the flood, arrives after every signal the flood was allowed.
    const marker = track((await connectVisitor(base, w.site.publicKey)).socket);
    const markerConversation = (await request(marker, "conversation:start", {})).data.id;
    let markerSeen = false;
    op.on("conversation:typing", (e) => e.conversationId === markerConversation && (markerSeen = true));
    marker.emit("conversation:typing", { conversationId: markerConversation, typing: true });
    await eventually(() => markerSeen, "marker");
    expect(seen.length).toBe(20);
  });
});

describe("attachments", () => {
  // A 1x1 PNG.
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  const upload = (token: string, conversationId: string, body: Buffer, name = "photo.png", siteKey = w.site.publicKey) =>
    fetch(`${base}/api/visitor/attachments?conversationId=${conversationId}&name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-kaiwa-site": siteKey, "content-type": "application/octet-stream" },
      body: new Uint8Array(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it("stores an image, posts it as a message and serves it only to those who may read the conversation", async () => {
    const { socket, session } = await connectVisitor(base, w.site.publicKey);
    track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id;
    const cookie = await signInCookie(base, w.operator.email, PASSWORD);
    const op = track(await connectOperator(base, cookie));
    const seen: { kind: string; id: string }[] = [];
    op.on("attachment:new", (a) => seen.push({ kind: "attachment", id: a.id }));
    op.on("message:new", (m) => m.conversationId === conversationId && seen.push({ kind: "message", id: m.id }));

    // The declared name and type are the sender's; the stored type is read from the bytes.
    const up = await upload(session.token, conversationId, PNG, 'evil"name.png');
    expect(up.status).toBe(200);
    expect(up.body.data.attachment).toMatchObject({ contentType: "image/png", size: PNG.length, name: "evil_name.png", messageId: null });
    const id = up.body.data.attachment.id as string;
    const sent = await request(socket, "attachment:send", { conversationId, clientId: clientId(), attachmentId: id });
    expect(sent.data.body).toBe("📎 evil_name.png");
    await eventually(() => seen.length === 2, "attachment then message at the operator");
    expect(seen.map((s) => s.kind)).toEqual(["attachment", "message"]);
    expect((await request(op, "conversation:attachments", { conversationId })).data).toEqual([
      expect.objectContaining({ id, messageId: sent.data.id, contentType: "image/png" }),
    ]);

    const asVisitor = await fetch(`${base}/api/attachments/${id}`, { headers: { authorization: `Bearer ${session.token}`, "x-kaiwa-site": w.site.publicKey } });
    expect(asVisitor.status).toBe(200);
    expect(asVisitor.headers.get("content-type")).toBe("image/png");
    expect(asVisitor.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await asVisitor.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${base}/api/attachments/${id}`, { headers: { cookie } })).status).toBe(200);

    // A stranger, an operator of another workspace, and nobody at all learn nothing.
    const stranger = await postJson(base, "/api/visitor/session", { siteKey: w.site.publicKey });
    const asStranger = await fetch(`${base}/api/attachments/${id}`, { headers: { authorization: `Bearer ${stranger.body.data.token}`, "x-kaiwa-site": w.site.publicKey } });
    expect(asStranger.status).toBe(404);
    const other = await seedWorkspace(database.db);
    const otherCookie = await signInCookie(base, other.operator.email, PASSWORD);
    expect((await fetch(`${base}/api/attachments/${id}`, { headers: { cookie: otherCookie } })).status).toBe(404);
    expect((await fetch(`${base}/api/attachments/${id}`)).status).toBe(401);
  });

  it("refuses a wrongly typed file, a file over the site's limit, and uploads into someone else's conversation", async () => {
    const { socket, session } = await connectVisitor(base, w.site.publicKey);
    track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id;
    const html = await upload(session.token, conversationId, Buffer.from("<html><script>alert(1)</script></html>"), "innocent.png");
    expect(html).toMatchObject({ status: 415, body: { error: { code: ErrorCodes.FILE_TYPE_NOT_ALLOWED } } });
    await database.db.update(schema.siteWidgetSettings).set({ maxUploadBytes: 1000 });
    const big = await upload(session.token, conversationId, Buffer.concat([PNG, Buffer.alloc(2000)]));
    expect(big).toMatchObject({ status: 413, body: { error: { code: ErrorCodes.FILE_TOO_LARGE } } });
    await database.db.update(schema.siteWidgetSettings).set({ maxUploadBytes: 5 * 1024 * 1024 });
    const stranger = await postJson(base, "/api/visitor/session", { siteKey: w.site.publicKey });
    const intrusion = await upload(stranger.body.data.token, conversationId, PNG);
    expect(intrusion).toMatchObject({ status: 404, body: { error: { code: ErrorCodes.CONVERSATION_NOT_FOUND } } });
  });
});

describe("widget settings (admin API)", () => {
  const patch = (cookie: string, siteId: string, body: unknown) =>
    fetch(`${base}/api/sites/${siteId}/widget`, { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: await r.json() }),
    );

  it("lets an admin change the settings the widget reads, generate an identity secret, and turn it off", async () => {
    const ws = await seedWorkspace(database.db);
    const admin = await signInCookie(base, ws.admin.email, PASSWORD);
    const changed = await patch(admin, ws.site.id, {
      color: "#16a34a",
      greeting: "ようこそ",
      locale: "ja",
      position: "left",
      timeZone: "Asia/Tokyo",
      openingHours: [{ day: 1, open: "09:00", close: "18:00" }],
      askEmail: true,
      preChatForm: true,
      maxUploadBytes: 2 * 1024 * 1024,
      identitySecret: "generate",
    });
    expect(changed.status).toBe(200);
    const secret = changed.body.data.settings.identitySecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const site = (await (await fetch(`${base}/api/visitor/sites/${ws.site.publicKey}`)).json()).data.site;
    expect(site).toMatchObject({ color: "#16a34a", greeting: "ようこそ", locale: "ja", position: "left", askEmail: true, preChatForm: true, maxUploadBytes: 2097152, identityVerification: true });
    const verified = await postJson(base, "/api/visitor/session", { siteKey: ws.site.publicKey, identity: { userId: "u1", hash: identityHash(secret, "u1") } });
    expect(verified.body.data.visitor.userId).toBe("u1");

    const off = await patch(admin, ws.site.id, { identitySecret: null, greeting: null });
    expect(off.body.data.settings).toMatchObject({ identitySecret: null, greeting: null, color: "#16a34a" });
  });

  it("refuses operators who are not admins, other workspaces' admins and bad values", async () => {
    const ws = await seedWorkspace(database.db);
    const operator = await signInCookie(base, ws.operator.email, PASSWORD);
    expect((await patch(operator, ws.site.id, { color: "#000000" })).body.error.code).toBe(ErrorCodes.FORBIDDEN);
    const stranger = await signInCookie(base, w.admin.email, PASSWORD);
    expect((await patch(stranger, ws.site.id, { color: "#000000" })).status).toBe(404);
    const admin = await signInCookie(base, ws.admin.email, PASSWORD);
    for (const bad of [{ color: "red; background:url(x)" }, { timeZone: "Mars/Olympus" }, { openingHours: [{ day: 7, open: "09:00", close: "18:00" }] }, { openingHours: [{ day: 1, open: "18:00", close: "09:00" }] }, { maxUploadBytes: 1e9 }, { identitySecret: "my-own" }]) {
      expect((await patch(admin, ws.site.id, bad)).body.error?.code).toBe(ErrorCodes.VALIDATION);
    }
    expect((await fetch(`${base}/api/sites/${ws.site.id}/widget`)).status).toBe(401);
  });
});
