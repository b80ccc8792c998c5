// An operator's cookie works only from the app's own pages: another site, or another port of the same host, can
// neither open the console's socket (and read the inbox) nor sign the operator out with a form. Mailed links never
// take their host from the request.
import http from "node:http";
import { PROTOCOL_VERSION } from "@kaiwa/shared";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mail } from "../../src/mail/mailer";
import { signInCookie } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let email: string;
const mails: Mail[] = [];
beforeAll(async () => {
  t = await startTestApp(
    async (database) => {
      email = (await seedWorkspace(database.db)).admin.email;
    },
    { mailer: { send: async (m) => void mails.push(m) } },
  );
});
afterAll(() => t?.close());

/** Connect the console's socket with `cookie` as a page of `origin` would; resolves with the refusal code, or "connected". */
function openConsole(cookie: string, origin: string | undefined) {
  const socket = io(`${t.base}/operator`, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { cookie, ...(origin ? { origin } : {}) },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  return new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (err) => resolve((err as { data?: { code?: string } }).data?.code ?? err.message));
  }).finally(() => socket.disconnect());
}

/** A request as `fetch` cannot make it: with our own Host and Origin headers. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(new URL(path, t.base), { method, headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("pages of other origins", () => {
  it("cannot open the console's socket with the operator's cookie", async () => {
    const cookie = await signInCookie(t.base, email, PASSWORD);
    const other = new URL(t.base);
    other.port = String(Number(other.port) + 1);
    expect(await openConsole(cookie, "https://evil.example")).toBe("FORBIDDEN");
    expect(await openConsole(cookie, other.origin)).toBe("FORBIDDEN");
    expect(await openConsole(cookie, t.base)).toBe("connected");
  });

  it("cannot sign the operator out or change anything with a cross-site form", async () => {
    const cookie = await signInCookie(t.base, email, PASSWORD);
    const form = { cookie, "content-type": "application/x-www-form-urlencoded" };
    expect((await raw("POST", "/api/auth/logout", { ...form, origin: "https://evil.example" })).status).toBe(403);
    expect((await raw("POST", "/api/auth/logout", { ...form, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await raw("GET", "/api/auth/me", { cookie })).status).toBe(200); // still signed in
    expect((await raw("POST", "/api/auth/logout", { ...form, origin: t.base })).status).toBe(200);
    expect((await raw("GET", "/api/auth/me", { cookie })).status).toBe(401);
  });
});

describe("mailed links", () => {
  it("never point to the host a request claims", async () => {
    const body = JSON.stringify({ email });
    const forged = await raw("POST", "/api/auth/password-reset/request", { "content-type": "application/json", host: "attacker.example" }, body);
    expect(forged.status).toBe(503);
    expect(mails.filter((m) => m.text.includes("attacker.example"))).toEqual([]);
    // A developer's own machine: the loopback address the request came to.
    const local = await raw("POST", "/api/auth/password-reset/request", { "content-type": "application/json" }, body);
    expect(local.status).toBe(200);
    expect(mails.at(-1)?.text).toContain(`${t.base}/reset-password#token=`);
  });
});

describe("headers", () => {
  it("every answer forbids type sniffing and keeps full URLs from other sites", async () => {
    for (const path of ["/api/health", "/api/auth/me", "/api/nothing-here", "/demo"]) {
      const res = await fetch(`${t.base}${path}`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });
});
