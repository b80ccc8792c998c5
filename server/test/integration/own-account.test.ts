// The signed-in operator's own account over REST: profile (name, the name visitors see, language, signature) and
// sessions, with "sign out everywhere else" closing the other browsers' consoles.
import type { Message } from "@kaiwa/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { callApi, connectOperator, connectVisitor, eventually, request, signInCookie } from "../support/clients";
import { PASSWORD, clientId, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let w: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
  });
});
afterAll(() => t?.close());

const call = (method: string, path: string, cookie: string | null, body?: unknown) => callApi(t.base, method, path, cookie, body);

it("changes the profile; messages carry the display name, for the visitor too", async () => {
  const cookie = await signInCookie(t.base, w.operator.email, PASSWORD);
  const me = await call("GET", "/api/auth/me", cookie);
  expect(me.body.data.operator).toMatchObject({ displayName: null, locale: null, signature: null });
  const changed = await call("PATCH", "/api/auth/profile", cookie, { displayName: "Sato from Support", locale: "ja", signature: "— Sato, Support" });
  expect(changed.status).toBe(200);
  expect(changed.body.data.operator).toMatchObject({ name: w.operator.name, displayName: "Sato from Support", locale: "ja", signature: "— Sato, Support" });
  expect((await call("PATCH", "/api/auth/profile", cookie, { name: "" })).status).toBe(400);
  expect((await call("PATCH", "/api/auth/profile", cookie, { role: "admin" })).status).toBe(400);
  expect((await call("PATCH", "/api/auth/profile", null, { locale: "en" })).status).toBe(401);

  // A console opened after the change signs its replies with the display name; history says the same.
  const visitor = t.track((await connectVisitor(t.base, w.site.publicKey)).socket);
  const started = await request<{ id: string }>(visitor, "conversation:start", {});
  const conversationId = started.data!.id;
  await request(visitor, "message:send", { conversationId, clientId: clientId(), body: "hello" });
  const console = t.track(await connectOperator(t.base, cookie));
  const reply = await request<Message>(console, "message:send", { conversationId, clientId: clientId(), body: "Hi!" });
  expect(reply.data!.authorName).toBe("Sato from Support");
  const synced = await request<{ messages: Message[] }>(visitor, "conversation:sync", { conversationId, afterSeq: 0 });
  expect(synced.data!.messages.map((m) => m.authorName)).toEqual([null, "Sato from Support"]);

  // Cleared, the name is the operator's own again.
  expect((await call("PATCH", "/api/auth/profile", cookie, { displayName: null, signature: "  " })).body.data.operator).toMatchObject({ displayName: null, signature: null });
});

it("lists the caller's sessions and signs out everywhere else", async () => {
  const here = await signInCookie(t.base, w.admin.email, PASSWORD);
  const elsewhere = await signInCookie(t.base, w.admin.email, PASSWORD);
  const other = t.track(await connectOperator(t.base, elsewhere));
  const listed = await call("GET", "/api/auth/sessions", here);
  expect(listed.body.data.sessions.length).toBeGreaterThanOrEqual(2);
  expect(listed.body.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

  const ended = await call("POST", "/api/auth/sessions/end-others", here);
  expect(ended.status).toBe(200);
  expect(ended.body.data.ended).toBeGreaterThanOrEqual(1);
  await eventually(() => !other.connected, "the other browser's console closes");
  expect((await call("GET", "/api/auth/me", elsewhere)).status).toBe(401);
  expect((await call("GET", "/api/auth/me", here)).status).toBe(200);
  expect((await call("GET", "/api/auth/sessions", here)).body.data.sessions).toHaveLength(1);
});
