// Real server processes, as dynos: `node --import tsx server/src/index.ts` with its own env and port.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface NodeProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start one server node and resolve once /api/health answers. */
export async function startNode(
  env: Record<string, string>,
  opts: { port?: number; timeoutMs?: number; /** Extra node flags, e.g. --cpu-prof. */ nodeArgs?: string[] } = {},
): Promise<NodeProcess> {
  const port = opts.port ?? (await freePort());
  let output = "";
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", "server/src/index.ts"], {
    cwd: REPO_ROOT,
    // Every simulated visitor of a test or bench comes from 127.0.0.1: the per-address limit on new visitors is lifted
    // unless a test sets it (the limit itself is tested in server/test/security).
    env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "test", APP_STAGE: "test", NEW_VISITOR_RATE_LIMIT: "1000000", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node on ${port} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`node on ${port} did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    child,
    output: () => output,
    stop(signal = "SIGTERM") {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => (clearTimeout(timer), resolve()));
        child.kill(signal);
      });
    },
  };
}
