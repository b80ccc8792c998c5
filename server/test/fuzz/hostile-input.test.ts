// Input that the schemas used to let through to Postgres, or that express failed on before any handler: each case
// must be answered with a clear 4xx in the documented error shape (never INTERNAL/500), and nothing a visitor wrote
// may reach the log through a failed query.
import { randomUUID } from "node:crypto";
import { ErrorCodes, type Conversation } from "@kaiwa/shared";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorSummary, toApiError } from "../../src/errors-to-api";
import { callApi, connectOperator, connectVisitor, request, signInCookie, type OperatorSocket, type VisitorSocket } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { noRateLimits, startHostileApp, type HostileApp } from "./hostile-app";

let t: HostileApp;
let w: Awaited<ReturnType<typeof seedWorkspace>>;
let visitor: VisitorSocket;
let visitorToken: string;
let operator: OperatorSocket;
let cookie: string;
let conversation: Conversation;

/** A marker that must never appear in a log line. */
const SECRET = `visitor-secret-${randomUUID()}`;
const NUL = `${SECRET}\u0000tail`;
const LONE = `${SECRET}\ud800tail`;
const LONE_LOW = `${SECRET}\udc00tail`;

beforeAll(async () => {
  t = await startHostileApp(async (d) => {
    w = await seedWorkspace(d.db);
  }, { rateLimits: noRateLimits });
  const v = await connectVisitor(t.base, w.site.publicKey);
  visitor = t.track(v.socket);
  visitorToken = v.session.token;
  conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  cookie = await signInCookie(t.base, w.admin.email, PASSWORD);
  operator = t.track(await connectOperator(t.base, cookie));
});
afterAll(() => t?.close());

const expectValidation = (result: { error?: { code: string; message: string } }, path: string) => {
  expect(result.error?.code, JSON.stringify(result)).toBe(ErrorCodes.VALIDATION);
  expect(result.error?.message.startsWith(`${path}:`), result.error?.message).toBe(true);
};

/** Fetch a raw request and read its JSON answer (failing clearly when the answer is not JSON). */
async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${t.base}${path}`, init);
  const text = await res.text();
  let body: { error?: { code: string; message: string } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} answered something that is not JSON: ${text.slice(0, 120)}`);
  }
  return { status: res.status, body, headers: res.headers };
}

