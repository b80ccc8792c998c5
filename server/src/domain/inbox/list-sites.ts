import type { InboxSite } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";

/** The workspace's sites, by name, with their inbox settings (defaults when never set). */
export async function listSites(db: Db, actor: Extract<Actor, { kind: "operator" }>): Promise<InboxSite[]> {
  const s = schema.sites;
  const i = schema.siteInboxSettings;
  const rows = await db
    .select({ id: s.id, name: s.name, autoAssign: i.autoAssign, capacity: i.capacity, assignOnReply: i.assignOnReply, maxUploadBytes: schema.siteWidgetSettings.maxUploadBytes })
    .from(s)
    .leftJoin(i, and(eq(i.siteId, s.id), eq(i.workspaceId, actor.workspaceId)))
    .leftJoin(schema.siteWidgetSettings, eq(schema.siteWidgetSettings.siteId, s.id))
    .where(eq(s.workspaceId, actor.workspaceId))
    .orderBy(asc(s.name));
  return rows.map((r) => ({
    siteId: r.id,
    name: r.name,
    autoAssign: r.autoAssign ?? false,
    capacity: r.capacity ?? 5,
    assignOnReply: r.assignOnReply ?? true,
    maxUploadBytes: r.maxUploadBytes ?? 5 * 1024 * 1024,
  }));
}
