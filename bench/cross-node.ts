// `npm run bench`: two app nodes on real Postgres and Redis, visitors on node A, operators on node B.
// Measures cross-node latency at a fixed rate and acknowledged messages per second at saturation, and in the
// same run two limits: a bare Socket.IO relay on the same Redis adapter, and raw single-row INSERT commits.
// Results are printed and written to bench/results/<time>.json. Loopback only; bounded in time.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROTOCOL_VERSION, type Message } from "@kaiwa/shared";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { openPostgres, schema } from "../server/src/db/client";
import { connectOperator, connectVisitor, request, signInCookie } from "../server/test/support/clients";
import { freePort, REPO_ROOT, startNode } from "../server/test/support/node-process";
import { createTestDatabase, havePostgres, haveRedis, REDIS_URL } from "../server/test/support/services";

const VISITORS = Number(process.env.BENCH_VISITORS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SAT_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? 5);
const ADMIN = { email: "bench@example.com", password: "bench-password" };
/** BENCH_SPREAD=1: half the visitors on each node and an operator on each; latency is still measured at the operator on the other node. */
const SPREAD = process.env.BENCH_SPREAD === "1";

interface Target {
  visitors: { socket: Socket; conversationId: string; node: number }[];
  /** Operators and the node (0 = A, 1 = B) each is on; a message counts where it crossed nodes. */
  operators: { socket: Socket; node: number }[];
}

/** Listen for message:new at every operator, calling `on` only for messages sent from the other node. */
function onCrossNode(t: Target, sentFrom: Map<string, number>, on: (m: Message) => void) {
  const handlers = t.operators.map((op) => {
    const h = (m: Message) => {
      const from = sentFrom.get(m.clientId);
      if (from !== undefined && from !== op.node) on(m);
    };
    op.socket.on("message:new", h);
    return () => op.socket.off("message:new", h);
  });
  return () => {
    for (const off of handlers) off();
  };
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return null;
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}

/** Send at a fixed total rate, round robin over the visitors; latency is send to receipt on the other node. */
async function fixedRate(t: Target, rate: number, seconds: number) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  let duplicated = 0;
  let acked = 0;
  let failed = 0;
  const sentFrom = new Map<string, number>();
  const off = onCrossNode(t, sentFrom, (m: Message) => {
    if (seen.has(m.clientId)) return void duplicated++;
    seen.add(m.clientId);
    const t0 = sentAt.get(m.clientId);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  });
  const total = rate * seconds;
  const tickMs = 10;
  const perTick = rate / (1000 / tickMs);
  let sent = 0;
  let owed = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      owed += perTick;
      while (owed >= 1 && sent < total) {
        owed -= 1;
        const v = t.visitors[sent % t.visitors.length]!;
        const clientId = randomUUID();
        sentAt.set(clientId, performance.now());
        sentFrom.set(clientId, v.node);
        sent++;
        v.socket
          .timeout(30_000)
          .emitWithAck("message:send", { conversationId: v.conversationId, clientId, body: `bench ${sent}` })
          .then((r: { data?: unknown }) => (r.data ? acked++ : failed++), () => failed++);
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  const sendSeconds = (performance.now() - start) / 1000;
  const deadline = Date.now() + 10_000;
  while ((acked + failed < sent || seen.size < acked) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  off();
  latencies.sort((a, b) => a - b);
  return {
    rateTarget: rate,
    rateAchieved: Number((sent / sendSeconds).toFixed(1)),
    sent,
    acked,
    failed,
    received: seen.size,
    lost: acked - [...sentAt.keys()].filter((k) => seen.has(k)).length,
    duplicated,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
  };
}

/** Every visitor sends its next message as soon as the previous one is acknowledged. */
async function saturation(t: Target, seconds: number) {
  let acked = 0;
  let received = 0;
  const sentFrom = new Map<string, number>();
  const off = onCrossNode(t, sentFrom, () => void received++);
  const stopAt = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    t.visitors.map(async (v) => {
      while (performance.now() < stopAt) {
        const clientId = randomUUID();
        sentFrom.set(clientId, v.node);
        const r = await v.socket
          .timeout(30_000)
          .emitWithAck("message:send", { conversationId: v.conversationId, clientId, body: "saturation" })
          .catch(() => ({}));
        if ((r as { data?: unknown }).data) acked++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  off();
  return { seconds: Number(elapsed.toFixed(2)), acked, ackedPerSecond: Math.round(acked / elapsed), fannedOutPerSecond: Math.round(received / elapsed) };
}

/** Raw single-row INSERT commits with as many connections as an app node's pool, closed loop. */
async function insertBaseline(url: string, seconds: number, connections = 10) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  await pool.query("create table bench_insert (id bigserial primary key, conversation_id uuid, body text, created_at timestamptz default now())");
  let commits = 0;
  const stopAt = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        await pool.query("insert into bench_insert (conversation_id, body) values ($1, $2)", [randomUUID(), "baseline"]);
        commits++;
      }
    }),
  );
  await pool.query("drop table bench_insert");
  await pool.end();
  return { connections, commitsPerSecond: Math.round(commits / seconds) };
}

