// Expand and contract: during a promotion the previous release keeps serving while the release phase migrates
// the database for the next one. Proof: the PREVIOUS release's own domain contract suite (its code, its schema
// objects, its queries, checked out from git) runs against a database that was at the previous schema and was then
// migrated by THIS release's migrations.
//
// "Previous release": $PREVIOUS_RELEASE if set (a tag or sha; a pipeline sets it to what production runs), else the
// state just before each of the newest three migrations: HEAD when the working tree has uncommitted changes in
// drizzle/, and the parent of each of the last commits that changed drizzle/meta/_journal.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPostgres, type Database } from "../../src/db/client";
import { REPO_ROOT } from "../support/node-process";
import { createTestDatabase, havePostgres } from "../support/services";

const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] }).toString().trim();

function previousReleases(): { shas: string[] } | { skip: string } {
  try {
    git("rev-parse", "--git-dir");
  } catch {
    return { skip: "no git history here (a Heroku CI source tarball); the expand/contract check runs where history exists" };
  }
  if (process.env.PREVIOUS_RELEASE) return { shas: [git("rev-parse", `${process.env.PREVIOUS_RELEASE}^{commit}`)] };
  const shas: string[] = [];
  if (git("status", "--porcelain", "--", "drizzle") !== "") shas.push(git("rev-parse", "HEAD"));
  for (const commit of git("log", "-n", "3", "--format=%H", "--", "drizzle/meta/_journal.json").split("\n").filter(Boolean)) {
    try {
      shas.push(git("rev-parse", `${commit}^`));
    } catch {
      // the first commit has no parent
    }
  }
  // The very first migration has nothing before it to stay compatible with.
  const withMigrations = shas.filter((sha) => {
    try {
      return git("ls-tree", "--name-only", sha, "drizzle/meta/_journal.json") !== "";
    } catch {
      return false;
    }
  });
  return withMigrations.length ? { shas: [...new Set(withMigrations)].slice(0, 3) } : { skip: "no earlier release with migrations" };
}

const prev = previousReleases();
const ready = (await havePostgres()) && "shas" in prev;

/** Check the previous release's server/, shared/ and drizzle/ out into test-results/ (ignored by git). */
function checkout(sha: string): string {
  const dir = path.join(REPO_ROOT, "test-results", "previous-release", sha.slice(0, 12));
  if (!existsSync(path.join(dir, "server", "test", "contract", "domain-contract.ts")) || !existsSync(path.join(dir, "tsconfig.json"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${sha} tsconfig.json server shared drizzle | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
    // The previous code imports its own contract package, not today's.
    mkdirSync(path.join(dir, "node_modules", "@kaiwa"), { recursive: true });
    symlinkSync(path.join(dir, "shared"), path.join(dir, "node_modules", "@kaiwa", "shared"), "dir");
  }
  return dir;
}

if (!ready) {
  describe.skip(`previous release on the migrated schema (${"skip" in prev ? prev.skip : "no Postgres"})`, () => {
    it("skipped", () => {});
  });
} else {
  for (const sha of (prev as { shas: string[] }).shas) {
    const dir = checkout(sha);
    const contract = (await import(pathToFileURL(path.join(dir, "server/test/contract/domain-contract.ts")).href)) as {
      domainContract: (backend: string, open: () => Promise<Database & { cleanup?: () => Promise<void> }>) => void;
    };
    const prevClient = (await import(pathToFileURL(path.join(dir, "server/src/db/client.ts")).href)) as {
      openPostgres: typeof openPostgres;
    };

    contract.domainContract(`the previous release (${sha.slice(0, 8)}) on this release's schema`, async () => {
      const { url, drop } = await createTestDatabase();
      // Production before the promotion: the previous release's migrations...
      const old = await prevClient.openPostgres({ url });
      await old.migrate();
      // ...then the release phase of this release; the previous release's code keeps running on top.
      const migrateToThisRelease = async () => {
        const current = await openPostgres({ url, max: 2 });
        try {
          await current.migrate();
        } finally {
          await current.close();
        }
      };
      return Object.assign(old, { migrate: migrateToThisRelease, cleanup: drop });
    });
  }

  // `heroku rollback` runs the release phase of the release rolled back to: its older migrations folder must
  // leave the newer schema alone.
  describe("a rollback", () => {
    it("runs the previous release's release command on this release's schema: it succeeds and changes nothing", async () => {
      const sha = (prev as { shas: string[] }).shas[0]!;
      const dir = checkout(sha);
      const { url, drop } = await createTestDatabase();
      const current = await openPostgres({ url });
      try {
        await current.migrate();
        const count = async () => ((await current.db.execute(sql.raw("select count(*)::int as n from drizzle.__drizzle_migrations"))) as unknown as { rows: unknown[] }).rows[0];
        const before = await count();
        execFileSync(process.execPath, ["--import", "tsx", path.join(dir, "server/src/db/migrate-cli.ts")], {
          cwd: REPO_ROOT,
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
          stdio: "pipe",
          timeout: 60_000,
        });
        expect(await count()).toEqual(before);
      } finally {
        await current.close();
        await drop();
      }
    });
  });

  // The check has teeth: a contracting change (a renamed column) breaks the previous release's queries, and is caught.
  describe("a contracting migration", () => {
    it("is caught: the previous release's queries fail on a renamed column", async () => {
      const sha = (prev as { shas: string[] }).shas[0]!;
      const dir = checkout(sha);
      const fixtures = (await import(pathToFileURL(path.join(dir, "server/test/support/fixtures.ts")).href)) as {
        seedWorkspace: (db: unknown) => Promise<unknown>;
      };
      const { url, drop } = await createTestDatabase();
      const current = await openPostgres({ url });
      try {
        await current.migrate();
        await current.db.execute(sql.raw("alter table operators rename column name to full_name"));
        await expect(fixtures.seedWorkspace(current.db)).rejects.toThrow(/name/);
      } finally {
        await current.close();
        await drop();
      }
    });
  });
}
