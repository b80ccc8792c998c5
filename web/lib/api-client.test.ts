import { ErrorCodes } from "@kaiwa/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "./api-client";

/** Stub fetch with one answer and record what was asked. */
function stubFetch(answer: () => Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  });
  return calls;
}
const json = (body: unknown, status = 200) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

describe("api (the typed REST client)", () => {
  it("fills the path's params (encoded), sends the body as JSON with the declared method", async () => {
    const calls = stubFetch(json({ data: { tag: null, conversations: 2 } }));
    const r = await api.tags.update({ params: { name: "vip / 大口" }, body: { color: "#ffffff" } });
    expect(r).toEqual({ data: { tag: null, conversations: 2 } });
    expect(calls[0]!.url).toBe(`/api/tags/${encodeURIComponent("vip / 大口")}`);
    expect(calls[0]!.init.method).toBe("PATCH");
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ color: "#ffffff" });
    expect((calls[0]!.init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("puts the query in the URL and sends no body when the route has none", async () => {
    const calls = stubFetch(json({ data: { entries: [] } }));
    await api.operators.audit({ query: { before: "2026-01-01T00:00:00Z" } });
    await api.operators.audit();
    expect(calls.map((c) => c.url)).toEqual([`/api/audit?before=${encodeURIComponent("2026-01-01T00:00:00Z")}`, "/api/audit"]);
    expect(calls.every((c) => c.init.method === "GET" && c.init.body === undefined)).toBe(true);
  });

  it("hands an { error } answer back as it is, and a network failure as the retryable UNAVAILABLE", async () => {
    stubFetch(json({ error: { code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" } }, 401));
    expect(await api.auth.me()).toEqual({ error: { code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" } });
    stubFetch(() => Promise.reject(new TypeError("offline")));
    expect((await api.canned.list()).error?.code).toBe(ErrorCodes.UNAVAILABLE);
  });
});
