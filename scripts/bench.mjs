// `npm run bench`: run every benchmark in bench/ (each prints and writes JSON to bench/results/):
// cross-node latency and saturation against a bare Socket.IO relay and raw INSERT commits, then idle sockets
// per node and RSS per socket, the widget's JavaScript sizes, and the console's reads over 100,000 conversations
// and 2,000,000 messages. BENCH_ONLY=<name> (cross-node, idle-sockets, widget-size, inbox-scale) runs one.
import { spawnSync } from "node:child_process";
const only = process.env.BENCH_ONLY;
let status = 0;
for (const name of ["cross-node", "idle-sockets", "widget-size", "inbox-scale"]) {
  if (only && only !== name) continue;
  const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`], { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "warn" } });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
