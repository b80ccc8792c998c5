// A visitor whose network drops for 20 s keeps writing, two messages a second, as the widget lets them; on return the
// widget sends the 40 held messages at once (to whichever node the balancer picks). They must all go through, at
// once, under the real message limit, shared by two nodes through Redis, while that limit still holds for floods:
// a live burst, a fresh visitor's burst and a reconnecting visitor's burst each get no more than they may.
import { randomUUID } from "node:crypto";
import { ErrorCodes, type Message, type Result } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatClient } from "../support/chat-client";
import { eventually } from "../support/clients";
import { haveRedisServer, startPrivateRedis, type PrivateRedis } from "../support/private-services";
import { havePostgres, POSTGRES_ADMIN_URL } from "../support/services";
import { Cluster } from "./cluster";

const isCI = process.env.CI === "true" || process.env.CI === "1";
const redisServer = haveRedisServer();
if (!redisServer) {
  if (isCI) throw new Error("CI=true and no redis-server binary to start a private Redis");
  console.warn("\n!!! SKIPPING the offline-backlog test: no redis-server binary (apt-get install redis-server)\n");
}
const ready = (await havePostgres()) && redisServer;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIMIT = 30; // MESSAGE_RATE_LIMIT, per 10 s

/**
 * The widget's outbox in small: a message written offline waits; every connect sends all waiting ones at once, each
 * with its clientId; a retryable refusal is sent again after the wait it states. Acks are recorded on `client`, which
 * also shows what arrives (pushes, syncs), so the delivery report counts these messages like every other.
 */
class Outbox {
  readonly waiting = new Map<string, string>();
  readonly refusals: Record<string, number> = {};
  private readonly inFlight = new Set<string>();
  constructor(
    private readonly client: ChatClient,
    private readonly conversationId: string,
  ) {
    client.socket.on("connect", () => {
      for (const id of this.waiting.keys()) void this.deliver(id);
    });
  }

  write(body: string) {
    const clientId = randomUUID();
    this.client.stats.sent++;
    this.client.pending.add(clientId);
    this.waiting.set(clientId, body);
    void this.deliver(clientId);
  }

  private async deliver(clientId: string): Promise<void> {
    const body = this.waiting.get(clientId);
    if (body === undefined || this.inFlight.has(clientId) || !this.client.socket.connected) return;
    this.inFlight.add(clientId);
    this.client.stats.attempts++;
    let res: Result<Message>;
    try {
      res = await this.client.socket.timeout(5000).emitWithAck("message:send", { conversationId: this.conversationId, clientId, body });
    } catch {
      res = { error: { code: ErrorCodes.UNAVAILABLE, message: "no ack" } };
    } finally {
      this.inFlight.delete(clientId);
    }
    if (res.data) {
      this.waiting.delete(clientId);
      this.client.pending.delete(clientId);
      if (!this.client.acked.has(clientId)) this.client.stats.acknowledged++;
      this.client.acked.set(clientId, res.data);
      void this.client.sync(this.conversationId);
      return;
    }
    const code = res.error!.code;
    this.refusals[code] = (this.refusals[code] ?? 0) + 1;
    const waitS = Number(/wait (\d+) s/.exec(res.error!.message)?.[1] ?? 0.2);
    setTimeout(() => void this.deliver(clientId), waitS * 1000);
  }
}

/** `n` sends at once from `client` into its conversation; the acknowledged ones are recorded, the refused dropped. */
async function flood(client: ChatClient, n: number): Promise<{ acked: number; limited: number }> {
  const conversationId = [...client.held.keys()][0]!;
  const answers = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const clientId = randomUUID();
      const res: Result<Message> = await client.socket.timeout(10_000).emitWithAck("message:send", { conversationId, clientId, body: `flood ${i}` });
      if (res.data) {
        client.stats.sent++;
        client.stats.acknowledged++;
        client.acked.set(clientId, res.data);
      }
      return res;
    }),
  );
  void client.sync(conversationId);
  return { acked: answers.filter((a) => a.data).length, limited: answers.filter((a) => a.error?.code === ErrorCodes.RATE_LIMITED).length };
}

