// Property-based fuzzing of the whole contract against a real node (PGlite, real socket.io-client connections, real
// HTTP): every client event of both namespaces and every declared REST route gets generated requests, mostly of the
// right shape and full of hostile text, some of the wrong shape, some malformed at the HTTP level (path escapes,
// charsets, encodings, broken JSON). Whatever arrives, the node must answer: no 5xx, no INTERNAL, an ack for every
// request, no dropped socket, no unhandled rejection, no error in its log, and it still serves afterwards.
//
// Fixed seed and a time budget, so CI runs the same cases in bounded time: FUZZ_SEED, FUZZ_RUNS (cases per event and
// per route) and FUZZ_BUDGET_MS override them; a failure prints the seed and the counterexample to replay.
import { gzipSync } from "node:zlib";
import { ErrorCodes, type Conversation, type RouteDef } from "@kaiwa/shared";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { hashPassword } from "../../src/domain/auth/password";
import { schema } from "../../src/db/client";
import { callApi, connectOperator, connectVisitor, request, signInCookie, type OperatorSocket, type VisitorSocket } from "../support/clients";
import { PASSWORD, clientId, seedWorkspace } from "../support/fixtures";
import { arbitraryOf, cursorArb, wildValue, type Pools } from "./arbitrary";
import { NO_ACK_EVENTS, REST_ROUTES, SOCKET_EVENTS, type NamedRoute, type SocketEvent } from "./contract";
import { noRateLimits, startHostileApp, type HostileApp } from "./hostile-app";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
// Socket requests cost a millisecond or two, HTTP requests several: more cases for events than for routes.
const SOCKET_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const REST_RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 40_000);
const ACK_TIMEOUT_MS = 5000;

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let t: HostileApp;
let a: Awaited<ReturnType<typeof seedWorkspace>>;
let b: Awaited<ReturnType<typeof seedWorkspace>>;
let visitor: VisitorSocket;
let visitorAuth: { token: string; siteKey: string };
let operator: OperatorSocket;
let trainee: OperatorSocket;
let cookie: string;
let pools: Pools;
const traineeEmail = "trainee-fuzz@example.com";

const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => void unhandled.push(err);

