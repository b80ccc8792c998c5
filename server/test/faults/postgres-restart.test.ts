// Postgres (a private cluster on its own port) stopped for a few seconds and started again under chatting
// clients: sends during the outage fail quickly with the retryable UNAVAILABLE, the clients retry with the same
// clientId, the nodes stay up, and in the end nothing is lost or stored twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/clients";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "../support/private-services";
import { haveRedis, REDIS_URL } from "../support/services";
import { Cluster } from "./cluster";

const ready = await haveRedis();
const isCI = process.env.CI === "true" || process.env.CI === "1";
const binaries = postgresBinDir() !== null;
if (!binaries) {
  if (isCI) throw new Error("CI=true and no Postgres binaries in /usr/lib/postgresql/*/bin");
  console.warn("\n!!! SKIPPING the Postgres restart test: no Postgres binaries in /usr/lib/postgresql/*/bin\n");
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready || !binaries)("Postgres restarted under two nodes", () => {
  let postgres: PrivatePostgres;
  let cluster: Cluster;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    cluster = new Cluster({ postgresAdminUrl: postgres.url, redisUrl: REDIS_URL, nodes: 2, visitors: 24, operators: 6 });
    await cluster.start();
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
    await postgres?.destroy();
  });

  it("answers UNAVAILABLE during the outage, then stores every retried send once", async () => {
    cluster.startChatting();
    await cluster.waitProgress(100, "chatting before the restart");
    const unavailable = () => cluster.clients.reduce((a, c) => a + (c.stats.errors.UNAVAILABLE ?? 0), 0);
    const unavailableBefore = unavailable();
    await postgres.stop();
    const ackedAtStop = cluster.acknowledged();
    await eventually(() => unavailable() > unavailableBefore + 20, "sends are refused with UNAVAILABLE", 10_000);
    await pause(4000);
    const ackedDuringOutage = cluster.acknowledged() - ackedAtStop;
    await postgres.start();
    await cluster.waitProgress(150, "sends are acknowledged again (the pool reconnects)", 30_000);
    await eventually(() => cluster.clients.every((c) => c.connected), "every client is connected", 10_000);
    const report = await cluster.finish();
    for (const node of cluster.nodes) expect(node.child.exitCode, node.output()).toBeNull(); // no node crashed
    console.log("Postgres restart:", JSON.stringify({ ackedDuringOutage, unavailable: unavailable() - unavailableBefore, ...report }));
    expect(report.errors.INTERNAL ?? 0).toBe(0);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 120_000);
});
