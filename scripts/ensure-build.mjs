// Build web/ (widget loader + Next.js) when its sources changed since the last build, else do nothing.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["web", "shared/src", "package-lock.json"];
const SKIP = new Set(["node_modules", ".next", "public"]);
const stampFile = path.join(root, "web/.next/kaiwa-source-hash");

function walk(p, out) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

/** Hash of every source file that goes into the web build. */
export function sourceHash() {
  const files = [];
  for (const s of SOURCES) if (existsSync(path.join(root, s))) walk(path.join(root, s), files);
  const h = createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update(readFileSync(f));
  return h.digest("hex");
}

/** Build unless web/.next matches the current sources; returns false when the build failed. */
export function ensureBuild() {
  const hash = sourceHash();
  const built =
    existsSync(path.join(root, "web/.next/BUILD_ID")) &&
    existsSync(path.join(root, "web/public/widget.js")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === hash;
  if (built) return true;
  console.log("Building the web app (console, widget) ...");
  const r = spawnSync("npm", ["run", "build", "-w", "web"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) return false;
  writeFileSync(stampFile, hash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureBuild() ? 0 : 1);
}