describe("NUL characters and unpaired surrogates are refused at the schema", () => {
  const visitorCases = (): [string, unknown, string][] => [
    ["message:send", { conversationId: conversation.id, clientId: randomUUID(), body: NUL }, "body"],
    ["message:send", { conversationId: conversation.id, clientId: randomUUID(), body: LONE }, "body"],
    ["message:send", { conversationId: conversation.id, clientId: randomUUID(), body: LONE_LOW }, "body"],
    ["visitor:update", { name: NUL }, "name"],
    ["visitor:update", { attributes: { plan: NUL } }, "attributes.plan"],
    ["visitor:update", { attributes: { plan: LONE } }, "attributes.plan"],
    ["visitor:page", { url: "https://shop.example/", title: NUL, referrer: null }, "title"],
    ["visitor:page", { url: "https://shop.example/\u0000", title: "t", referrer: null }, "url"],
  ];
  it("on the visitor's events", async () => {
    for (const [event, payload, path] of visitorCases()) expectValidation(await request(visitor, event, payload), path);
  });

  const operatorCases = (): [string, unknown, string][] => [
    ["message:send", { conversationId: conversation.id, clientId: randomUUID(), body: NUL }, "body"],
    ["note:add", { conversationId: conversation.id, body: NUL }, "body"],
    ["note:add", { conversationId: conversation.id, body: LONE }, "body"],
    ["conversation:assign", { conversationId: conversation.id, operatorId: w.operator.id, note: NUL }, "note"],
    ["conversation:setTags", { conversationId: conversation.id, tags: [NUL.slice(-20)] }, "tags.0"],
    ["conversation:list", { tag: "a\u0000b" }, "tag"],
    ["conversation:list", { cursor: NUL }, "cursor"],
    ["canned:save", { shortcut: "hello", body: NUL }, "body"],
    ["search:messages", { q: NUL }, "q"],
    ["draft:review", { draftId: randomUUID(), decision: "reject", comment: NUL }, "comment"],
  ];
  it("on the console's events", async () => {
    for (const [event, payload, path] of operatorCases()) expectValidation(await request(operator, event, payload), path);
  });

  it("on REST bodies, params and queries", async () => {
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/tags", { name: "a\u0000b" }, "name"],
      ["POST", "/api/tags", { name: "ok-tag", description: LONE }, "description"],
      ["PATCH", "/api/tags/ok-tag", { description: NUL }, "description"],
      ["DELETE", "/api/tags/%00", undefined, "name"],
      ["PATCH", "/api/tags/a%00b", { color: "#000000" }, "name"],
      ["POST", "/api/canned", { shortcut: "hi", body: NUL }, "body"],
      ["POST", "/api/sites", { name: NUL }, "name"],
      ["PATCH", `/api/sites/${w.site.id}/widget`, { greeting: LONE }, "greeting"],
      ["POST", "/api/operators/invitations", { email: "new@example.com", name: NUL, role: "operator" }, "name"],
      ["POST", "/api/feedback/posts", { subjectKind: "feature", subject: "feedbackBoard", title: NUL, body: "b" }, "title"],
      ["POST", "/api/auth/login", { email: w.admin.email, password: NUL }, "password"],
      ["POST", "/api/auth/password", { currentPassword: PASSWORD, newPassword: `${NUL}${NUL}` }, "newPassword"],
      ["POST", "/api/auth/password-reset", { token: `${"a".repeat(30)}\u0000`, newPassword: PASSWORD }, "token"],
      ["POST", "/api/visitor/session", { siteKey: w.site.publicKey, identity: { userId: NUL } }, "identity.userId"],
      ["POST", "/api/visitor/session", { siteKey: w.site.publicKey, identity: { userId: "u1", name: LONE } }, "identity.name"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await callApi(t.base, method, path, cookie, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expectValidation(res.body, field);
    }
    // (The request log keeps query strings; a file name is not what a visitor wrote to anyone.)
    const upload = await raw(`/api/visitor/attachments?conversationId=${conversation.id}&name=${encodeURIComponent("receipt\u0000.png")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${visitorToken}`, "x-kaiwa-site": w.site.publicKey, "content-type": "application/octet-stream" },
      body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    });
    expect(upload.status).toBe(400);
    expectValidation(upload.body, "name");
  });

  it("never logs what was written", () => {
    expect(t.logs.filter((line) => line.includes(SECRET))).toEqual([]);
    expect(t.logs.filter((line) => /"level":50/.test(line))).toEqual([]);
  });
});

describe("a failed query is logged without its parameters", () => {
  it("logs the error's class, SQLSTATE and routine, never the values", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const err = await t.database.db.execute(sql`select ${NUL}::text as body`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeTruthy();
    expect(toApiError(err, logger).code).toBe(ErrorCodes.INTERNAL);
    const logged = lines.join("\n");
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toMatch(/params/i);
    const entry = JSON.parse(lines[0]!) as { err: { type: string; code?: string } };
    expect(entry.err.type).toBe("DrizzleQueryError");
    expect(entry.err.code).toBe("22021");
    // What an outbox delivery keeps as its last error is cut the same way; an ordinary error keeps its message.
    expect(errorSummary(err)).not.toContain(SECRET);
    expect(errorSummary(err)).toMatch(/^DrizzleQueryError \[22021\]/);
    expect(errorSummary(new Error("refused note.added"))).toBe("refused note.added");
  });
});