async function connectApp(nodeA: string, nodeB: string, siteKey: string): Promise<Target> {
  const visitors = await Promise.all(
    Array.from({ length: VISITORS }, async (_, i) => {
      const node = SPREAD ? i % 2 : 0;
      const { socket } = await connectVisitor(node === 0 ? nodeA : nodeB, siteKey);
      const conv = await request(socket, "conversation:start", {});
      return { socket: socket as unknown as Socket, conversationId: conv.data.id as string, node };
    }),
  );
  const operators = [];
  for (const [node, url] of (SPREAD ? [[1, nodeB], [0, nodeA]] : [[1, nodeB]]) as [number, string][]) {
    operators.push({ socket: (await connectOperator(url, await signInCookie(url, ADMIN.email, ADMIN.password))) as unknown as Socket, node });
  }
  return { visitors, operators };
}

async function connectBare(relayA: string, relayB: string): Promise<Target> {
  const connect = (url: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(url, { transports: ["websocket"], forceNew: true, auth: { protocol: PROTOCOL_VERSION } });
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });
  const visitors = await Promise.all(
    Array.from({ length: VISITORS }, async (_, i) => {
      const node = SPREAD ? i % 2 : 0;
      return { socket: await connect(`${node === 0 ? relayA : relayB}/visitor`), conversationId: randomUUID(), node };
    }),
  );
  const operators = [{ socket: await connect(`${relayB}/operator`), node: 1 }];
  if (SPREAD) operators.push({ socket: await connect(`${relayA}/operator`), node: 0 });
  return { visitors, operators };
}

async function startRelay(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-relay.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), REDIS_URL },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

function close(t: Target) {
  for (const v of t.visitors) v.socket.disconnect();
  for (const op of t.operators) op.socket.disconnect();
}

async function main() {
  if (!((await havePostgres()) && (await haveRedis()))) {
    console.error("the benchmark needs Postgres and Redis");
    process.exit(1);
  }
  const test = await createTestDatabase();
  const database = await openPostgres({ url: test.url });
  await database.migrate();
  const env = {
    DATABASE_URL: test.url,
    REDIS_URL,
    SERVE_WEB: "false",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    MESSAGE_RATE_LIMIT: "1000000",
    DATABASE_POOL_MAX: "10",
  };
  // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each app node there when it stops.
  const nodeArgs = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const nodes = await Promise.all([startNode(env, { nodeArgs }), startNode(env, { nodeArgs })]);
  const [site] = await database.db.select().from(schema.sites);
  await database.close();
  const relays = await Promise.all([startRelay(), startRelay()]);
  try {
    console.log(`${SPREAD ? `${VISITORS} visitors and an operator spread over nodes A and B` : `${VISITORS} visitors on node A, 1 operator on node B`}; ${RATE} msg/s for ${SECONDS} s, then saturation for ${SAT_SECONDS} s`);
    const bare = await connectBare(relays[0]!.url, relays[1]!.url);
    const bareFixed = await fixedRate(bare, RATE, SECONDS);
    const bareSat = await saturation(bare, SAT_SECONDS);
    close(bare);

    const app = await connectApp(nodes[0]!.url, nodes[1]!.url, site!.publicKey);
    const appFixed = await fixedRate(app, RATE, SECONDS);
    const appSat = await saturation(app, SAT_SECONDS);
    close(app);

    const inserts = await insertBaseline(test.url, SAT_SECONDS);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
      params: { visitors: VISITORS, rate: RATE, seconds: SECONDS, saturationSeconds: SAT_SECONDS, spread: SPREAD },
      app: { fixedRate: appFixed, saturation: appSat },
      baseline: { bareSocketIoRelay: { fixedRate: bareFixed, saturation: bareSat }, postgresInsertCommits: inserts },
      ratios: {
        saturationVsBareRelay: Number((appSat.ackedPerSecond / bareSat.ackedPerSecond).toFixed(3)),
        saturationVsInsertCommits: Number((appSat.ackedPerSecond / inserts.commitsPerSecond).toFixed(3)),
      },
    };
    const dir = path.join(REPO_ROOT, "bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `cross-node-${result.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  } finally {
    for (const r of relays) r.stop();
    await Promise.all(nodes.map((n) => n.stop()));
    await test.drop();
  }
}

await main();
process.exit(0);
