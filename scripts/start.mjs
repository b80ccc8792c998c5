// `npm start`: build the web app if needed, then run one node serving REST, Socket.IO and the pages.
// `npm run dev`: the same with Next.js in development mode (hot reload).
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (dev) {
  env.NODE_ENV = "development";
  spawnSync("npm", ["run", "build:widget", "-w", "web"], { cwd: root, stdio: "inherit" });
} else {
  if (!ensureBuild()) process.exit(1);
  env.NODE_ENV ??= "production";
}

const child = spawn(process.execPath, ["--import", "tsx", "server/src/index.ts", ...(dev ? ["--dev"] : [])], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
