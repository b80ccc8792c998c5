// `npm run bench` (part 2): how many idle visitor sockets one app node holds and its RSS per socket, next to a
// bare Socket.IO node (same Redis adapter, no app) in the same run. The sockets come from several load-generator
// processes, each on its own loopback address (127.0.0.x), as one process may open at most 20,000 files here.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION } from "@kaiwa/shared";
import { openPostgres, schema } from "../server/src/db/client";
import { openVisitorSession } from "../server/src/domain/visitors/open-visitor-session";
import { freePort, REPO_ROOT, startNode } from "../server/test/support/node-process";
import { createTestDatabase, havePostgres, haveRedis, REDIS_URL } from "../server/test/support/services";

const SOCKETS = Number(process.env.BENCH_IDLE_SOCKETS ?? 15_000);
const PER_PROCESS = 4000;

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Open `auths.length` idle sockets to `url` from several processes; resolve with how many connected. */
async function openIdle(url: string, namespace: string, auths: Record<string, unknown>[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kaiwa-idle-"));
  const children: ChildProcess[] = [];
  const results: Promise<{ connected: number; failed: number }>[] = [];
  for (let i = 0; i * PER_PROCESS < auths.length; i++) {
    const file = path.join(dir, `load-${i}.json`);
    writeFileSync(file, JSON.stringify({ url, namespace, localAddress: `127.0.0.${2 + i}`, auths: auths.slice(i * PER_PROCESS, (i + 1) * PER_PROCESS), concurrency: 25 }));
    const child = spawn(process.execPath, ["--import", "tsx", "bench/idle-load.ts", file], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    results.push(new Promise((resolve) => child.stdout!.once("data", (d) => resolve(JSON.parse(String(d))))));
  }
  const counts = await Promise.all(results);
  return {
    connected: counts.reduce((a, c) => a + c.connected, 0),
    failed: counts.reduce((a, c) => a + c.failed, 0),
    processes: children.length,
    close: () => {
      for (const c of children) c.kill("SIGTERM");
    },
  };
}

async function measure(label: string, pid: number, url: string, namespace: string, auths: Record<string, unknown>[]) {
  await pause(1000);
  const before = rssKb(pid);
  const started = performance.now();
  const load = await openIdle(url, namespace, auths);
  const connectSeconds = (performance.now() - started) / 1000;
  await pause(3000);
  const after = rssKb(pid);
  load.close();
  const result = {
    sockets: load.connected,
    failed: load.failed,
    loadProcesses: load.processes,
    connectPerSecond: Math.round(load.connected / connectSeconds),
    rssBeforeMb: Math.round(before / 1024),
    rssAfterMb: Math.round(after / 1024),
    rssPerSocketKb: Number(((after - before) / load.connected).toFixed(1)),
  };
  console.log(label, JSON.stringify(result));
  return result;
}

async function main() {
  if (!((await havePostgres()) && (await haveRedis()))) {
    console.error("the benchmark needs Postgres and Redis");
    process.exit(1);
  }
  const test = await createTestDatabase();
  const database = await openPostgres({ url: test.url });
  await database.migrate();
  const env = { DATABASE_URL: test.url, REDIS_URL, SERVE_WEB: "false", ADMIN_EMAIL: "bench@example.com", ADMIN_PASSWORD: "bench-password", LOG_LEVEL: "warn" };
  const node = await startNode(env);
  const [site] = await database.db.select().from(schema.sites);
  const siteKey = site!.publicKey;
  // Distinct visitors, as many as sockets (created in-process: the REST call would only measure itself).
  const tokens: string[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (n < SOCKETS) {
        n++;
        tokens.push((await openVisitorSession(database.db, { siteKey })).token);
      }
    }),
  );
  await database.close();
  const port = await freePort();
  const relay = spawn(process.execPath, ["--import", "tsx", "bench/bare-relay.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), REDIS_URL },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => relay.stdout!.once("data", () => resolve()));
  try {
    console.log(`${SOCKETS} idle visitor sockets on one node, from ${Math.ceil(SOCKETS / PER_PROCESS)} load processes`);
    const auths = tokens.map((token) => ({ protocol: PROTOCOL_VERSION, siteKey, token }));
    const app = await measure("app node:", node.child.pid!, node.url, "/visitor", auths);
    const bare = await measure("bare Socket.IO:", relay.pid!, `http://127.0.0.1:${port}`, "/visitor", auths);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      app,
      baseline: { bareSocketIo: bare },
      ratios: { rssPerSocketVsBare: Number((app.rssPerSocketKb / bare.rssPerSocketKb).toFixed(2)) },
    };
    const dir = path.join(REPO_ROOT, "bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `idle-sockets-${result.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  } finally {
    relay.kill("SIGTERM");
    await node.stop();
    await test.drop();
  }
}

await main();
process.exit(0);