/** Cases run and how long, per event and route, for the summary line. */
const figures: { target: string; runs: number; ms: number }[] = [];
const started = Date.now();
// A trainee's message:send takes another path (a draft), so it is fuzzed on its own too.
const TRAINEE_EVENTS = SOCKET_EVENTS.filter((e) => e.namespace === "operator" && (e.event === "message:send" || e.event === "draft:list"));
let targetsLeft = SOCKET_EVENTS.length + TRAINEE_EVENTS.length + REST_ROUTES.length;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  t = await startHostileApp(
    async (d) => {
      a = await seedWorkspace(d.db, "fuzz-a");
      b = await seedWorkspace(d.db, "fuzz-b");
      await d.db.insert(schema.operators).values({ workspaceId: a.workspace.id, email: traineeEmail, name: "Trainee", role: "trainee", passwordHash: await hashPassword(PASSWORD) });
    },
    { rateLimits: noRateLimits },
  );
  const v = await connectVisitor(t.base, a.site.publicKey);
  visitor = t.track(v.socket);
  visitorAuth = { token: v.session.token, siteKey: a.site.publicKey };
  const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "Where is my order? 注文はどこ？" });
  cookie = await signInCookie(t.base, a.admin.email, PASSWORD);
  operator = t.track(await connectOperator(t.base, cookie));
  // The OpenAPI document is built on its first request: build it now, not inside that route's time share.
  await fetch(`${t.base}/api/openapi.json`);

  // Something of every kind to point at, in both workspaces, so generated ids often name rows that exist.
  const other = t.track((await connectVisitor(t.base, b.site.publicKey)).socket);
  const otherConversation = (await request<Conversation>(other, "conversation:start", {})).data!;
  trainee = t.track(await connectOperator(t.base, await signInCookie(t.base, traineeEmail, PASSWORD)));
  const held = await request(trainee, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "draft" });
  const draftId = /draft ([0-9a-f-]{36})/.exec(held.error?.message ?? "")?.[1];
  const canned = await callApi(t.base, "POST", "/api/canned", cookie, { shortcut: "thanks", body: "Thank you!" });
  await callApi(t.base, "POST", "/api/tags", cookie, { name: "billing", color: "#112233" });
  await request(operator, "conversation:setTags", { conversationId: conversation.id, tags: ["billing", "vip"] });
  const post = await callApi(t.base, "POST", "/api/feedback/posts", cookie, { subjectKind: "feature", subject: "feedbackBoard", title: "Idea", body: "More." });
  const upload = await fetch(`${t.base}/api/visitor/attachments?conversationId=${conversation.id}&name=photo.png`, {
    method: "POST",
    headers: { authorization: `Bearer ${visitorAuth.token}`, "x-kaiwa-site": visitorAuth.siteKey, "content-type": "application/octet-stream" },
    body: PNG,
  }).then((r) => r.json() as Promise<{ data?: { attachment: { id: string } } }>);
  const ids = [
    a.workspace.id,
    a.site.id,
    a.admin.id,
    a.operator.id,
    b.site.id,
    b.admin.id,
    conversation.id,
    otherConversation.id,
    draftId,
    canned.body.data?.canned.id,
    post.body.data?.id,
    upload.data?.attachment.id,
    v.session.visitor.id,
  ].filter((id): id is string => typeof id === "string");
  expect(ids.length, "every seeded row has an id").toBe(13);
  pools = { primary: [conversation.id, a.site.id, a.operator.id], ids, emails: [a.admin.email, b.operator.email, "nobody@example.com"], tags: ["billing", "vip", " Billing ", a.site.publicKey, "feedbackBoard", "0.1.0"] };
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  const runs = figures.reduce((n, f) => n + f.runs, 0);
  console.info(
    `contract fuzz: seed ${SEED}, ${runs} cases over ${figures.length} events and routes in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      figures.map((f) => `  ${f.target}: ${f.runs} cases, ${f.ms} ms`).join("\n"),
  );
  await t?.close();
});

/**
 * The time one event or route may take: twice an even share of what is left of the budget (cases are uneven, and
 * most targets finish well within it), never less than 300 ms, so a slow machine runs fewer cases, not longer.
 */
function timeShare(): number {
  const left = BUDGET_MS - (Date.now() - started);
  const share = Math.max(300, Math.floor((2 * left) / Math.max(1, targetsLeft)));
  targetsLeft--;
  return share;
}

/** Run a property with the suite's seed and time share; fail with fast-check's report (seed, path, counterexample). */
async function fuzz<T>(target: string, runs: number, arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>) {
  const began = Date.now();
  const details = await fc.check(fc.asyncProperty(arb, check), { seed: SEED, numRuns: runs, interruptAfterTimeLimit: timeShare(), endOnFailure: true });
  figures.push({ target, runs: details.numRuns, ms: Date.now() - began });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${target}: ${cause}\n${fc.defaultReportMessage(details)}`);
  }
  expect(details.numRuns, `${target} ran no case`).toBeGreaterThan(0);
}

/** An answer of the contract: `{ data }` or `{ error: { code, message } }`, never INTERNAL nor UNAVAILABLE. */
function assertAnswer(where: string, answer: unknown) {
  const result = answer as { data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (!result || typeof result !== "object") throw new Error(`${where}: answered ${JSON.stringify(answer)}`);
  if (result.error) {
    if (typeof result.error.code !== "string" || typeof result.error.message !== "string") throw new Error(`${where}: malformed error ${JSON.stringify(result.error)}`);
    if (result.error.code === ErrorCodes.INTERNAL || result.error.code === ErrorCodes.UNAVAILABLE) throw new Error(`${where}: ${result.error.code} ${result.error.message}`);
  } else if (!("data" in result)) {
    throw new Error(`${where}: neither data nor error in ${JSON.stringify(answer).slice(0, 200)}`);
  }
}

/** A socket as the fuzzer uses it: any event name, any arguments (the typed maps are what is being attacked). */
interface LooseSocket {
  emit(event: string, ...args: unknown[]): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

const binary = fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes));

