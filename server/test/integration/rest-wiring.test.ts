// mountRoutes, the one express wiring of every declared REST route: what it answers before, around and after a
// handler (statuses, error shapes, Cache-Control, the answer checked against its schema, events published after the
// answer), on routes declared here for the purpose, and the order of its checks on the app's real routes.
import type { AddressInfo } from "node:net";
import { ErrorCodes, defineRoute, type DomainEvent } from "@kaiwa/shared";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "../../src/db/client";
import { withEvents } from "../../src/events/with-events";
import { mountRoutes, type ResponseCheck } from "../../src/http/rest";
import { callApi, signInCookie } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

const routes = {
  echo: defineRoute({
    method: "post",
    path: "/api/echo/:n",
    summary: "test",
    auth: "public",
    params: z.object({ n: z.coerce.number().int().min(1) }),
    query: z.object({ twice: z.enum(["yes", "no"]).optional() }),
    body: z.strictObject({ text: z.string().min(1) }),
    bodyLimit: "1kb",
    status: 201,
    cacheControl: "public, max-age=5",
    response: z.object({ text: z.string(), n: z.number() }),
  }),
  item: defineRoute({
    method: "get",
    path: "/api/items/:id",
    summary: "test",
    auth: "public",
    params: z.object({ id: z.uuid() }),
    paramsNotFound: "no such item",
    response: z.object({ id: z.string() }),
  }),
  evented: defineRoute({ method: "post", path: "/api/evented", summary: "test", auth: "public", response: z.object({ ok: z.literal(true) }) }),
  wrong: defineRoute({ method: "get", path: "/api/wrong", summary: "test", auth: "public", response: z.object({ count: z.number() }) }),
  file: defineRoute({
    method: "get",
    path: "/api/file",
    summary: "test",
    auth: "public",
    download: { contentTypes: ["image/png"] },
    cacheControl: "private, max-age=60",
  }),
  upload: defineRoute({
    method: "post",
    path: "/api/upload",
    summary: "test",
    auth: "public",
    upload: { maxBytes: 16, tooLarge: ErrorCodes.FILE_TOO_LARGE },
    response: z.object({ size: z.number() }),
  }),
};

const event = { id: "e1", type: "site.created" } as unknown as DomainEvent;

async function serve(check: ResponseCheck, publish: (events: readonly DomainEvent[]) => void, logger = pino({ level: "silent" })) {
  let sent: boolean | null = null;
  const app = express();
  app.use(
    "/api",
    mountRoutes(
      express.Router(),
      routes,
      {
        echo: async ({ params, query, body }) => ({ text: query.twice === "yes" ? body.text.repeat(2) : body.text, n: params.n }),
        item: async ({ params }) => ({ id: params.id }),
        evented: async ({ res }) => {
          // The answer has not left while the handler runs; publish must see it sent.
          res.once("finish", () => (sent = true));
          return withEvents({ ok: true as const }, [event]);
        },
        wrong: async () => ({ count: "three" }) as unknown as { count: number },
        file: async () => ({ contentType: "image/png", bytes: Buffer.from([1, 2, 3]), headers: { "X-Content-Type-Options": "nosniff" } }),
        upload: async ({ body }) => ({ size: body.length }),
      },
      { db: {} as Db, logger, publish: (events) => publish(events), responseCheck: check },
    ),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)), sent: () => sent };
}

