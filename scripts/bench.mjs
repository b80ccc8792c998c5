// `npm run bench`: run every benchmark in bench/ (each prints and writes JSON to bench/results/).
import { spawnSync } from "node:child_process";
let failed = 0;
for (const bench of ["bench/cross-node.ts", "bench/widget-size.ts"]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", bench], { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "warn" } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
