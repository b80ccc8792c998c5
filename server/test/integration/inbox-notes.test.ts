// Internal notes over real sockets: operators of the workspace hear them, the visitor never does.
import type { Conversation, Message, Note } from "@kaiwa/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectOperator, connectVisitor, eventually, request, signInCookie } from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let w: Awaited<ReturnType<typeof seedWorkspace>>;
let stranger: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
    stranger = await seedWorkspace(d.db);
  });
});
afterAll(() => t?.close());

it("sends a note to the workspace's operators only, never to the visitor; tags follow live", async () => {
  const { socket: visitor } = await connectVisitor(t.base, w.site.publicKey);
  t.track(visitor);
  const heardByVisitor: string[] = [];
  visitor.onAny((event: string) => heardByVisitor.push(event));
  const operator = t.track(await connectOperator(t.base, await signInCookie(t.base, w.operator.email, PASSWORD)));
  const colleague = t.track(await connectOperator(t.base, await signInCookie(t.base, w.admin.email, PASSWORD)));
  const outsider = t.track(await connectOperator(t.base, await signInCookie(t.base, stranger.operator.email, PASSWORD)));
  const notesAtColleague: Note[] = [];
  const outsiderEvents: string[] = [];
  colleague.on("note:new", (n) => notesAtColleague.push(n));
  const tagsAtColleague: { conversationId: string; tags: string[] }[] = [];
  colleague.on("conversation:tags", (m) => tagsAtColleague.push(m));
  outsider.onAny((event: string) => outsiderEvents.push(event));

  const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "hi" });
  const note = await request<Note>(operator, "note:add", { conversationId: conversation.id, body: "VIP: be quick" });
  expect(note.data?.body).toBe("VIP: be quick");
  await eventually(() => notesAtColleague.some((n) => n.id === note.data!.id), "a colleague hears the note");
  const tagged = await request(operator, "conversation:setTags", { conversationId: conversation.id, tags: ["VIP "] });
  expect(tagged.data).toEqual({ conversationId: conversation.id, tags: ["vip"], starred: false });
  await eventually(() => tagsAtColleague.some((m) => m.conversationId === conversation.id), "a colleague hears the tags");
  const reply = await request<Message>(operator, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "hello" });
  expect(reply.data?.seq).toBe(2); // the note took no seq
  await eventually(() => heardByVisitor.includes("message:new"), "the visitor hears the reply");

  expect(heardByVisitor.filter((e) => e.startsWith("note") || e === "conversation:tags")).toEqual([]);
  const sync = await request<{ messages: Message[] }>(visitor, "conversation:sync", { conversationId: conversation.id, afterSeq: 0 });
  expect(sync.data!.messages.map((m) => m.body)).toEqual(["hi", "hello"]);
  // The visitor namespace has no note events at all: asking is refused or ignored, never answered with notes.
  const asked = await request(visitor, "note:list", { conversationId: conversation.id }, 500).catch(() => null);
  expect(asked?.data).toBeUndefined();
  expect(outsiderEvents.filter((e) => e.startsWith("note") || e === "conversation:tags")).toEqual([]);
  const refused = await request(outsider, "note:list", { conversationId: conversation.id });
  expect(refused.error?.code).toBe("CONVERSATION_NOT_FOUND");
});

it("keeps canned responses and searches Japanese and English messages over the socket, within the workspace", async () => {
  const { socket: visitor } = await connectVisitor(t.base, w.site.publicKey);
  t.track(visitor);
  const operator = t.track(await connectOperator(t.base, await signInCookie(t.base, w.operator.email, PASSWORD)));
  const outsider = t.track(await connectOperator(t.base, await signInCookie(t.base, stranger.operator.email, PASSWORD)));
  const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "注文の配送状況を教えてください" });
  await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "Where is my delivery?" });

  const ja = await request<{ message: Message; conversation: Conversation }[]>(operator, "search:messages", { q: "配送状況" });
  expect(ja.data!.map((h) => [h.message.body, h.conversation.id])).toEqual([["注文の配送状況を教えてください", conversation.id]]);
  const en = await request<{ message: Message }[]>(operator, "search:messages", { q: "deliv" });
  expect(en.data!.map((h) => h.message.body)).toEqual(["Where is my delivery?"]);
  expect((await request(outsider, "search:messages", { q: "配送状況" })).data).toEqual([]);
  expect((await request(operator, "search:messages", { q: "" })).error?.code).toBe("VALIDATION");

  const saved = await request(operator, "canned:save", { shortcut: "thanks", body: "ありがとうございます、{{visitor.name}} 様" });
  expect(saved.data).toMatchObject({ shortcut: "thanks" });
  expect((await request(operator, "canned:list", {})).data).toEqual([saved.data]);
  expect((await request(outsider, "canned:list", {})).data).toEqual([]);
});
