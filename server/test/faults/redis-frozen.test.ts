// Redis frozen with SIGSTOP for 8 s under three nodes: it keeps every connection open and answers nothing, so a
// node that waits for it waits for as long as the freeze lasts. Postgres alone decides whether a message is stored:
// no send may wait on Redis, every ack comes within a second, and afterwards every client shows every message once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveRedisServer, startPrivateRedis, type PrivateRedis } from "../support/private-services";
import { havePostgres, POSTGRES_ADMIN_URL } from "../support/services";
import { Cluster } from "./cluster";

const isCI = process.env.CI === "true" || process.env.CI === "1";
const redisServer = haveRedisServer();
if (!redisServer) {
  if (isCI) throw new Error("CI=true and no redis-server binary to start a private Redis");
  console.warn("\n!!! SKIPPING the frozen-Redis test: no redis-server binary (apt-get install redis-server)\n");
}
const ready = (await havePostgres()) && redisServer;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)("Redis frozen (SIGSTOP) for 8 s under three nodes", () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    cluster = new Cluster({ postgresAdminUrl: POSTGRES_ADMIN_URL, redisUrl: redis.url, nodes: 3, visitors: 15, operators: 3 });
    await cluster.start();
  }, 90_000);
  afterAll(async () => {
    redis?.thaw();
    await cluster?.close();
    await redis?.stop();
  });

  it("acknowledges every send within a second while Redis hangs, and loses nothing", async () => {
    // How long each message took from the first emit to its ack, retries included.
    const sends: { startedAt: number; ms: number }[] = [];
    for (const c of cluster.clients) {
      const send = c.send.bind(c);
      c.send = async (conversationId, body, giveUpMs) => {
        const startedAt = Date.now();
        const stored = await send(conversationId, body, giveUpMs);
        sends.push({ startedAt, ms: Date.now() - startedAt });
        return stored;
      };
    }
    cluster.startChatting();
    await cluster.waitProgress(100, "chatting before the freeze");
    redis.freeze();
    const frozenAt = Date.now();
    await pause(8000);
    const thawedAt = Date.now();
    redis.thaw();
    await cluster.waitProgress(100, "chatting after the freeze");
    const report = await cluster.finish();
    // Every send that was waiting for its ack at some moment of the freeze.
    const duringFreeze = sends.filter((s) => s.startedAt < thawedAt && s.startedAt + s.ms > frozenAt);
    const slowestMs = Math.max(...duringFreeze.map((s) => s.ms));
    const overOneSecond = duringFreeze.filter((s) => s.ms > 1000).length;
    // For comparison: the same sends while Redis answered (what this machine's load alone costs).
    const slowestBeforeMs = Math.max(...sends.filter((s) => s.startedAt + s.ms < frozenAt).map((s) => s.ms));
    console.log(
      "Redis frozen:",
      JSON.stringify({ frozenMs: thawedAt - frozenAt, sendsDuringFreeze: duringFreeze.length, slowestMs, overOneSecond, slowestBeforeMs, ...report }),
    );
    // Under 1 s; on a machine so loaded that sends took longer than that before the freeze, no slower than those were
    // (a send held by the hung Redis waits the whole freeze, 8 s).
    expect(slowestMs).toBeLessThan(Math.max(1000, slowestBeforeMs + 250));
    expect(duringFreeze.length).toBeGreaterThan(100);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 120_000);
});
