// SIGTERM to a node, as Heroku does on every restart: it stops taking connections, finishes the sends already
// running (their acks arrive), tells its clients to reconnect elsewhere, and exits well within 30 s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { connectVisitor, eventually, request } from "../support/clients";
import { havePostgres, haveRedis, POSTGRES_ADMIN_URL, REDIS_URL } from "../support/services";
import { Cluster } from "./cluster";

const ready = (await havePostgres()) && (await haveRedis());

describe.skipIf(!ready)("SIGTERM to one node of three", () => {
  const cluster = new Cluster({ postgresAdminUrl: POSTGRES_ADMIN_URL, redisUrl: REDIS_URL, nodes: 3, visitors: 24, operators: 6 });
  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.close());

  it("drains, moves its clients and exits within 30 s with nothing lost", async () => {
    cluster.startChatting();
    await cluster.waitProgress(150, "chatting before the restart");
    const node = cluster.nodes[0]!;
    const onNode = cluster.balancer.websockets().get(node.port) ?? 0;
    expect(onNode).toBeGreaterThan(0);
    const sendTimeouts = () => cluster.clients.reduce((a, c) => a + (c.stats.errors["TIMEOUT:send"] ?? 0), 0);
    const timeoutsBefore = sendTimeouts();
    // A send held up in Postgres (a test transaction locks its conversation row) is running when SIGTERM comes.
    const probe = await connectVisitor(node.url, cluster.siteKeyValue);
    const conversation = (await request(probe.socket, "conversation:start", {})).data;
    const locker = new pg.Client({ connectionString: cluster.databaseUrl });
    await locker.connect();
    await locker.query("begin");
    await locker.query("select 1 from conversations where id = $1 for update", [conversation.id]);
    const held = request(probe.socket, "message:send", { conversationId: conversation.id, clientId: "held-up-send-1", body: "in flight" }, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // the send reaches the node and waits on the lock
    let probeAckAt = 0;
    void held.then(() => (probeAckAt = Date.now()));
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      node.child.once("exit", (code) => resolve({ code, ms: Date.now() - t0 }));
    });
    node.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    await locker.query("commit");
    await locker.end();
    const { code, ms } = await exited;
    const probeAck = await held;
    const exitAt = Date.now();
    probe.socket.disconnect();
    await eventually(() => cluster.clients.every((c) => c.connected), "every client is connected again", 10_000);
    const moved = cluster.clients.filter((c) => c.reconnectMs.length > 0);
    await cluster.waitProgress(150, "chatting after the restart");
    const report = await cluster.finish();
    const timeouts = sendTimeouts() - timeoutsBefore;
    console.log("SIGTERM:", JSON.stringify({ onNode, moved: moved.length, exitCode: code, exitMs: ms, ackTimeouts: timeouts, ...report }));
    expect(probeAck.data).toMatchObject({ seq: 1, body: "in flight" }); // the running send finished and was acked
    expect(probeAckAt).toBeGreaterThan(0);
    expect(probeAckAt).toBeLessThanOrEqual(exitAt);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(30_000);
    expect(moved.length).toBeGreaterThanOrEqual(onNode);
    // Acks of the sends that were running arrived: no client waited in vain for one.
    expect(timeouts).toBe(0);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 90_000);
});
