import { describe, expect, it } from "vitest";
import { EARLY_ACCESS_DEFAULT, resolveFlags } from "../../src/domain/flags/flags";
import { decodeScreenshot } from "../../src/domain/feedback/screenshot";
import { listReleases, parseRelease, runningRelease } from "../../src/domain/releases/list-releases";
import { detectStage } from "../../src/stage";

const noGit = () => null;

describe("stage awareness", () => {
  it("APP_STAGE wins over Heroku's hints", () => {
    const s = detectStage({ APP_STAGE: "staging", DYNO: "web.1", HEROKU_PR_NUMBER: "12" }, { git: noGit });
    expect(s).toMatchObject({ stage: "staging", stageSource: "APP_STAGE", pullRequest: 12 });
  });

  it("a review app is recognised by HEROKU_PR_NUMBER and shows its pull request", () => {
    const s = detectStage({ DYNO: "web.1", HEROKU_PR_NUMBER: "17", HEROKU_APP_NAME: "kaiwa-pr-17" }, { git: noGit });
    expect(s).toMatchObject({ stage: "review", stageSource: "HEROKU_PR_NUMBER", pullRequest: 17, app: "kaiwa-pr-17" });
  });

  it("an unknown dyno is production (early access off); no dyno is development", () => {
    expect(detectStage({ DYNO: "web.1" }, { git: noGit })).toMatchObject({ stage: "production", stageSource: "DYNO" });
    expect(detectStage({}, { git: noGit })).toMatchObject({ stage: "development", stageSource: "default", pullRequest: null });
  });

  it("release and commit come from dyno metadata, then the build's SOURCE_VERSION, then git", () => {
    const meta = detectStage({ HEROKU_RELEASE_VERSION: "v42", HEROKU_SLUG_COMMIT: "a".repeat(40), SOURCE_VERSION: "b".repeat(40) }, { git: () => "c".repeat(40) });
    expect(meta).toMatchObject({ release: "v42", commit: "a".repeat(40), commitSource: "HEROKU_SLUG_COMMIT" });
    expect(detectStage({ SOURCE_VERSION: "b".repeat(40) }, { git: noGit })).toMatchObject({ commit: "b".repeat(40), commitSource: "SOURCE_VERSION" });
    const local = detectStage({}, { git: () => "c".repeat(40) });
    expect(local).toMatchObject({ commit: "c".repeat(40), commitSource: "git", release: "0.1.0" });
    expect(detectStage({}).commit).toMatch(/^[0-9a-f]{40}$/); // this checkout's HEAD
  });
});

describe("feature flags", () => {
  it("early-access flags are on in staging, review, test and development, off in production", () => {
    expect(EARLY_ACCESS_DEFAULT).toEqual({ development: true, test: true, review: true, staging: true, production: false });
    for (const stage of ["development", "test", "review", "staging"] as const) {
      expect(resolveFlags(stage, { optedIn: false }).feedbackBoard).toBe(true);
    }
    expect(resolveFlags("production", { optedIn: false }).feedbackBoard).toBe(false);
  });

  it("in production a workspace that joined the program, and the product team, get early-access flags", () => {
    expect(resolveFlags("production", { optedIn: true }).feedbackBoard).toBe(true);
    expect(resolveFlags("production", { optedIn: false, productTeam: true }).feedbackBoard).toBe(true);
  });

  it("flags that are not early access are on everywhere", () => {
    expect(resolveFlags("production", { optedIn: false }).releaseNotes).toBe(true);
  });
});

describe("screenshots are checked on their bytes", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  it("accepts a PNG declared as PNG", () => {
    expect(decodeScreenshot({ type: "image/png", data: png.toString("base64") }).bytes.equals(png)).toBe(true);
  });
  it("refuses bytes that are not the declared type", () => {
    expect(() => decodeScreenshot({ type: "image/jpeg", data: png.toString("base64") })).toThrow(/declared type/);
    expect(() => decodeScreenshot({ type: "image/png", data: Buffer.from("<svg onload=alert(1)>").toString("base64") })).toThrow();
  });
  it("refuses more than 1 MB", () => {
    const big = Buffer.concat([png, Buffer.alloc(1_000_001)]);
    expect(() => decodeScreenshot({ type: "image/png", data: big.toString("base64") })).toThrow(expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }));
  });
});

describe("release notes", () => {
  it("plans production about a month after staging when no production date is set", () => {
    const note = parseRelease("x.md", "---\nversion: 1.2.0\ntitle: T\nstage: staging\nstaging: 2026-11-25\n---\nBody");
    expect(note).toMatchObject({ version: "1.2.0", stagingAt: "2026-11-25", productionAt: "2026-12-25", productionPlanned: true, body: "Body" });
  });
  it("refuses a file without the front matter it needs", () => {
    expect(() => parseRelease("bad.md", "---\ntitle: T\n---\n")).toThrow(/bad\.md/);
  });
  it("says which release each stage runs: production its newest, the others main's (the newest on staging)", () => {
    const note = (version: string, stage: "planned" | "staging" | "production", staging: string | null) =>
      parseRelease(`${version}.md`, `---\nversion: ${version}\ntitle: T\nstage: ${stage}\n${staging ? `staging: ${staging}\n` : ""}---\n`);
    const notes = [note("0.4.0", "planned", null), note("0.3.0", "staging", "2026-12-01"), note("0.2.0", "production", "2026-11-01")];
    expect(runningRelease(notes, "staging")).toBe("0.3.0");
    expect(runningRelease(notes, "review")).toBe("0.3.0");
    expect(runningRelease(notes, "production")).toBe("0.2.0");
    expect(runningRelease([notes[2]!], "staging")).toBe("0.2.0");
  });
  it("every file in releases/ parses", async () => {
    const notes = await listReleases();
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(notes.map((n) => n.stage)).toContain("staging");
  });
});
