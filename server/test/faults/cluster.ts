// Shared set-up of the fault tests: N real server nodes behind a TCP balancer, dozens of chatting visitors and
// operators, and the final count of what every client holds against what Postgres stored.
import pg from "pg";
import { openPostgres } from "../../src/db/client";
import { startBalancer, type Balancer } from "../support/balancer";
import { ChatClient, allDelivered, deliveryReport, visitorClient, type DeliveryReport } from "../support/chat-client";
import { signInCookie } from "../support/clients";
import { eventually } from "../support/clients";
import { startNode, type NodeProcess } from "../support/node-process";
import { createTestDatabase } from "../support/services";

export const ADMIN = { email: "admin@faults.test", password: "faults-password" };

export interface ClusterOptions {
  /** Admin URL of the Postgres to create the test database in. */
  postgresAdminUrl: string;
  redisUrl: string;
  nodes: number;
  visitors: number;
  operators: number;
  /** Environment for every node, over the defaults (e.g. `MESSAGE_RATE_LIMIT` to test the real limit). */
  env?: Record<string, string>;
  /** Environment of node `index` only, over the rest (e.g. its own `REDIS_URL` through a link that can be cut). */
  nodeEnv?: (index: number) => Record<string, string>;
}

export class Cluster {
  nodes: NodeProcess[] = [];
  balancer!: Balancer;
  clients: ChatClient[] = [];
  conversations: string[] = [];
  siteKeyValue = "";
  private database!: { url: string; drop(): Promise<void> };
  get databaseUrl() {
    return this.database.url;
  }
  private env!: Record<string, string>;

  constructor(private readonly opts: ClusterOptions) {}

  async start() {
    this.database = await createTestDatabase(this.opts.postgresAdminUrl, "kaiwa_faults");
    const db = await openPostgres({ url: this.database.url });
    await db.migrate(); // the release phase
    await db.close();
    this.env = {
      DATABASE_URL: this.database.url,
      REDIS_URL: this.opts.redisUrl,
      SERVE_WEB: "false",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      MESSAGE_RATE_LIMIT: "100000",
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? "error",
      ...this.opts.env,
    };
    // One node first, so the first-run seed happens once; then the others.
    this.nodes.push(await startNode(this.nodeEnvOf(0)));
    this.nodes.push(...(await Promise.all(Array.from({ length: this.opts.nodes - 1 }, (_, i) => startNode(this.nodeEnvOf(i + 1))))));
    this.balancer = await startBalancer(this.nodes.map((n) => n.port));
    const url = this.balancer.url;
    const siteKey = await this.siteKey();
    this.siteKeyValue = siteKey;

    const visitors: ChatClient[] = [];
    for (let i = 0; i < this.opts.visitors; i++) {
      const session = await visitorClient(url, siteKey, `v${i}`);
      const client = new ChatClient({ url, kind: "visitor", siteKey, token: session.token, conversations: [], label: `visitor ${i}` });
      await client.waitConnected();
      const res = await client.socket.timeout(5000).emitWithAck("conversation:start", {});
      if (!res.data) throw new Error(`conversation:start failed: ${JSON.stringify(res)}`);
      client.held.set(res.data.id, []);
      this.conversations.push(res.data.id);
      visitors.push(client);
    }
    const operators: ChatClient[] = [];
    for (let i = 0; i < this.opts.operators; i++) {
      const cookie = await signInCookie(url, ADMIN.email, ADMIN.password);
      const client = new ChatClient({ url, kind: "operator", cookie, conversations: this.conversations, label: `operator ${i}` });
      await client.waitConnected();
      operators.push(client);
    }
    this.clients = [...visitors, ...operators];
  }

  private nodeEnvOf(index: number): Record<string, string> {
    return { ...this.env, ...this.opts.nodeEnv?.(index) };
  }

  /** kill -9 node `index` and start it again on the same port (the balancer sends connections to it again). */
  async restartNode(index: number): Promise<NodeProcess> {
    const old = this.nodes[index]!;
    await old.stop("SIGKILL");
    const node = await startNode(this.nodeEnvOf(index), { port: old.port });
    this.nodes[index] = node;
    return node;
  }

