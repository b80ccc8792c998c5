// The Procfile's release command runs on every deploy and every promotion: it must be idempotent, safe on an
// already migrated database, and safe when two run at once.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/node-process";
import { createTestDatabase, havePostgres } from "../support/services";
import { procfile } from "./procfile";

const run = promisify(execFile);
const ready = await havePostgres();
const journal = JSON.parse(readFileSync(path.join(REPO_ROOT, "drizzle/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };

/** Run the Procfile's `release` line as Heroku would, in a shell, with this environment. */
async function release(env: Record<string, string>) {
  const { stdout } = await run("sh", ["-c", procfile().release!], { cwd: REPO_ROOT, env: { ...process.env, ...env, LOG_LEVEL: "warn" }, timeout: 60_000 });
  return stdout;
}

async function state(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query("select table_name from information_schema.tables where table_schema = 'public' order by 1")).rows.map((r) => r.table_name);
    const applied = Number((await c.query("select count(*) from drizzle.__drizzle_migrations")).rows[0].count);
    const workspaces = Number((await c.query("select count(*) from workspaces")).rows[0].count);
    return { tables, applied, workspaces };
  } finally {
    await c.end();
  }
}

describe.skipIf(!ready)("Procfile release phase", () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it("migrates an empty database, then runs again on the migrated one without change", async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    expect(await release({ DATABASE_URL: db.url })).toMatch(/migrations applied/);
    const first = await state(db.url);
    expect(first.applied).toBe(journal.entries.length);
    expect(first.tables).toEqual(expect.arrayContaining(["workspaces", "messages", "feedback_posts", "early_access_workspaces"]));
    // Data written between two releases survives the second one.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query("insert into workspaces (name) values ('kept')");
    await c.end();
    await release({ DATABASE_URL: db.url });
    expect(await state(db.url)).toEqual({ ...first, workspaces: 1 });
  });

  it("two releases at once on an empty database (a promotion racing a deploy) both succeed, applying each migration once", async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    await Promise.all([release({ DATABASE_URL: db.url }), release({ DATABASE_URL: db.url })]);
    expect((await state(db.url)).applied).toBe(journal.entries.length);
    await release({ DATABASE_URL: db.url });
    expect((await state(db.url)).applied).toBe(journal.entries.length);
  });
});
