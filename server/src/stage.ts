// Which stage of the pipeline this process runs as, and which build it is.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const STAGES = ["development", "test", "review", "staging", "production"] as const;
export type Stage = (typeof STAGES)[number];

/** What GET /api/version answers and the console footer shows. */
export interface StageInfo {
  stage: Stage;
  /** Heroku release (`v42`), else the package version. */
  release: string | null;
  /** Full commit sha of the running build, when known. */
  commit: string | null;
  /** Heroku app name, when known. */
  app: string | null;
  /** Pull request number of a review app. */
  pullRequest: number | null;
  /** Where `stage` came from: `APP_STAGE`, a Heroku hint, or the default. */
  stageSource: "APP_STAGE" | "HEROKU_PR_NUMBER" | "DYNO" | "default";
  /** Where `commit` came from. */
  commitSource: "HEROKU_SLUG_COMMIT" | "SOURCE_VERSION" | "git" | null;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function gitCommit(): string | null {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "ignore"], timeout: 2000 })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

function packageVersion(): string | null {
  try {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "server/package.json"), "utf8")) as { version?: string };
    return pkg.version ?? null;
  } catch {
    return null;
  }
}

/**
 * Work out the stage and build from the environment. `APP_STAGE` wins; without it, Heroku's injected variables
 * are hints: `HEROKU_PR_NUMBER` exists only on review apps, `DYNO` on any dyno (then production, the safe default:
 * early-access flags stay off). Release and commit come from dyno metadata (`HEROKU_RELEASE_VERSION`,
 * `HEROKU_SLUG_COMMIT`), else from git.
 */
export function detectStage(env: Record<string, string | undefined>, opts: { git?: () => string | null } = {}): StageInfo {
  const explicit = env.APP_STAGE as Stage | undefined;
  let stage: Stage;
  let stageSource: StageInfo["stageSource"];
  if (explicit && (STAGES as readonly string[]).includes(explicit)) {
    stage = explicit;
    stageSource = "APP_STAGE";
  } else if (env.HEROKU_PR_NUMBER) {
    stage = "review";
    stageSource = "HEROKU_PR_NUMBER";
  } else if (env.DYNO) {
    stage = "production";
    stageSource = "DYNO";
  } else {
    stage = "development";
    stageSource = "default";
  }
  const pr = Number(env.HEROKU_PR_NUMBER);
  let commit: string | null = null;
  let commitSource: StageInfo["commitSource"] = null;
  if (env.HEROKU_SLUG_COMMIT) {
    commit = env.HEROKU_SLUG_COMMIT;
    commitSource = "HEROKU_SLUG_COMMIT";
  } else if (env.SOURCE_VERSION) {
    // Set during Heroku builds and on Heroku CI test runs.
    commit = env.SOURCE_VERSION;
    commitSource = "SOURCE_VERSION";
  } else {
    commit = (opts.git ?? gitCommit)();
    commitSource = commit ? "git" : null;
  }
  return {
    stage,
    stageSource,
    release: env.HEROKU_RELEASE_VERSION || packageVersion(),
    commit,
    commitSource,
    app: env.HEROKU_APP_NAME || null,
    pullRequest: Number.isInteger(pr) && pr > 0 ? pr : null,
  };
}

let cached: StageInfo | undefined;

/** This process's stage, read once from process.env. */
export function currentStage(): StageInfo {
  cached ??= detectStage(process.env);
  return cached;
}