  private async siteKey(): Promise<string> {
    const c = new pg.Client({ connectionString: this.database.url });
    await c.connect();
    try {
      const r = await c.query("select public_key from sites limit 1");
      return r.rows[0].public_key as string;
    } finally {
      await c.end();
    }
  }

  /** Everyone chats: visitors about every `visitorEveryMs`, operators into random conversations. */
  startChatting(visitorEveryMs = 500, operatorEveryMs = 300) {
    for (const c of this.clients) c.start(c.kind === "visitor" ? visitorEveryMs : operatorEveryMs);
  }

  /** Total acknowledged so far (to wait for progress). */
  acknowledged() {
    return this.clients.reduce((a, c) => a + c.stats.acknowledged, 0);
  }

  async waitProgress(more: number, label: string, ms = 20_000) {
    const target = this.acknowledged() + more;
    await eventually(() => this.acknowledged() >= target, label, ms);
  }

  /** Stop chatting, wait for the last acks and for every client to show everything, then count. */
  async finish(ms = 30_000): Promise<DeliveryReport> {
    await Promise.all(this.clients.map((c) => c.stop()));
    try {
      await eventually(() => this.clients.every((c) => c.connected) && allDelivered(this.clients), "every client shows every acknowledged message", ms);
    } catch {
      // counted as lost below
    }
    const c = new pg.Client({ connectionString: this.database.url });
    await c.connect();
    const rows = (
      await c.query(`select id, conversation_id as "conversationId", client_id as "clientId", seq from messages`)
    ).rows as { id: string; conversationId: string; clientId: string; seq: number }[];
    const gaps = (
      await c.query(`select conversation_id, count(*)::int as n, max(seq) as max from messages group by conversation_id having count(*) <> max(seq)`)
    ).rows;
    await c.end();
    const report = deliveryReport(this.clients, rows);
    return { ...report, seqGapsInPostgres: gaps.length } as DeliveryReport & { seqGapsInPostgres: number };
  }

  /** A new visitor (through the balancer) who starts a conversation and says one thing; joins `clients`. */
  async newVisitorConversation(label: string): Promise<ChatClient> {
    const session = await visitorClient(this.balancer.url, this.siteKeyValue, label);
    const client = new ChatClient({ url: this.balancer.url, kind: "visitor", siteKey: this.siteKeyValue, token: session.token, conversations: [], label });
    await client.waitConnected();
    for (;;) {
      const res = await client.socket.timeout(5000).emitWithAck("conversation:start", {}).catch(() => ({}));
      if (res.data) {
        client.held.set(res.data.id, []);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await client.send([...client.held.keys()][0]!, `${label} says hello`);
    this.clients.push(client);
    return client;
  }

  /** Operators whose conversation list differs from Postgres (id, status or lastSeq), as "label: what". */
  async inboxDifferences(): Promise<string[]> {
    const c = new pg.Client({ connectionString: this.database.url });
    await c.connect();
    const rows = (await c.query(`select id, status, last_seq as "lastSeq" from conversations`)).rows as { id: string; status: string; lastSeq: number }[];
    await c.end();
    const out: string[] = [];
    for (const op of this.clients.filter((x) => x.kind === "operator")) {
      for (const row of rows) {
        const seen = op.inbox.get(row.id);
        if (!seen) out.push(`${op.label}: missing ${row.id}`);
        else if (seen.status !== row.status || seen.lastSeq !== Number(row.lastSeq))
          out.push(`${op.label}: ${row.id} shows ${seen.status}/${seen.lastSeq}, stored ${row.status}/${row.lastSeq}`);
      }
    }
    return out;
  }

  async close() {
    for (const c of this.clients) c.close();
    await Promise.all(this.nodes.map((n) => n.stop("SIGKILL")));
    await this.balancer?.close();
    await this.database?.drop();
  }
}