describe("bodies the parser cannot read are a 4xx in the error shape", () => {
  const login = (headers: Record<string, string>, body: BodyInit = JSON.stringify({ email: w.admin.email, password: PASSWORD })) =>
    raw("/api/auth/login", { method: "POST", headers, body });

  it("an unsupported charset", async () => {
    const res = await login({ "content-type": "application/json; charset=foo" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: ErrorCodes.VALIDATION, message: expect.stringMatching(/^body: unsupported charset/) });
  });

  it("an unsupported Content-Encoding", async () => {
    const res = await login({ "content-type": "application/json", "content-encoding": "br2" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: ErrorCodes.VALIDATION, message: expect.stringMatching(/^body: unsupported Content-Encoding/) });
  });

  it("a compressed body that does not decompress", async () => {
    const res = await login({ "content-type": "application/json", "content-encoding": "gzip" }, "not gzip at all");
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(ErrorCodes.VALIDATION);
  });

  it("on every JSON route, not only sign-in", async () => {
    const res = await raw("/api/tags", { method: "POST", headers: { cookie, "content-type": "application/json; charset=x-unknown" }, body: "{}" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(ErrorCodes.VALIDATION);
  });
});

describe("malformed paths and queries", () => {
  it.each([
    ["GET", "/api/visitor/sites/%E0%A4%A", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/feedback/posts/%ZZ", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/sites/%ZZ/widget", 404, ErrorCodes.NOT_FOUND],
    ["PATCH", "/api/operators/%E0%A4%A", 404, ErrorCodes.NOT_FOUND],
    ["DELETE", "/api/tags/%00", 400, ErrorCodes.VALIDATION],
    ["DELETE", "/api/tags/%ZZ", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/audit?before=+275760-09-13T00:00:00Z", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/audit?before=%2B275760-09-13T00:00:00Z", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/audit?before=-000001-01-01T00:00:00Z", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/audit?before=yesterday", 400, ErrorCodes.VALIDATION],
    ["GET", "/api/audit?before=a&before=b", 400, ErrorCodes.VALIDATION],
  ])("%s %s answers %i %s", async (method, path, status, code) => {
    const res = await raw(path, { method, headers: { cookie } });
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("a well-formed audit cursor still pages", async () => {
    const res = await raw(`/api/audit?before=${encodeURIComponent(new Date().toISOString())}`, { headers: { cookie } });
    expect(res.status).toBe(200);
  });
});

describe("numbers and cursors Postgres cannot hold", () => {
  it.each([
    ["conversation:sync", { afterSeq: 2 ** 31 }, "afterSeq"],
    ["conversation:sync", { afterSeq: Number.MAX_SAFE_INTEGER }, "afterSeq"],
    ["conversation:history", { beforeSeq: 2 ** 31 }, "beforeSeq"],
    ["conversation:read", { seq: 2 ** 31 }, "seq"],
  ])("%s with %j is VALIDATION", async (event, extra, path) => {
    for (const socket of [visitor, operator]) expectValidation(await request(socket, event, { conversationId: conversation.id, ...extra }), path);
  });

  it("the largest seq Postgres holds is still a valid request", async () => {
    const res = await request(visitor, "conversation:sync", { conversationId: conversation.id, afterSeq: 2 ** 31 - 1 });
    expect(res.data?.messages).toEqual([]);
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  it.each([
    ["an id that is not a UUID", cursor(["2026-01-01T00:00:00.000Z", "-".repeat(36)])],
    ["a time before year 1", cursor(["-200000-01-01T00:00:00.000Z", randomUUID()])],
    ["the last time JavaScript holds", cursor(["+275760-09-13T00:00:00.000Z", randomUUID()])],
    ["a number for the time", cursor([1e20, randomUUID()])],
    ["an object", cursor({ at: "2026-01-01T00:00:00.000Z" })],
    ["not base64 JSON", "!!!"],
  ])("a forged inbox cursor (%s) is VALIDATION", async (_label, forged) => {
    expectValidation(await request(operator, "conversation:list", { cursor: forged }), "cursor");
    expectValidation(await request(operator, "conversation:list", { cursor: forged, sort: "waiting" }), "cursor");
  });
});
