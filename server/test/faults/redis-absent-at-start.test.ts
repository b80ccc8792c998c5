// A node that starts while it cannot reach Redis hears none of the other nodes' pushes, though its clients connect
// and sync. Node B is cut from Redis (the other node still reaches it), killed with -9 and started again while still
// cut; clients move to it and chat. When the link returns, B must make its clients catch up exactly as after losing
// Redis: the chat has stopped by then, so no new message reveals a gap, and only B asking them to resync can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allDelivered } from "../support/chat-client";
import { eventually } from "../support/clients";
import { haveRedisServer, startLink, startPrivateRedis, type Link, type PrivateRedis } from "../support/private-services";
import { havePostgres, POSTGRES_ADMIN_URL } from "../support/services";
import { Cluster } from "./cluster";

const isCI = process.env.CI === "true" || process.env.CI === "1";
const redisServer = haveRedisServer();
if (!redisServer) {
  if (isCI) throw new Error("CI=true and no redis-server binary to start a private Redis");
  console.warn("\n!!! SKIPPING the Redis-absent-at-start test: no redis-server binary (apt-get install redis-server)\n");
}
const ready = (await havePostgres()) && redisServer;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)("a node started while cut from Redis", () => {
  let redis: PrivateRedis;
  let link: Link;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    link = await startLink(redis.port);
    cluster = new Cluster({
      postgresAdminUrl: POSTGRES_ADMIN_URL,
      redisUrl: redis.url,
      nodes: 2,
      visitors: 12,
      operators: 4,
      nodeEnv: (i): Record<string, string> => (i === 1 ? { REDIS_URL: `redis://127.0.0.1:${link.port}` } : {}),
    });
    await cluster.start();
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
    await link?.close();
    await redis?.stop();
  });

  it("makes its clients catch up when the link returns, and loses nothing", async () => {
    const reasons: string[] = [];
    for (const c of cluster.clients) c.socket.on("disconnect", (reason) => reasons.push(reason));
    cluster.startChatting();
    await cluster.waitProgress(60, "chatting with both nodes on Redis");

    link.cut();
    const b = await cluster.restartNode(1); // kill -9, then a fresh start that never reaches Redis
    await eventually(() => cluster.clients.every((c) => c.connected), "every client is connected again", 10_000);
    // One at a time through the round-robin balancer: every other client lands on B, connects and syncs there.
    for (const c of cluster.clients) {
      c.socket.disconnect();
      c.socket.connect();
      await c.waitConnected();
    }
    const onB = cluster.balancer.websockets().get(b.port) ?? 0;
    expect(onB).toBeGreaterThanOrEqual(Math.floor(cluster.clients.length / 2) - 1);
    await cluster.waitProgress(80, "chatting while B has never had Redis");
    await Promise.all(cluster.clients.map((c) => c.stop()));
    // B's clients missed what A's clients said (and A's clients what B queued for Redis).
    expect(allDelivered(cluster.clients)).toBe(false);

    const reasonsBefore = reasons.length;
    link.restore();
    const restoredAt = Date.now();
    await eventually(
      () => cluster.clients.every((c) => c.connected) && allDelivered(cluster.clients),
      "every client shows every acknowledged message after the link returned",
      15_000,
    );
    const catchUpMs = Date.now() - restoredAt;
    await pause(200);
    const report = await cluster.finish();
    const restoreReasons = reasons.slice(reasonsBefore);
    console.log("Redis absent at start:", JSON.stringify({ onB, catchUpMs, resyncDisconnects: restoreReasons.length, ...report }));
    // Asked to reconnect elsewhere, never told "signed out": a client following protocol.md reconnects by itself.
    expect(restoreReasons.length).toBeGreaterThan(0);
    expect(restoreReasons.filter((r) => r === "io server disconnect")).toEqual([]);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 120_000);
});