describe("mountRoutes", () => {
  let s: Awaited<ReturnType<typeof serve>>;
  const published: (readonly DomainEvent[])[] = [];
  beforeAll(async () => {
    s = await serve("fail", (events) => published.push(events));
  });
  afterAll(() => s?.close());

  it("parses params, query and body, answers { data } with the declared status and Cache-Control", async () => {
    const res = await fetch(`${s.base}/api/echo/3?twice=yes`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"ab"}' });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("public, max-age=5");
    expect(await res.json()).toEqual({ data: { text: "abab", n: 3 } });
  });

  it("answers every refusal as { error } with no-store: the field path for a bad part, NOT_FOUND for an unknown id", async () => {
    const post = (path: string, body: string, type = "application/json") => fetch(`${s.base}${path}`, { method: "POST", headers: { "content-type": type }, body });
    const cases: [Promise<Response>, number, string, RegExp][] = [
      [post("/api/echo/0", '{"text":"a"}'), 400, ErrorCodes.VALIDATION, /^n: /],
      [post("/api/echo/1?twice=maybe", '{"text":"a"}'), 400, ErrorCodes.VALIDATION, /^twice: /],
      [post("/api/echo/1", '{"text":""}'), 400, ErrorCodes.VALIDATION, /^text: /],
      [post("/api/echo/1", '{"text":"a","extra":1}'), 400, ErrorCodes.VALIDATION, /extra/],
      [post("/api/echo/1", '{"text":'), 400, ErrorCodes.VALIDATION, /^body is not valid JSON$/],
      [post("/api/echo/1", JSON.stringify({ text: "x".repeat(2000) })), 413, ErrorCodes.PAYLOAD_TOO_LARGE, /too large/],
      [post("/api/upload", "x".repeat(17), "application/octet-stream"), 413, ErrorCodes.FILE_TOO_LARGE, /too large|at most 16 bytes/],
      [fetch(`${s.base}/api/items/not-a-uuid`), 404, ErrorCodes.NOT_FOUND, /^no such item$/],
    ];
    for (const [pending, status, code, message] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = await res.json();
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
  });

  it("takes an upload's bytes whatever their declared type", async () => {
    const res = await fetch(`${s.base}/api/upload`, { method: "POST", headers: { "content-type": "text/plain" }, body: "twelve bytes" });
    expect(await res.json()).toEqual({ data: { size: 12 } });
  });

  it("serves a file with its type, headers and Cache-Control", async () => {
    const res = await fetch(`${s.base}/api/file`);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, max-age=60");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("answers with the reply of withEvents and publishes the events once the answer has been sent", async () => {
    published.length = 0;
    const res = await fetch(`${s.base}/api/evented`, { method: "POST" });
    expect(await res.json()).toEqual({ data: { ok: true } });
    await vi.waitFor(() => expect(published).toEqual([[event]]));
    expect(s.sent()).toBe(true);
  });

  it("in tests, an answer that breaks its schema is a 500 naming the field", async () => {
    const res = await fetch(`${s.base}/api/wrong`);
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatchObject({ code: ErrorCodes.INTERNAL, message: expect.stringContaining("count") });
  });

  it("in development, it is only logged and the answer goes out as it is", async () => {
    const error = vi.fn();
    const logger = Object.assign(pino({ level: "silent" }), { error });
    const dev = await serve("log", () => {}, logger);
    try {
      const res = await fetch(`${dev.base}/api/wrong`);
      expect(await res.json()).toEqual({ data: { count: "three" } });
      expect(error).toHaveBeenCalledWith(expect.objectContaining({ route: "GET /api/wrong" }), expect.any(String));
    } finally {
      await dev.close();
    }
  });

  it("refuses at startup a declaration whose params do not match its path", () => {
    const bad = { r: defineRoute({ method: "get", path: "/api/x/:id", summary: "t", auth: "public", response: z.object({}) }) };
    expect(() => mountRoutes(express.Router(), bad, { r: async () => ({}) }, { db: {} as Db, logger: pino({ level: "silent" }) })).toThrow(/params/);
  });
});

describe("the order of the checks on the app's routes", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seedWorkspace>>;
  beforeAll(async () => {
    t = await startTestApp(async (d) => {
      w = await seedWorkspace(d.db);
    });
  });
  afterAll(() => t?.close());

  it("authentication first, then the request's validity, then the role", async () => {
    const operator = await signInCookie(t.base, w.operator.email, PASSWORD);
    expect((await callApi(t.base, "POST", "/api/tags", null, { name: "" })).status).toBe(401);
    expect((await callApi(t.base, "POST", "/api/tags", operator, { name: "" })).body.error?.code).toBe(ErrorCodes.VALIDATION);
    const forbidden = await callApi(t.base, "POST", "/api/tags", operator, { name: "vip" });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await callApi(t.base, "PATCH", "/api/sites/not-an-id/widget", operator, {})).body.error).toEqual({ code: ErrorCodes.NOT_FOUND, message: "no such site" });
  });

  it("a public answer keeps its Cache-Control only when it succeeds", async () => {
    const site = await fetch(`${t.base}/api/visitor/sites/${w.site.publicKey}`);
    expect(site.status).toBe(200);
    expect(site.headers.get("cache-control")).toBe("public, max-age=60");
    const unknown = await fetch(`${t.base}/api/visitor/sites/nosuchsite`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect((await unknown.json()).error.code).toBe(ErrorCodes.UNKNOWN_SITE);
  });
});
