// `npm start`: build the web app and the server if needed, then run one node serving REST, Socket.IO and the pages
// from the compiled server (server/dist), as the Procfile does.
// `npm run dev`: the same from the TypeScript sources (tsx) with Next.js in development mode (hot reload).
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild, ensureServerBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (dev) {
  env.NODE_ENV = "development";
  spawnSync("npm", ["run", "build:widget", "-w", "web"], { cwd: root, stdio: "inherit" });
} else {
  if (!ensureServerBuild() || !ensureBuild()) process.exit(1);
  env.NODE_ENV ??= "production";
}

const args = dev ? ["--import", "tsx", "server/src/index.ts", "--dev"] : ["--enable-source-maps", "server/dist/index.js"];
const child = spawn(process.execPath, args, {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
