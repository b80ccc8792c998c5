import { ErrorCodes, type DomainEventOf, type TWidgetSettingsPatch, type WidgetSettings } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { randomToken } from "../auth/tokens";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

function assertAdmin(actor: OperatorActor): void {
  authorize(actor, "settings:change");
}

/** A site's widget settings, identity secret included: admins of the site's workspace only. */
export async function getWidgetSettings(db: Db, actor: OperatorActor, siteId: string): Promise<WidgetSettings> {
  assertAdmin(actor);
  const [row] = await db
    .select({ site: schema.sites, widget: schema.siteWidgetSettings })
    .from(schema.sites)
    .leftJoin(schema.siteWidgetSettings, eq(schema.siteWidgetSettings.siteId, schema.sites.id))
    .where(and(eq(schema.sites.id, siteId), eq(schema.sites.workspaceId, actor.workspaceId)))
    .limit(1);
  if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such site");
  const { site, widget } = row;
  return {
    siteId: site.id,
    siteKey: site.publicKey,
    name: site.name,
    color: site.color,
    greeting: site.greeting,
    locale: site.locale,
    position: widget?.position ?? "right",
    timeZone: widget?.timeZone ?? "UTC",
    openingHours: widget?.openingHours ?? null,
    askEmail: widget?.askEmail ?? false,
    preChatForm: widget?.preChatForm ?? false,
    maxUploadBytes: widget?.maxUploadBytes ?? 5 * 1024 * 1024,
    identitySecret: widget?.identitySecret ?? null,
  };
}

/** Change some of a site's widget settings (admins only); `identitySecret: "generate"` makes a new secret. */
export async function updateWidgetSettings(
  db: Db,
  actor: OperatorActor,
  siteId: string,
  patch: TWidgetSettingsPatch,
): Promise<{ settings: WidgetSettings; events: DomainEventOf<"widget.settings_changed">[] }> {
  const before = await getWidgetSettings(db, actor, siteId); // admin of this workspace, and the site exists
  const { name, color, greeting, locale, identitySecret, ...widget } = patch;
  const siteColumns = Object.fromEntries(Object.entries({ name, color, greeting, locale }).filter(([, v]) => v !== undefined));
  const widgetColumns: Partial<typeof schema.siteWidgetSettings.$inferInsert> = Object.fromEntries(
    Object.entries(widget).filter(([, v]) => v !== undefined),
  );
  if (identitySecret !== undefined) widgetColumns.identitySecret = identitySecret === "generate" ? randomToken(32) : null;
  const events = await db.transaction(async (tx) => {
    if (Object.keys(siteColumns).length > 0) await tx.update(schema.sites).set(siteColumns).where(eq(schema.sites.id, siteId));
    if (Object.keys(widgetColumns).length > 0) {
      await tx
        .insert(schema.siteWidgetSettings)
        .values({ siteId, ...widgetColumns })
        .onConflictDoUpdate({ target: schema.siteWidgetSettings.siteId, set: widgetColumns });
    }
    // Which settings changed, never their values: the identity secret must not reach the log.
    const changed = (Object.keys(patch) as (keyof TWidgetSettingsPatch)[]).filter(
      (k) => k === "identitySecret" || JSON.stringify(patch[k]) !== JSON.stringify(before[k as keyof WidgetSettings]),
    );
    if (changed.length === 0) return [];
    await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "site.widget_changed", targetId: siteId, detail: { site: before.name, changed: changed.join(" ") } });
    const events = [domainEvent("widget.settings_changed", actor.workspaceId, actor, { siteId, fields: changed })];
    await recordEvents(tx, events);
    return events;
  });
  return { settings: await getWidgetSettings(db, actor, siteId), events };
}
