// `npm test`: every suite (vitest: unit, contract on PGlite and Postgres, realtime, two-node; Playwright in
// Chromium), then one summary line `N passed, N failed, N skipped`, also written to test-results/summary.txt.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild, ensureServerBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "test-results");
const isCI = process.env.CI === "true" || process.env.CI === "1";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let broken = false;

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status;
}

// 0. The compiled server: the deploy tests run the Procfile's release line, which runs server/dist.
if (!ensureServerBuild()) {
  totals.failed += 1;
  lines.push("server build: FAILED");
}

// 1. vitest
const vitestJson = path.join(out, "vitest.json");
const vitestStatus = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += skipped;
  // A suite that failed to load has no failed tests but is a failure all the same.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  totals.failed += brokenFiles;
  lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
} else {
  broken = true;
  lines.push(`vitest: did not report (exit ${vitestStatus})`);
}
if (vitestStatus !== 0 && totals.failed === 0) broken = true;

// 2. Playwright in Debian's Chromium, against two nodes built from web/
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const msg = `Chromium not found at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (isCI) {
    totals.failed += 1;
    lines.push(`playwright: FAILED, ${msg}`);
  } else {
    console.warn(`\n!!! SKIPPING the browser suite: ${msg}\n`);
    lines.push(`playwright: skipped, ${msg}`);
  }
} else if (!ensureBuild()) {
  totals.failed += 1;
  lines.push("playwright: FAILED, the web build failed");
} else {
  const pwJson = path.join(out, "playwright.json");
  const status = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, "utf8")).stats;
    // No retries are configured, so `flaky` stays 0; a flaky test would count as passed here.
    const failed = s.unexpected;
    totals.passed += s.expected + (s.flaky ?? 0);
    totals.failed += failed;
    totals.skipped += s.skipped;
    lines.push(`playwright: ${s.expected + (s.flaky ?? 0)} passed, ${failed} failed, ${s.skipped} skipped`);
    if (status !== 0 && failed === 0) broken = true;
  } else {
    broken = true;
    lines.push(`playwright: did not report (exit ${status})`);
  }
}

if (broken) totals.failed += totals.failed === 0 ? 1 : 0;
const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(path.join(out, "summary.txt"), `${lines.join("\n")}\n${summary}\n`);
console.log(`\n${lines.join("\n")}\n${summary}`);
process.exit(totals.failed > 0 ? 1 : 0);
