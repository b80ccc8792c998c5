import type { SiteSummary } from "@kaiwa/shared";
import { asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";

/** The workspace's sites by name with their public widget keys; any operator may list them (the key is public). */
export async function listSiteSummaries(db: Db, actor: Extract<Actor, { kind: "operator" }>): Promise<SiteSummary[]> {
  const s = schema.sites;
  const rows = await db
    .select({ siteId: s.id, name: s.name, siteKey: s.publicKey })
    .from(s)
    .where(eq(s.workspaceId, actor.workspaceId))
    .orderBy(asc(s.name), asc(s.createdAt));
  return rows;
}
