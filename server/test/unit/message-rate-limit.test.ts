// The message limit: the live window, the bank a resend after being offline draws on, the bound over any span of
// time, the same decisions in Redis (Lua) as in memory, and never more than a short wait for a Redis that hangs.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMessageLimit, createRedisGuard, decideSend, type MessageLimitOptions } from "../../src/message-rate-limit";
import { haveRedis, REDIS_URL } from "../support/services";

const OPTS: MessageLimitOptions = { limit: 30, windowMs: 10_000, backlog: 120 };

/** Run `sends` (times in ms, each with its resend flag) through decideSend; returns how many went through. */
function simulate(sends: { at: number; resending: boolean }[]): number {
  let counts: Parameters<typeof decideSend>[0];
  let ok = 0;
  for (const s of sends) {
    const [next, answer] = decideSend(counts, s.at, OPTS, s.resending);
    counts = next;
    if (answer.ok) ok++;
  }
  return ok;
}

describe("decideSend", () => {
  it("lets a live author send the limit per window, then says how long to wait", () => {
    let counts: Parameters<typeof decideSend>[0];
    const answers = [];
    for (let i = 0; i < 40; i++) {
      const [next, answer] = decideSend(counts, 1000 + i, OPTS, false);
      counts = next;
      answers.push(answer);
    }
    expect(answers.filter((a) => a.ok)).toHaveLength(30);
    expect(answers.at(-1)).toEqual({ ok: false, retryMs: 10_000 - 39 });
  });

  it("gives a new author's resend the live window only: there is nothing saved up yet", () => {
    expect(simulate(Array.from({ length: 100 }, (_, i) => ({ at: i, resending: true })))).toBe(30);
  });

  it("lets a visitor back from 20 s offline resend 40 messages written at 2 a second, and go on writing", () => {
    const sends: { at: number; resending: boolean }[] = [];
    for (let t = 0; t < 5000; t += 500) sends.push({ at: t, resending: false }); // chatting
    const back = 25_000;
    for (let i = 0; i < 40; i++) sends.push({ at: back + i, resending: true }); // the backlog, at once
    for (let t = back + 500; t < back + 30_000; t += 500) sends.push({ at: t, resending: t < back + 10_000 }); // live again
    expect(simulate(sends)).toBe(sends.length);
  });

  it("never saves up more than the backlog", () => {
    const sends = [{ at: 0, resending: false }, ...Array.from({ length: 300 }, (_, i) => ({ at: 3_600_000 + i, resending: true }))];
    expect(simulate(sends)).toBe(1 + OPTS.backlog + OPTS.limit);
  });

  it("allows at most the live rate times the span, plus one backlog and the live window, whatever the pattern", () => {
    const spanMs = 120_000;
    const rate = OPTS.limit / OPTS.windowMs;
    const patterns: Record<string, { at: number; resending: boolean }[]> = {
      "always resending, as fast as it can": Array.from({ length: spanMs / 10 }, (_, i) => ({ at: i * 10, resending: true })),
      "idle 40 s, then bursts on every reconnect": Array.from({ length: spanMs / 10 }, (_, i) => ({ at: 40_000 + i * 10, resending: i % 1000 < 50 })),
      "live at the limit, reconnecting every 10 s": Array.from({ length: spanMs / 100 }, (_, i) => ({ at: i * 100, resending: i % 100 < 5 })),
    };
    for (const [name, sends] of Object.entries(patterns)) {
      const span = sends.at(-1)!.at - sends[0]!.at;
      const bound = rate * span + OPTS.backlog + 2 * OPTS.limit;
      expect(simulate(sends), name).toBeLessThanOrEqual(bound);
    }
  });
});

