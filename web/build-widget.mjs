// Builds the embeddable loader (widget/loader.ts) into public/widget.js, which Next serves at /widget.js.
// Usage: node build-widget.mjs [--watch]
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, "public", "widget.js");

/** @type {import("esbuild").BuildOptions} */
const options = {
  entryPoints: [path.join(here, "widget", "loader.ts")],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2018",
  platform: "browser",
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
};

function report() {
  const code = readFileSync(outfile);
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`widget.js: ${kb(code.length)} (${kb(gzipSync(code).length)} gzip) -> ${path.relative(process.cwd(), outfile)}`);
}

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: "report", setup: (b) => b.onEnd((r) => r.errors.length === 0 && report()) }],
  });
  await ctx.watch();
  console.log("watching widget/ for changes");
} else {
  await esbuild.build(options);
  report();
}
