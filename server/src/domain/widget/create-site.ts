import type { DomainEventOf, TSiteCreate, WidgetSettings } from "@kaiwa/shared";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { randomToken } from "../auth/tokens";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";
import { getWidgetSettings } from "./widget-settings";

/** An admin adds a site to their workspace; its public key is made like the first site's (`site_` + random). */
export async function createSite(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TSiteCreate,
): Promise<{ settings: WidgetSettings; events: DomainEventOf<"site.created">[] }> {
  authorize(actor, "settings:change");
  const [site] = await db
    .insert(schema.sites)
    .values({
      workspaceId: actor.workspaceId,
      name: input.name,
      publicKey: `site_${randomToken(12)}`,
      greeting: input.greeting ?? null,
      locale: input.locale ?? null,
      ...(input.color ? { color: input.color } : {}),
    })
    .returning({ id: schema.sites.id });
  if (!site) throw new Error("site insert returned nothing");
  await recordAudit(db, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "site.created", targetId: site.id, detail: { name: input.name } });
  const events = [domainEvent("site.created", actor.workspaceId, actor, { siteId: site.id, name: input.name })];
  await recordEvents(db, events);
  return { settings: await getWidgetSettings(db, actor, site.id), events };
}
