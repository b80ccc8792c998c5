// What a customer's visitors download: the loader (widget.js, on every page view of the host site) and the
// JavaScript of the chat iframe (only once the frame loads). Starts one built node on an embedded database,
// fetches both the way a browser would and reports raw and gzipped bytes. Usage: npm run bench (or
// node --import tsx bench/widget-size.ts). Writes bench/results/widget-size.json.
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { REPO_ROOT, startNode } from "../server/test/support/node-process";

const LOADER_BUDGET_GZIP = 10 * 1024;

// Builds only when web/ changed; under the shared build lock when flock exists (never two next builds at once).
const hasFlock = spawnSync("flock", ["--version"]).status === 0;
const built = hasFlock
  ? spawnSync("flock", ["/tmp/kaiwa-build.lock", process.execPath, "scripts/ensure-build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" })
  : spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
if (built.status !== 0) process.exit(1);

const dataDir = await mkdtemp(path.join(os.tmpdir(), "kaiwa-bench-widget-"));
const node = await startNode({ DATA_DIR: dataDir, NODE_ENV: "production", ADMIN_PASSWORD: "bench-password-123" }, { timeoutMs: 120_000 });
try {
  const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;
  const get = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };

  const loader = await get(`${node.url}/widget.js`);
  const html = (await get(`${node.url}/widget/frame?site=benchsite`)).toString("utf8");
  // `noModule` scripts (Next's legacy polyfills) are skipped by every browser that runs modules, so not counted.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  const modern = tags.filter((tag) => !/\bnomodule\b/i.test(tag));
  const srcs = [...new Set(modern.flatMap((tag) => /\bsrc="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, "&") ?? []))];
  const scripts = await Promise.all(srcs.map(async (src) => ({ src, body: await get(new URL(src, node.url).href) })));
  const all = Buffer.concat(scripts.map((s) => s.body));
  // zod would show up by its error class and internal marker; the frame must not carry it (shared is sideEffects: false).
  const zodChunks = scripts.filter((s) => /ZodError|\$ZodType|_zod/.test(s.body.toString("utf8"))).map((s) => s.src);

  const result = {
    date: new Date().toISOString(),
    loader: { bytes: loader.length, gzipBytes: gz(loader), budgetGzipBytes: LOADER_BUDGET_GZIP },
    frame: {
      scripts: scripts.length,
      bytes: all.length,
      // Each file compressed on its own, as a browser downloads them.
      gzipBytes: scripts.reduce((n, s) => n + gz(s.body), 0),
      zodBundled: zodChunks.length > 0,
      zodChunks,
      largest: scripts
        .map((s) => ({ src: s.src, bytes: s.body.length, gzipBytes: gz(s.body) }))
        .sort((a, b) => b.gzipBytes - a.gzipBytes)
        .slice(0, 5),
    },
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`widget.js (loader): ${kb(result.loader.bytes)}, ${kb(result.loader.gzipBytes)} gzipped (budget ${kb(LOADER_BUDGET_GZIP)})`);
  console.log(`chat iframe JavaScript: ${result.frame.scripts} files, ${kb(result.frame.bytes)}, ${kb(result.frame.gzipBytes)} gzipped; zod bundled: ${result.frame.zodBundled ? `YES (${zodChunks.join(", ")})` : "no"}`);
  for (const s of result.frame.largest) console.log(`  ${kb(s.gzipBytes).padStart(9)} gz  ${s.src}`);
  await mkdir(path.join(REPO_ROOT, "bench/results"), { recursive: true });
  await writeFile(path.join(REPO_ROOT, "bench/results/widget-size.json"), JSON.stringify(result, null, 2) + "\n");
  if (result.loader.gzipBytes > LOADER_BUDGET_GZIP) {
    console.error("the loader is over its budget");
    process.exitCode = 1;
  }
} finally {
  await node.stop();
  await rm(dataDir, { recursive: true, force: true });
}