describe("every Socket.IO event", () => {
  const targets = [
    ...SOCKET_EVENTS.map((e) => [`/${e.namespace} ${e.event}`, e, false] as const),
    ...TRAINEE_EVENTS.map((e) => [`/${e.namespace} ${e.event} (trainee)`, e, true] as const),
  ] as [string, SocketEvent, boolean][];
  it.each(targets)("%s", async (target, { namespace, event, schema }, asTrainee) => {
    const socket = namespace === "visitor" ? visitor : asTrainee ? trainee : operator;
    const payload = fc.oneof(
      { weight: 12, arbitrary: arbitraryOf(schema, { pools, wild: 1, fields: { cursor: cursorArb(pools) } }) },
      { weight: 1, arbitrary: wildValue },
      { weight: 1, arbitrary: binary },
    );
    // Sometimes no payload at all, or more arguments than the event takes.
    const args = fc.oneof({ weight: 12, arbitrary: payload.map((p) => [p]) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.tuple(payload, wildValue) });
    await fuzz(target, SOCKET_RUNS, args, async (values) => {
      if (NO_ACK_EVENTS.has(event)) {
        (socket as unknown as LooseSocket).emit(event, ...values);
        // A fire-and-forget event is done when a request sent after it is answered (same connection, in order).
        assertAnswer(`${target} then presence`, await request(socket, namespace === "visitor" ? "site:availability" : "presence:list", {}, ACK_TIMEOUT_MS));
      } else {
        const answer = await (socket as unknown as LooseSocket)
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck(event, ...values)
          .catch((err: Error) => {
            throw new Error(`${target}: no ack within ${ACK_TIMEOUT_MS} ms (${err.message}) for ${JSON.stringify(values).slice(0, 300)}`);
          });
        assertAnswer(target, answer);
      }
      if (!socket.connected) throw new Error(`${target}: the server dropped the socket after ${JSON.stringify(values).slice(0, 300)}`);
    });
  });
});

// Path segments as clients should send them, and as attackers do.
const RAW_SEGMENTS = ["%ZZ", "%E0%A4%A", "%00", "%ED%A0%80", "%C0%AF", "%2e%2e", "a%2Fb", "%25", "%", "%u0041", "%F0%9F%98"];

function segmentArb(schema: z.ZodType): fc.Arbitrary<string> {
  const value = arbitraryOf(schema, { pools, wild: 0 }).map((v) => {
    try {
      return encodeURIComponent(String(v));
    } catch {
      return "%ED%A0%80"; // a lone surrogate has no UTF-8: what a broken client would send for it
    }
  });
  return fc.oneof({ weight: 6, arbitrary: value }, { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) });
}

function urlArb({ route }: NamedRoute): fc.Arbitrary<string> {
  const names = Object.keys(route.params?.shape ?? {});
  const segments = fc.tuple(...names.map((name) => segmentArb(route.params!.shape[name] as z.ZodType)));
  const query = route.query
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: arbitraryOf(route.query, { pools, wild: 1 }).map((q) => {
            const search = new URLSearchParams();
            for (const [k, v] of Object.entries((q ?? {}) as Record<string, unknown>)) {
              for (const item of Array.isArray(v) ? v : [v]) {
                try {
                  search.append(k, typeof item === "object" ? JSON.stringify(item) : String(item));
                } catch {
                  search.append(k, "x");
                }
              }
            }
            return search.toString();
          }),
        },
        { weight: 1, arbitrary: fc.constantFrom("__proto__[x]=1", "a[b]=1&a[c]=2", "%ZZ=%E0", "before=%2B275760-09-13T00:00:00Z", "conversationId=&name=") },
      )
    : fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("x=%ZZ", "__proto__[admin]=1") });
  return fc.tuple(segments, query).map(([values, qs]) => {
    let i = 0;
    const path = route.path.replace(/:[A-Za-z0-9_]+/g, () => values[i++] as string);
    return qs ? `${path}?${qs}` : path;
  });
}

interface BodyCase {
  body?: string | Buffer;
  headers: Record<string, string>;
}

