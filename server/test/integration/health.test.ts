// The probes (/healthz, /readyz) and the request log on a real node with PGlite in memory; /readyz against a
// Redis that is configured but unreachable, and against checks that hang.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Db } from "../../src/db/client";
import { createHealthRouter } from "../../src/http/health-router";
import { createRequestLog } from "../../src/http/request-log";
import { Redis } from "ioredis";
import { memoryBus } from "../../src/realtime/bus";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(() => t?.close());

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Serve `app` on a free port for the length of `run`. */
async function serve<T>(app: express.Express, run: (base: string) => Promise<T>): Promise<T> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe("probes on a node without Redis", () => {
  it("GET /healthz answers 200 { status: ok }, uncached", async () => {
    const res = await fetch(`${t.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("GET /readyz answers 200 when Postgres answers; Redis is not configured", async () => {
    const res = await fetch(`${t.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { postgres: "ok", redis: "skipped" } });
  });

  it("leaves /api/health as it was", async () => {
    const res = await fetch(`${t.base}/api/health`);
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ ok: true });
  });

  it("echoes the incoming X-Request-Id, or a new one when there is none or it is not a plain token", async () => {
    const given = await fetch(`${t.base}/healthz`, { headers: { "X-Request-Id": "0b3c6a4e-heroku-router-id" } });
    expect(given.headers.get("x-request-id")).toBe("0b3c6a4e-heroku-router-id");
    const none = await fetch(`${t.base}/api/health`);
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await fetch(`${t.base}/healthz`, { headers: { "X-Request-Id": `x${" ".repeat(3)}"injected":true` } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("readiness when something is down", () => {
  it("answers 503 naming redis when Redis is configured but nothing listens on its port", async () => {
    const logger = pino({ level: "silent" });
    // A real Redis client configured as the bus's, pointed at a port nobody listens on. (The adapter's own clients
    // are left out: closing them while they never connected rejects their queued subscriptions unobserved.)
    const commands = new Redis(`redis://127.0.0.1:${await closedPort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    commands.on("error", () => {});
    const bus = { ...memoryBus(), commands, close: async (_timeoutMs?: number) => commands.disconnect() };
    const app = createApp({ db: t.database.db, bus, logger, config: { describeDatabase: "pglite:memory" } });
    try {
      const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
      const started = Date.now();
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", failed: ["redis"], checks: { postgres: "ok", redis: "failed" } });
      expect(Date.now() - started).toBeLessThan(2500);
      // Liveness does not depend on the backends.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await app.close({ drainMs: 100 });
      await bus.close(100);
    }
  });

  it("answers 503 within the deadline when a check hangs, and names each failed backend", async () => {
    const hungRedis = { ping: () => new Promise(() => {}) };
    const brokenDb = { execute: () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    const app = express();
    app.use(createHealthRouter({ db: brokenDb, redis: hungRedis, timeoutMs: 200 }));
    await serve(app, async (base) => {
      const started = Date.now();
      const res = await fetch(`${base}/readyz`);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", failed: ["postgres", "redis"], checks: { postgres: "failed", redis: "timeout" } });
    });
  });
});

describe("request log", () => {
  /** An app logging at `level` into an array of parsed lines. */
  function loggedApp(level: string) {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = express();
    app.use(createRequestLog(pino({ level }, sink)));
    app.use(createHealthRouter({ db: t.database.db }));
    app.get("/private", (_req, res) => {
      res.setHeader("Set-Cookie", "kaiwa_session=secret-session; HttpOnly");
      res.json({ ok: true });
    });
    return { app, lines };
  }

  it("logs each request with its id and without cookies or credentials", async () => {
    const { app, lines } = loggedApp("info");
    await serve(app, async (base) => {
      const res = await fetch(`${base}/private`, {
        headers: { "X-Request-Id": "req-42", Cookie: "kaiwa_session=secret-cookie", Authorization: "Bearer secret-token" },
      });
      expect(res.status).toBe(200);
    });
    await expect.poll(() => lines.length).toBe(1);
    const line = lines[0] as { msg: string; req: { id: string; headers: Record<string, string> }; res: { statusCode: number; headers: Record<string, string> } };
    expect(line.msg).toBe("request completed");
    expect(line.req.id).toBe("req-42");
    expect(line.res.statusCode).toBe(200);
    expect(line.req.headers.cookie).toBe("[redacted]");
    expect(line.req.headers.authorization).toBe("[redacted]");
    expect(line.res.headers["set-cookie"]).toBe("[redacted]");
    expect(JSON.stringify(lines)).not.toMatch(/secret-/);
  });

  it("keeps successful probes out of the info log", async () => {
    const { app, lines } = loggedApp("info");
    await serve(app, async (base) => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/private`)).status).toBe(200);
    });
    await expect.poll(() => lines.length).toBe(1);
    expect((lines[0] as { req: { url: string } }).req.url).toBe("/private");
  });
});
