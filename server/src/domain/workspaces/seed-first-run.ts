import { sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { generatePassword } from "../auth/password";
import { createWorkspace } from "./create-workspace";

const SEED_LOCK_ID = 7_242_002;

export type SeedResult =
  | { seeded: false }
  | { seeded: true; adminEmail: string; generatedPassword: string | null; siteKey: string };

/**
 * On an empty database, create the demo workspace, its site and the admin operator, so a fresh install can
 * be signed into at once. Nodes starting together take an advisory lock, so only one seeds.
 */
export async function seedFirstRun(db: Db, opts: { adminEmail: string; adminPassword?: string }): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    // Transaction-scoped lock: released on commit, whichever pooled connection the transaction used.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const [any] = await tx.select({ id: schema.workspaces.id }).from(schema.workspaces).limit(1);
    if (any) return { seeded: false } as const;
    const password = opts.adminPassword ?? generatePassword();
    const { site } = await createWorkspace(tx, {
      name: "Demo workspace",
      site: { name: "Demo site", greeting: "こんにちは！ご質問があればお気軽にどうぞ。 / Hi! Ask us anything." },
      operators: [{ email: opts.adminEmail, name: "Admin", password, role: "admin" }],
    });
    return {
      seeded: true,
      adminEmail: opts.adminEmail,
      generatedPassword: opts.adminPassword ? null : password,
      siteKey: site.publicKey,
    } as const;
  });
}
