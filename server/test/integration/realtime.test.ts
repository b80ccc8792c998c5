// One real node (express + Socket.IO on a port, PGlite in memory, in-process adapter) and real clients.
import { ErrorCodes, MESSAGE_MAX_LENGTH, PROTOCOL_VERSION, type Message } from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Database } from "../../src/db/client";
import {
  collectMessages,
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
const track = <T extends { disconnect(): unknown }>(s: T) => t.track(s);

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
  });
  ({ database, base } = t);
});

afterAll(() => t?.close());

describe("REST", () => {
  it("reports health with the database and adapter in use", async () => {
    const res = await fetch(`${base}/api/health`);
    expect(await res.json()).toEqual({ data: { ok: true, database: "pglite:memory", bus: "in-process adapter (single node)" } });
  });

  it("sets an httpOnly session cookie on sign-in and knows the operator", async () => {
    const res = await postJson(base, "/api/auth/login", { email: w.operator.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/kaiwa_session=[^;]+;.*HttpOnly/i);
    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: cookie.split(";")[0]! } });
    expect((await me.json()).data.operator.email).toBe(w.operator.email);
  });

  it.each([
    ["a wrong password", "/api/auth/login", () => ({ email: w.operator.email, password: "nope" }), 401, ErrorCodes.INVALID_CREDENTIALS],
    ["a malformed login", "/api/auth/login", () => ({ email: 12 }), 400, ErrorCodes.VALIDATION],
    ["broken JSON", "/api/auth/login", () => "{not json", 400, ErrorCodes.VALIDATION],
    ["an unknown site key", "/api/visitor/session", () => ({ siteKey: "site_doesnotexist" }), 404, ErrorCodes.UNKNOWN_SITE],
    ["an unknown endpoint", "/api/nothing-here", () => ({}), 404, ErrorCodes.NOT_FOUND],
    ["an oversized body", "/api/visitor/session", () => ({ siteKey: "x".repeat(100_000) }), 413, ErrorCodes.PAYLOAD_TOO_LARGE],
  ])("refuses %s with its own code", async (_label, path, body, status, code) => {
    const res = await postJson(base, path, body());
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
  });

  it("slows down password guessing: after 10 failures even the right password waits", async () => {
    const other = await seedWorkspace(database.db);
    for (let i = 0; i < 10; i++) {
      const res = await postJson(base, "/api/auth/login", { email: other.operator.email, password: `guess ${i}` });
      expect(res.body.error?.code).toBe(ErrorCodes.INVALID_CREDENTIALS);
    }
    const blocked = await postJson(base, "/api/auth/login", { email: other.operator.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe(ErrorCodes.RATE_LIMITED);
    const colleague = await postJson(base, "/api/auth/login", { email: other.admin.email, password: PASSWORD });
    expect(colleague.status).toBe(200);
  });

  it("gives a widget its site's settings without creating a visitor", async () => {
    const before = await database.db.$count(schema.visitors);
    const res = await fetch(`${base}/api/visitor/sites/${w.site.publicKey}`);
    expect(res.status).toBe(200);
    expect((await res.json()).data.site).toMatchObject({ siteKey: w.site.publicKey, name: w.site.name });
    expect(await database.db.$count(schema.visitors)).toBe(before);
    const unknown = await fetch(`${base}/api/visitor/sites/site_unknown_key`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe(ErrorCodes.UNKNOWN_SITE);
    const bad = await fetch(`${base}/api/visitor/sites/${encodeURIComponent("<script>")}`);
    expect((await bad.json()).error.code).toBe(ErrorCodes.VALIDATION);
  });

  it("refuses /api/auth/me without a session", async () => {
    const res = await fetch(`${base}/api/auth/me`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(ErrorCodes.UNAUTHENTICATED);
  });

  it("serves the demo page with one script tag for the widget", async () => {
    const html = await (await fetch(`${base}/demo`)).text();
    expect(html).toContain(`<script src="/widget.js" data-site="${w.site.publicKey}" async></script>`);
  });
});

describe("Socket.IO", () => {
  let visitor: VisitorSocket;
  let operator: OperatorSocket;
  let conversationId: string;

  beforeAll(async () => {
    visitor = track((await connectVisitor(base, w.site.publicKey)).socket);
    operator = track(await connectOperator(base, await signInCookie(base, w.operator.email, PASSWORD)));
    const started = await request(visitor, "conversation:start", {});
    conversationId = started.data.id;
  });

  it("delivers a visitor message to the operator and the reply back, acked with the stored message", async () => {
    const toOperator = collectMessages(operator);
    const toVisitor = collectMessages(visitor);
    const sent = await request<Message>(visitor, "message:send", { conversationId, clientId: clientId(), body: "配送について質問です" });
    expect(sent.data).toMatchObject({ seq: 1, authorKind: "visitor", body: "配送について質問です" });
    await eventually(() => toOperator.some((m) => m.id === sent.data!.id), "operator receives the visitor's message");
    const reply = await request<Message>(operator, "message:send", { conversationId, clientId: clientId(), body: "お調べします" });
    expect(reply.data).toMatchObject({ seq: 2, authorKind: "operator", authorName: w.operator.name });
    await eventually(() => toVisitor.some((m) => m.id === reply.data!.id), "visitor receives the reply");
  });

  it("answers a retried send with the stored message, stores it once and pushes it again", async () => {
    const toOperator = collectMessages(operator);
    const payload = { conversationId, clientId: clientId(), body: "retry me" };
    const [a, b] = await Promise.all([request<Message>(visitor, "message:send", payload), request<Message>(visitor, "message:send", payload)]);
    expect(a.data!.id).toBe(b.data!.id);
    // Pushed for each attempt (a retry heals a broadcast lost with a crashed node); clients dedupe by id.
    await eventually(() => toOperator.filter((m) => m.id === a.data!.id).length === 2, "both attempts pushed");
    const all = await request(operator, "conversation:sync", { conversationId, afterSeq: 0 });
    expect(all.data.messages.filter((m: Message) => m.clientId === payload.clientId)).toHaveLength(1);
  });

  it.each([
    ["no payload", undefined, ErrorCodes.VALIDATION],
    ["a string", "hello", ErrorCodes.VALIDATION],
    ["a bad id", { conversationId: "x", clientId: "abcdefgh", body: "b" }, ErrorCodes.VALIDATION],
    ["an over-long body", () => ({ conversationId, clientId: clientId(), body: "a".repeat(MESSAGE_MAX_LENGTH + 1) }), ErrorCodes.MESSAGE_TOO_LONG],
    ["a stranger's conversation", () => ({ conversationId: "00000000-0000-4000-8000-000000000000", clientId: clientId(), body: "hi" }), ErrorCodes.CONVERSATION_NOT_FOUND],
  ])("refuses %s in the ack without dropping the connection", async (_label, payload, code) => {
    const p = typeof payload === "function" ? payload() : payload;
    const res = await request(visitor, "message:send", p);
    expect(res.error?.code).toBe(code);
    expect(visitor.connected).toBe(true);
  });

  it("survives an event without an ack and a flood of garbage", async () => {
    const raw = visitor as unknown as Socket;
    raw.emit("message:send", { nonsense: true });
    for (let i = 0; i < 50; i++) raw.emit("conversation:sync", i);
    const res = await request(visitor, "conversation:sync", { conversationId, afterSeq: 0 });
    expect(res.data.messages.length).toBeGreaterThan(0);
  });

  it("rate-limits a flood of messages from one visitor without disconnecting it", async () => {
    const { socket: flooder } = await connectVisitor(base, w.site.publicKey);
    track(flooder);
    const conv = (await request(flooder, "conversation:start", {})).data;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request(flooder, "message:send", { conversationId: conv.id, clientId: clientId(), body: `spam ${i}` })),
    );
    const limited = results.filter((r) => r.error?.code === ErrorCodes.RATE_LIMITED).length;
    expect(results.filter((r) => r.data).length).toBe(30);
    expect(limited).toBe(10);
    expect(flooder.connected).toBe(true);
  });

  it("keeps one visitor out of another's conversation", async () => {
    const stranger = track((await connectVisitor(base, w.site.publicKey)).socket);
    const res = await request(stranger, "conversation:sync", { conversationId, afterSeq: 0 });
    expect(res.error?.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
    const send = await request(stranger, "message:send", { conversationId, clientId: clientId(), body: "let me in" });
    expect(send.error?.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
  });

  it("keeps an operator of another workspace out", async () => {
    const other = await seedWorkspace(database.db);
    const outsider = track(await connectOperator(base, await signInCookie(base, other.operator.email, PASSWORD)));
    const received = collectMessages(outsider);
    const res = await request(outsider, "conversation:sync", { conversationId, afterSeq: 0 });
    expect(res.error?.code).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
    const list = await request(outsider, "conversation:list", { status: "all" });
    expect(list.data.conversations).toEqual([]);
    const marker = await request<Message>(visitor, "message:send", { conversationId, clientId: clientId(), body: "private" });
    await eventually(() => marker.data !== undefined, "sent");
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);
  });

  it("refuses handshakes without valid credentials, each with its own code", async () => {
    const attempt = (ns: string, auth: object, headers?: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const s = io(`${base}${ns}`, { auth, extraHeaders: headers, transports: ["websocket"], reconnection: false });
        s.on("connect", () => (s.disconnect(), resolve("connected")));
        s.on("connect_error", (err) => (s.disconnect(), resolve((err as { data?: { code: string } }).data?.code ?? err.message)));
      });
    expect(await attempt("/visitor", { protocol: PROTOCOL_VERSION, siteKey: "site_nope_nope", token: "t".repeat(43) })).toBe(ErrorCodes.UNKNOWN_SITE);
    expect(await attempt("/visitor", { protocol: PROTOCOL_VERSION, siteKey: w.site.publicKey, token: "t".repeat(43) })).toBe(ErrorCodes.UNAUTHENTICATED);
    expect(await attempt("/visitor", { protocol: 99, siteKey: w.site.publicKey, token: "t".repeat(43) })).toBe(ErrorCodes.PROTOCOL_MISMATCH);
    expect(await attempt("/visitor", { protocol: PROTOCOL_VERSION })).toBe(ErrorCodes.VALIDATION);
    expect(await attempt("/operator", { protocol: PROTOCOL_VERSION })).toBe(ErrorCodes.UNAUTHENTICATED);
    expect(await attempt("/operator", { protocol: PROTOCOL_VERSION }, { cookie: "kaiwa_session=forged" })).toBe(ErrorCodes.UNAUTHENTICATED);
  });

  it("disconnects an operator's sockets when the session signs out", async () => {
    const cookie = await signInCookie(base, w.operator.email, PASSWORD);
    const s = track(await connectOperator(base, cookie));
    const closed = new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason)));
    await postJson(base, "/api/auth/logout", {}, { cookie });
    expect(await closed).toBe("io server disconnect");
  });

  it("lets a client catch up after a reconnect, each message once and in order", async () => {
    const before = await request(operator, "conversation:sync", { conversationId, afterSeq: 0 });
    const lastSeq = before.data.conversation.lastSeq as number;
    operator.disconnect();
    for (let i = 0; i < 5; i++) await request(visitor, "message:send", { conversationId, clientId: clientId(), body: `while away ${i}` });
    operator.connect();
    await eventually(() => operator.connected, "operator reconnects");
    const missed = await request(operator, "conversation:sync", { conversationId, afterSeq: lastSeq });
    expect(missed.data.messages.map((m: Message) => m.body)).toEqual([0, 1, 2, 3, 4].map((i) => `while away ${i}`));
    expect(missed.data.messages.map((m: Message) => m.seq)).toEqual([1, 2, 3, 4, 5].map((i) => lastSeq + i));
  });
});
