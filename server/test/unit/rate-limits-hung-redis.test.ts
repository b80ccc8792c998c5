// Every rate limit kept in Redis (messages, minor requests, sign-ins ...) stops waiting for a Redis that hangs: the
// requests in flight when it froze wait at most the deadline, later ones not at all, and once Redis answers a PING
// again the counts go back to it. A private redis-server, frozen with SIGSTOP.
import { ErrorCodes } from "@kaiwa/shared";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_DEADLINE_MS, REDIS_RETRY_MS } from "../../src/message-rate-limit";
import { createRateLimits, DEFAULT_RATE_LIMITS } from "../../src/rate-limits";
import { haveRedisServer, startPrivateRedis, type PrivateRedis } from "../support/private-services";

const ready = haveRedisServer();
if (!ready) console.warn("\n!!! SKIPPING the hung-Redis rate limit test: no redis-server binary (apt-get install redis-server)\n");

describe.skipIf(!ready)("rate limits on a Redis that hangs", () => {
  let redis: PrivateRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await new Promise<void>((resolve) => client.once("ready", () => resolve()));
  });
  afterAll(async () => {
    redis?.thaw();
    client?.disconnect();
    await redis?.stop();
  });

  it("answers within the deadline, then at once, and counts in Redis again once it answers", async () => {
    const limits = createRateLimits(client, DEFAULT_RATE_LIMITS);
    for (let i = 0; i < 60; i++) await limits.consumeRequest("visitor:a");
    await expect(limits.consumeRequest("visitor:a")).rejects.toMatchObject({ code: ErrorCodes.RATE_LIMITED });
    expect(await client.get("kaiwa:rl:req:visitor:a")).toBe("61");

    redis.freeze();
    const waits: number[] = [];
    const timed = async (run: () => Promise<unknown>) => {
      const t0 = Date.now();
      await run();
      waits.push(Date.now() - t0);
    };
    // Both in flight as Redis stops: each waits the deadline once, in parallel.
    await Promise.all([timed(() => limits.consumeMessage("visitor:b")), timed(() => limits.consumeRequest("visitor:b"))]);
    for (let i = 0; i < 10; i++) {
      await timed(() => limits.consumeMessage("visitor:b"));
      await timed(() => limits.consumeRequest("visitor:b"));
      await timed(() => limits.attemptLogin("someone@example.com", "127.0.0.9"));
      await timed(() => limits.allowTyping("visitor:b"));
    }
    expect(Math.max(...waits.slice(0, 2))).toBeLessThan(REDIS_DEADLINE_MS + 150);
    expect(Math.max(...waits.slice(2))).toBeLessThan(20);
    // Counted on this node meanwhile: a flood is still refused.
    const answers = await Promise.allSettled(Array.from({ length: 40 }, () => limits.consumeMessage("visitor:c")));
    expect(answers.filter((a) => a.status === "fulfilled")).toHaveLength(DEFAULT_RATE_LIMITS.messages);

    redis.thaw();
    // A PING is sent at most every REDIS_RETRY_MS; once one is answered, counts go to Redis again.
    const deadline = Date.now() + REDIS_RETRY_MS * 3;
    let counted: string | null = null;
    while (!counted && Date.now() < deadline) {
      await limits.consumeRequest("visitor:d");
      counted = await client.get("kaiwa:rl:req:visitor:d");
      if (!counted) await new Promise((r) => setTimeout(r, 100));
    }
    expect(counted).not.toBeNull();
  }, 20_000);
});
