// kill -9 one of three nodes while dozens of visitors and operators chat: its clients reconnect to the others
// within 5 s, and afterwards every client shows exactly the acknowledged messages, once each, in seq order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/clients";
import { havePostgres, haveRedis, POSTGRES_ADMIN_URL, REDIS_URL } from "../support/services";
import { Cluster } from "./cluster";

const ready = (await havePostgres()) && (await haveRedis());

describe.skipIf(!ready)("kill -9 one node of three", () => {
  const cluster = new Cluster({ postgresAdminUrl: POSTGRES_ADMIN_URL, redisUrl: REDIS_URL, nodes: 3, visitors: 24, operators: 6 });
  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.close());

  it("loses nothing, duplicates nothing, and its clients move within 5 s", async () => {
    cluster.startChatting();
    await cluster.waitProgress(150, "chatting before the fault");
    const victim = cluster.nodes[1]!;
    const onVictim = cluster.balancer.websockets().get(victim.port) ?? 0;
    expect(onVictim).toBeGreaterThan(0);
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await eventually(() => cluster.clients.some((c) => c.disconnectedAt !== null), "its clients notice", 5000);
    await eventually(() => cluster.clients.every((c) => c.connected), "every client is connected again", 10_000);
    const moved = cluster.clients.filter((c) => c.reconnectMs.length > 0);
    const slowest = Math.max(...moved.flatMap((c) => c.reconnectMs));
    await cluster.waitProgress(150, "chatting after the fault");
    const report = await cluster.finish();
    console.log("kill -9:", JSON.stringify({ onVictim, moved: moved.length, slowestReconnectMs: slowest, sinceKillMs: Date.now() - killedAt, ...report }));
    expect(moved.length).toBeGreaterThanOrEqual(onVictim);
    expect(slowest).toBeLessThan(5000);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 90_000);
});
