// Build what production runs when its sources changed since the last build, else do nothing: web/ (widget loader
// + Next.js, into web/.next) and server/ (compiled to server/dist, which the Procfile runs with plain node).
// `node scripts/ensure-build.mjs` builds both; `--server` only the server.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SKIP = new Set(["node_modules", ".next", "public", "dist"]);
/**
 * Files the tools write next to the sources (Next writes next-env.d.ts on its first build, tsc its incremental
 * .tsbuildinfo on every typecheck): not sources, so they must not make the next start build again.
 */
const GENERATED = (name) => name === "next-env.d.ts" || name.endsWith(".tsbuildinfo");

const TARGETS = {
  web: {
    label: "the web app (console, widget)",
    sources: ["web", "shared/src", "package-lock.json"],
    outputs: ["web/.next/BUILD_ID", "web/public/widget.js"],
    stamp: "web/.next/kaiwa-source-hash",
  },
  server: {
    label: "the server (server/dist)",
    sources: ["server/src", "server/build.mjs", "server/package.json", "shared/src", "shared/package.json", "package-lock.json"],
    outputs: ["server/dist/index.js", "server/dist/migrate-cli.js"],
    stamp: "server/dist/kaiwa-source-hash",
  },
};

function walk(p, out) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP.has(name) && !GENERATED(name)) walk(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

/** Hash of every source file that goes into the build of `target` (`web` or `server`). */
export function sourceHash(target = "web") {
  const files = [];
  for (const s of TARGETS[target].sources) if (existsSync(path.join(root, s))) walk(path.join(root, s), files);
  const h = createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update(readFileSync(f));
  return h.digest("hex");
}

/** Build `target` unless its outputs match the current sources; returns false when the build failed. */
function ensure(target) {
  const t = TARGETS[target];
  const hash = sourceHash(target);
  const stampFile = path.join(root, t.stamp);
  const built = t.outputs.every((o) => existsSync(path.join(root, o))) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
  if (built) return true;
  console.log(`Building ${t.label} ...`);
  const r = spawnSync("npm", ["run", "build", "-w", target], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) return false;
  writeFileSync(stampFile, hash);
  return true;
}

/** Build web/ unless web/.next matches the current sources; returns false when the build failed. */
export function ensureBuild() {
  return ensure("web");
}

/** Compile server/ to server/dist unless it matches the current sources; returns false when the build failed. */
export function ensureServerBuild() {
  return ensure("server");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ok = process.argv.includes("--server") ? ensureServerBuild() : ensureServerBuild() && ensureBuild();
  process.exit(ok ? 0 : 1);
}
