// The build is redone only when sources change: files the tools generate beside them (next-env.d.ts, *.tsbuildinfo)
// do not count, so a second start after the first build, or a typecheck, does not rebuild the web app.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { sourceHash } from "../../scripts/ensure-build.mjs";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = [path.join(web, "zz-generated-probe.tsbuildinfo"), path.join(web, "lib", "zz-source-probe.ts")];

describe("the web app's source hash", () => {
  afterEach(() => {
    for (const f of scratch) rmSync(f, { force: true });
  });

  it("ignores files tools generate, and sees a changed source", () => {
    const before = sourceHash("web");
    writeFileSync(scratch[0]!, `{"generated":${Date.now()}}`);
    expect(sourceHash("web")).toBe(before);
    writeFileSync(scratch[1]!, `export const probe = ${Date.now()};\n`);
    expect(sourceHash("web")).not.toBe(before);
  });
});
