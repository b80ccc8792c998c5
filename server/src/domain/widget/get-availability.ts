import type { Availability } from "@kaiwa/shared";
import { eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { isOpenAt } from "./opening-hours";

/**
 * Whether someone can answer the visitor now. `countOperatorsOnline` comes from the transport (who holds a
 * console socket, on any node), so the domain never sees a socket.
 */
export async function getAvailability(
  db: Db,
  actor: Extract<Actor, { kind: "visitor" }>,
  countOperatorsOnline: () => Promise<number>,
  now: Date = new Date(),
): Promise<Availability> {
  const [settings] = await db.select().from(schema.siteWidgetSettings).where(eq(schema.siteWidgetSettings.siteId, actor.siteId)).limit(1);
  const openNow = isOpenAt(settings?.openingHours ?? null, settings?.timeZone ?? "UTC", now);
  const online = await countOperatorsOnline().catch(() => 1); // unknown: do not claim nobody is there
  return { operatorsOnline: online > 0, openNow };
}
