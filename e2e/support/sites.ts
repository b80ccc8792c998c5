// Sites with particular widget settings, made directly in the test database (the seeded workspace).
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { openPostgres, schema } from "../../server/src/db/client";
import type { Env } from "./fixtures";

export type WidgetSettings = Partial<typeof schema.siteWidgetSettings.$inferInsert>;
export type SiteColumns = Partial<Pick<typeof schema.sites.$inferInsert, "color" | "greeting" | "locale" | "name">>;

/** Opening hours that are closed right now: one minute a week, on a day that is not today. */
export const CLOSED_NOW: WidgetSettings = {
  timeZone: "Asia/Tokyo",
  openingHours: [{ day: (new Date().getUTCDay() + 3) % 7, open: "03:00", close: "03:01" }],
};

/** A new site in the seeded workspace with these settings; returns its public key. */
export async function createSite(env: Env, site: SiteColumns = {}, widget: WidgetSettings = {}): Promise<string> {
  const database = await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  try {
    const db = database.db;
    const [seeded] = await db.select().from(schema.sites).where(eq(schema.sites.publicKey, env.siteKey));
    const key = `e2e-${randomBytes(9).toString("base64url")}`;
    const [row] = await db
      .insert(schema.sites)
      .values({ workspaceId: seeded!.workspaceId, name: site.name ?? "Host shop", publicKey: key, ...site })
      .returning();
    await db.insert(schema.siteWidgetSettings).values({ siteId: row!.id, ...widget });
    return key;
  } finally {
    await database.close();
  }
}
