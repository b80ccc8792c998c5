// Compiles the server for production: one ES module per entry point in dist/, run by plain `node` (no tsx).
// `@kaiwa/shared` is bundled in from its TypeScript sources; every other package stays an import resolved from
// node_modules at run time. Usage: node build.mjs
import { rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "dist");

/** What the Procfile and the docs run: dist/<name>.js for each. */
const ENTRY_POINTS = {
  index: "src/index.ts",
  "migrate-cli": "src/db/migrate-cli.ts",
  "seed-demo-cli": "src/seed-demo-cli.ts",
  "product-team-cli": "src/product-team-cli.ts",
};

/** Workspace packages are compiled in; anything else from node_modules (and node:*) is left to Node. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@kaiwa/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Modules find files beside their sources (drizzle/ migrations, releases/, web/) from `import.meta.url`. In a
 * bundle that would be the bundle's URL, so each module gets its own source file's URL instead, computed from
 * the bundle's location at run time: the paths resolve exactly as they do under tsx, wherever the app is moved.
 */
const sourceUrls = {
  name: "source-urls",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      // Every bundle is written directly into outdir (entryNames "[name]", no splitting).
      const relative = path.relative(outdir, args.path).split(path.sep).join("/");
      return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: "ts" };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, path.join(here, file)])),
  outdir,
  entryNames: "[name]",
  bundle: true,
  splitting: false,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  sourcesContent: false,
  plugins: [externalPackages, sourceUrls],
  metafile: true,
  logLevel: "warning",
});
// Nobody commits this folder; the marker keeps `git status` clean even without a .gitignore entry.
writeFileSync(path.join(outdir, ".gitignore"), "*\n");

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith(".js")) console.log(`${path.relative(process.cwd(), path.resolve(file))}: ${(bytes / 1024).toFixed(0)} kB`);
}
