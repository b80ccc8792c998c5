// `npm run bench`: run every benchmark in bench/ (each prints and writes JSON to bench/results/).
import { spawnSync } from "node:child_process";
const r = spawnSync(process.execPath, ["--import", "tsx", "bench/cross-node.ts"], { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "warn" } });
process.exit(r.status ?? 1);