function bodyArb({ route }: NamedRoute): fc.Arbitrary<BodyCase> {
  if (route.upload) {
    const bytes = fc.oneof(fc.constant(PNG), binary, fc.constant(Buffer.from("%PDF-1.4 not really")), fc.constant(Buffer.alloc(0)));
    return fc.record({
      body: bytes,
      headers: fc.oneof(
        fc.constant({ "content-type": "application/octet-stream" }),
        fc.constant({ "content-type": "image/png", "content-encoding": "gzip" }),
        fc.constant({ "content-type": "application/json; charset=foo" }),
      ),
    });
  }
  if (!route.body) return fc.oneof({ weight: 6, arbitrary: fc.constant({ headers: {} }) }, { weight: 1, arbitrary: fc.constant({ body: "{", headers: { "content-type": "application/json" } }) });
  const json = arbitraryOf(route.body, { pools, wild: 1 }).map((value) => JSON.stringify(value) ?? "null");
  const raw = fc.constantFrom("{", "", "null", "[]", '"x"', "1e999", '{"a":', `${"[".repeat(5000)}${"]".repeat(5000)}`, '{"__proto__":{"admin":true}}');
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "application/json; charset=latin1", "application/json; charset=utf-16", "application/json; charset=foo", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=\"") },
  );
  const encoding = fc.oneof({ weight: 10, arbitrary: fc.constant("identity") }, { weight: 1, arbitrary: fc.constantFrom("gzip", "gzip-garbage", "br2", "deflate, gzip") });
  return fc.tuple(fc.oneof({ weight: 8, arbitrary: json }, { weight: 1, arbitrary: raw }), contentType, encoding).map(([text, type, enc]) => {
    const headers: Record<string, string> = { "content-type": type };
    if (enc === "identity") return { body: text, headers };
    if (enc === "gzip") return { body: gzipSync(text), headers: { ...headers, "content-encoding": "gzip" } };
    if (enc === "gzip-garbage") return { body: text, headers: { ...headers, "content-encoding": "gzip" } };
    return { body: text, headers: { ...headers, "content-encoding": enc } };
  });
}

/** Credentials for a route: the right ones mostly, sometimes none or garbage. */
function authArb(route: RouteDef, name: string): fc.Arbitrary<Record<string, string>> {
  const operatorAuth = { cookie };
  const visitorAuthHeaders = { authorization: `Bearer ${visitorAuth.token}`, "x-kaiwa-site": visitorAuth.siteKey };
  // Signing out would end the session every other case uses.
  if (name === "auth.logout") return fc.constantFrom<Record<string, string>>({}, { cookie: "kaiwa_session=not-a-session" });
  const right: Record<string, string>[] =
    route.auth === "operator" ? [operatorAuth] : route.auth === "visitor" ? [visitorAuthHeaders] : route.auth === "visitor-or-operator" ? [operatorAuth, visitorAuthHeaders] : [{}];
  const wrong: Record<string, string>[] = [{}, { cookie: "kaiwa_session=%00\u00ff; kaiwa_session=x" }, { authorization: "Bearer %00", "x-kaiwa-site": "\u00e9" }];
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...right) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });
}

describe("every REST route", () => {
  it.each(REST_ROUTES.map((r) => [`${r.route.method.toUpperCase()} ${r.route.path} (${r.name})`, r] as [string, NamedRoute]))("%s", async (target, named) => {
    const { route } = named;
    const arb = fc.record({ url: urlArb(named), body: bodyArb(named), auth: authArb(route, named.name) });
    await fuzz(target, REST_RUNS, arb, async ({ url, body, auth }) => {
      const res = await fetch(`${t.base}${url}`, {
        method: route.method.toUpperCase(),
        headers: { ...body.headers, ...auth },
        body: route.method === "get" || body.body === undefined ? undefined : typeof body.body === "string" ? body.body : new Uint8Array(body.body),
      }).catch((err: Error) => {
        throw new Error(`${target}: the request failed (${err.message}) for ${url}`);
      });
      const text = await res.text();
      const where = `${target}: ${res.status} for ${url} ${JSON.stringify(body).slice(0, 300)}`;
      if (res.status >= 500) throw new Error(`${where}: ${text.slice(0, 200)}`);
      const file = res.ok && (route.download || route.bare);
      if (!file) {
        if (!(res.headers.get("content-type") ?? "").startsWith("application/json")) throw new Error(`${where}: answered ${res.headers.get("content-type")}: ${text.slice(0, 120)}`);
        assertAnswer(where, JSON.parse(text));
      }
    });
  });
});

describe("after the fuzzing", () => {
  it("nothing was left unhandled or logged as an error, and the node still serves", async () => {
    expect(unhandled).toEqual([]);
    const errors = t.logs.filter((line) => /"level":(50|60)/.test(line));
    expect(errors.map((line) => line.slice(0, 600))).toEqual([]);
    expect((await fetch(`${t.base}/api/health`)).status).toBe(200);
    expect(visitor.connected && operator.connected && trainee.connected).toBe(true);
    expect((await request(visitor, "site:availability", {})).data).toBeTruthy();
  });

  it("stayed within its time budget", () => {
    expect(Date.now() - started).toBeLessThan(BUDGET_MS + 20_000);
  });
});