async function reconnect(client: ChatClient) {
  client.socket.disconnect();
  client.socket.connect();
  await client.waitConnected();
}

describe.skipIf(!ready)("a visitor back after 20 s offline with 40 messages written", () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    cluster = new Cluster({
      postgresAdminUrl: POSTGRES_ADMIN_URL,
      redisUrl: redis.url,
      nodes: 2,
      visitors: 5,
      operators: 2,
      env: { MESSAGE_RATE_LIMIT: String(LIMIT) },
    });
    await cluster.start();
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it("sends the backlog at once on return, and still refuses floods", async () => {
    const [writer, liveFlooder, reconnectFlooder] = cluster.clients;
    const others = cluster.clients.filter((c) => c !== writer && c !== liveFlooder && c !== reconnectFlooder);
    for (const c of others) c.start(c.kind === "visitor" ? 500 : 1000); // within the limit
    liveFlooder!.start(500);
    reconnectFlooder!.start(500);

    const outbox = new Outbox(writer!, [...writer!.held.keys()][0]!);
    // Two messages a second.
    const write = async (n: number) => {
      for (let i = 0; i < n; i++, await pause(500)) outbox.write(`written at ${new Date().toISOString()}`);
    };
    await write(6);
    writer!.socket.disconnect(); // the network drops; the visitor goes on writing for 20 s
    await write(40);
    const held = outbox.waiting.size;
    writer!.socket.connect();
    const backAt = Date.now();
    await eventually(() => outbox.waiting.size === 0, "the backlog is acknowledged", 25_000);
    const drainMs = Date.now() - backAt;
    await write(6); // and goes on writing, live

    // Floods: a visitor connected for a long while (live), the same after a reconnect, and a brand-new visitor.
    await Promise.all([liveFlooder!.stop(), reconnectFlooder!.stop()]);
    const live = await flood(liveFlooder!, 100);
    await reconnect(reconnectFlooder!);
    const afterReconnect = await flood(reconnectFlooder!, 300);
    await reconnect(reconnectFlooder!);
    const againAfterReconnect = await flood(reconnectFlooder!, 100);
    const newcomer = await cluster.newVisitorConversation("newcomer");
    const fresh = await flood(newcomer, 100);

    await eventually(() => outbox.waiting.size === 0, "the live messages are acknowledged", 10_000);
    const report = await cluster.finish();
    console.log(
      "Offline backlog:",
      JSON.stringify({ held, drainMs, refusals: outbox.refusals, floods: { live, afterReconnect, againAfterReconnect, fresh }, ...report }),
    );
    expect(held).toBe(40);
    // Every message written offline went through at once: none refused, none waiting for a limit to pass.
    expect(outbox.refusals).toEqual({});
    expect(drainMs).toBeLessThan(3000);
    // No new hole: a live burst gets the live limit, a fresh visitor no more, a reconnect at most the backlog it
    // saved up (four times the limit) with the live window, and a second reconnect right after no backlog at all:
    // at most the live window again, if a new one began meanwhile.
    expect(live.acked).toBeLessThanOrEqual(LIMIT);
    expect(fresh.acked).toBeLessThanOrEqual(LIMIT);
    expect(afterReconnect.acked).toBeLessThanOrEqual(LIMIT * 5);
    expect(againAfterReconnect.acked).toBeLessThanOrEqual(LIMIT);
    expect(afterReconnect.acked + againAfterReconnect.acked).toBeLessThanOrEqual(LIMIT * 6);
    expect(live.limited + fresh.limited + afterReconnect.limited + againAfterReconnect.limited).toBe(
      600 - live.acked - fresh.acked - afterReconnect.acked - againAfterReconnect.acked,
    );
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misordered: 0, unacknowledged: 0, seqGapsInPostgres: 0 });
    expect(report.acknowledged).toBe(report.sent);
  }, 120_000);
});
