// One load-generator process for bench/idle-sockets.ts: opens idle visitor sockets from one loopback address
// (a process may hold at most 20,000 files here) and keeps them open until killed.
import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";

const { url, namespace, localAddress, auths, concurrency } = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as {
  url: string;
  namespace: string;
  localAddress: string;
  auths: Record<string, unknown>[];
  concurrency: number;
};
const sockets: Socket[] = [];
let failed = 0;
let next = 0;
async function worker() {
  while (next < auths.length) {
    const auth = auths[next++]!;
    await new Promise<void>((resolve) => {
      const s = io(`${url}${namespace}`, { auth, transports: ["websocket"], forceNew: true, reconnection: false, localAddress } as never);
      s.once("connect", () => (sockets.push(s), resolve()));
      s.once("connect_error", () => (failed++, s.close(), resolve()));
    });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${JSON.stringify({ connected: sockets.length, failed })}\n`);
process.on("SIGTERM", () => process.exit(0));
setInterval(() => {}, 1 << 30);
