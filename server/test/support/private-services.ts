// Redis and Postgres instances of a test's own, on their own ports, for tests that stop them. The shared
// services on 6379 and 5432 are never touched.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./node-process";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitPort(port: number, up: boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port });
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not go ${up ? "up" : "down"}`);
    await pause(50);
  }
}

/** True when `redis-server` can be started here (the tests that stop Redis need their own). */
export function haveRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: Redis keeps its connections open and answers nothing (a hung server, not a refused one). */
  freeze(): void;
  /** SIGCONT after `freeze()`: Redis answers everything it was sent meanwhile. */
  thaw(): void;
}

/** `redis-server` on a free port, without persistence; `stop()` and `start()` it again on the same port, or `freeze()` it. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitPort(port, true);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    freeze: () => void child?.kill("SIGSTOP"),
    thaw: () => void child?.kill("SIGCONT"),
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => (c.once("exit", () => resolve()), c.kill("SIGKILL")));
      await waitPort(port, false);
    },
  };
}

export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(path.join(root, v, "bin", "pg_ctl"))) return path.join(root, v, "bin");
  return null;
}

export interface PrivatePostgres {
  /** Admin URL (database `postgres`, user `postgres`, trust auth). */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A throw-away Postgres cluster (initdb as the `postgres` user, as root runs the tests on this machine). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no Postgres binaries in /usr/lib/postgresql/*/bin");
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "kaiwa-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"]).stdout.toString().trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"]).stdout.toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const r = asRoot ? spawnSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]) : spawnSync(path.join(bin, cmd), args);
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString()}${r.stdout?.toString()}`);
  };
  run("initdb", ["-D", dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async () => {
    run("pg_ctl", ["-D", dir, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"]);
    await waitPort(port, true);
  };
  const stop = async () => {
    run("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]);
    await waitPort(port, false);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      try {
        run("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Link {
  /** `127.0.0.1:<port>` of the link's own end. */
  port: number;
  /** Close every connection through the link and refuse new ones (they are accepted and closed at once). */
  cut(): void;
  /** Let connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP link to `targetPort` that a test can cut, as a network partition between one node and a service that the
 * other nodes still reach (give that node `redis://127.0.0.1:<link.port>` instead of the service's own port).
 */
export async function startLink(targetPort: number): Promise<Link> {
  let isCut = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (isCut) return void client.destroy();
    const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
    upstream.setNoDelay(true);
    upstream.on("error", () => {});
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      isCut = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    async close() {
      isCut = true;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