describe("createRedisGuard", () => {
  const hanging = () => new Promise<string>(() => {});

  it("decides locally when Redis does not answer in time, and waits for it no more until a PING is answered", async () => {
    let pingAnswers = false;
    let pings = 0;
    const guarded = createRedisGuard(() => (pings++, pingAnswers ? Promise.resolve("PONG") : hanging()), 50, 200);
    let asked = 0;
    const t0 = Date.now();
    expect(await guarded(() => (asked++, hanging()), () => "local")).toBe("local");
    expect(Date.now() - t0).toBeLessThan(200);
    // Redis is not asked again, and no request waits, until a PING sent in the background is answered in time.
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      expect(await guarded(() => (asked++, Promise.resolve("redis")), () => "local")).toBe("local");
      expect(Date.now() - t).toBeLessThan(20);
    }
    expect(asked).toBe(1);
    expect(pings).toBe(0); // not before retryMs
    await new Promise((r) => setTimeout(r, 250));
    expect(await guarded(async () => "redis", () => "local")).toBe("local"); // sends the PING, which hangs
    expect(pings).toBe(1);
    pingAnswers = true;
    await new Promise((r) => setTimeout(r, 250));
    expect(await guarded(async () => "redis", () => "local")).toBe("local"); // this PING is answered
    await new Promise((r) => setTimeout(r, 10));
    expect(pings).toBe(2);
    expect(await guarded(async () => "redis", () => "local")).toBe("redis");
  });

  it("decides locally at once when Redis refuses", async () => {
    const guarded = createRedisGuard(() => Promise.resolve("PONG"), 1000, 300);
    const t0 = Date.now();
    expect(await guarded(() => Promise.reject(new Error("ECONNREFUSED")), () => "local")).toBe("local");
    expect(Date.now() - t0).toBeLessThan(50);
  });
});

const redisReady = await haveRedis();

describe.skipIf(!redisReady)("createMessageLimit in Redis", () => {
  const redis = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  afterAll(() => redis.quit());

  it("decides like the memory version, atomically across callers", async () => {
    await new Promise<void>((resolve) => (redis.status === "ready" ? resolve() : redis.once("ready", () => resolve())));
    const shared = createMessageLimit(redis, OPTS);
    const local = createMessageLimit(undefined, OPTS);
    const key = `test:${randomUUID()}`;
    // Forty at once from two "nodes" sharing Redis: exactly the live window goes through.
    const other = createMessageLimit(redis, OPTS);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? shared : other).decide(key, true)));
    const localAnswers = await Promise.all(Array.from({ length: 40 }, () => local.decide(key, true)));
    expect(answers.filter((a) => a.ok)).toHaveLength(30);
    expect(localAnswers.filter((a) => a.ok)).toHaveLength(30);
    const refused = answers.find((a) => !a.ok);
    expect(refused && !refused.ok && refused.retryMs).toBeGreaterThan(9000);
  });

  it("lets a resend draw on capacity saved up while away, up to the backlog", async () => {
    const limit = createMessageLimit(redis, OPTS);
    const key = `test:${randomUUID()}`;
    expect((await limit.decide(key, false)).ok).toBe(true);
    // As if the author's last send was 20 s ago: 60 messages of capacity saved since, 40 of them resent now.
    const [seconds, micros] = await redis.time();
    const twentySecondsAgo = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 20_000;
    await redis.hset(`kaiwa:rl:send:${key}`, "ws", twentySecondsAgo, "bt", twentySecondsAgo);
    const resent = await Promise.all(Array.from({ length: 40 }, () => limit.decide(key, true)));
    expect(resent.every((a) => a.ok)).toBe(true);
    // What is left in the bank (about 19) and the live window (30, untouched by the resend); then refusals.
    const flood = await Promise.all(Array.from({ length: 100 }, () => limit.decide(key, true)));
    expect(flood.filter((a) => a.ok).length).toBeGreaterThanOrEqual(48);
    expect(flood.filter((a) => a.ok).length).toBeLessThanOrEqual(50);
    expect(Number(await redis.pttl(`kaiwa:rl:send:${key}`))).toBeGreaterThan(3_000_000);
  });
});
