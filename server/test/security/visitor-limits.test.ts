// Anonymous visitors cannot be minted to get round the per-visitor limits, and reads are limited too.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../../src/rate-limits";
import { connectVisitor, postJson, request } from "../support/clients";
import { clientId, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let siteKey: string;
beforeEach(async () => {
  t = await startTestApp(async (database) => {
    siteKey = (await seedWorkspace(database.db)).site.publicKey;
  });
});
afterEach(() => t?.close());

describe("visitor limits", () => {
  it("one address creates at most 60 new visitors in 10 minutes; returning visitors are not counted", async () => {
    const allowed = DEFAULT_RATE_LIMITS.newVisitorsPerAddress;
    const answers = [];
    for (let i = 0; i < allowed + 3; i++) answers.push(await postJson(t.base, "/api/visitor/session", { siteKey }));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(allowed);
    expect(answers.slice(allowed).map((a) => a.body.error?.code)).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    const token = answers[0]!.body.data.token as string;
    expect((await postJson(t.base, "/api/visitor/session", { siteKey, token })).status).toBe(200);
  });

  it("counts messages per address as well as per visitor: fresh visitors do not multiply the allowance", async () => {
    const visitors = await Promise.all(Array.from({ length: 6 }, () => connectVisitor(t.base, siteKey)));
    const sends: Promise<{ data?: unknown; error?: { code: string } }>[] = [];
    for (const { socket } of visitors) {
      t.track(socket);
      const conversationId = (await request(socket, "conversation:start", {})).data.id as string;
      for (let i = 0; i < 30; i++) sends.push(request(socket, "message:send", { conversationId, clientId: clientId(), body: `flood ${i}` }));
    }
    const answers = await Promise.all(sends);
    const stored = answers.filter((a) => a.data).length;
    expect(stored).toBeLessThanOrEqual(150);
    expect(answers.filter((a) => a.error?.code === "RATE_LIMITED").length).toBe(180 - stored);
  });

  it("limits reads: a visitor cannot sync thousands of times", async () => {
    const { socket } = await connectVisitor(t.base, siteKey);
    t.track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id as string;
    const answers = await Promise.all(Array.from({ length: 150 }, () => request(socket, "conversation:sync", { conversationId, afterSeq: 0 })));
    expect(answers.filter((a) => a.data)).toHaveLength(120);
    expect(answers.filter((a) => a.error?.code === "RATE_LIMITED")).toHaveLength(30);
  });
});
