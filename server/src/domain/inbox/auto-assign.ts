import { ErrorCodes, type DomainEventOf, type SiteInboxSettings, type TInboxSettingsSet, type Conversation } from "@kaiwa/shared";
import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { assignConversation } from "../conversations/assign-conversation";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { toConversation } from "../mappers";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

const DEFAULTS = { autoAssign: false, capacity: 5, assignOnReply: true };
/** First key of the per-workspace advisory lock that serialises automatic assignment. */
const AUTO_ASSIGN_LOCK = 0x6b61;

async function siteInWorkspace(db: Db, workspaceId: string, siteId: string) {
  const [site] = await db
    .select({ id: schema.sites.id })
    .from(schema.sites)
    .where(and(eq(schema.sites.id, siteId), eq(schema.sites.workspaceId, workspaceId)));
  if (!site) throw new DomainError(ErrorCodes.NOT_FOUND, "no such site");
}

/** A site's inbox settings (defaults when never set). */
export async function getInboxSettings(db: Db, actor: OperatorActor, siteId: string): Promise<SiteInboxSettings> {
  await siteInWorkspace(db, actor.workspaceId, siteId);
  const [row] = await db
    .select()
    .from(schema.siteInboxSettings)
    .where(and(eq(schema.siteInboxSettings.siteId, siteId), eq(schema.siteInboxSettings.workspaceId, actor.workspaceId)));
  return {
    siteId,
    autoAssign: row?.autoAssign ?? DEFAULTS.autoAssign,
    capacity: row?.capacity ?? DEFAULTS.capacity,
    assignOnReply: row?.assignOnReply ?? DEFAULTS.assignOnReply,
  };
}

/** Admins turn automatic assignment on or off, set the per-operator capacity, and whether replying assigns. */
export async function setInboxSettings(
  db: Db,
  actor: OperatorActor,
  input: TInboxSettingsSet,
): Promise<{ settings: SiteInboxSettings; events: DomainEventOf<"inbox.settings_changed">[] }> {
  authorize(actor, "settings:change");
  return db.transaction(async (tx) => {
    const current = await getInboxSettings(tx, actor, input.siteId);
    const next = {
      autoAssign: input.autoAssign ?? current.autoAssign,
      capacity: input.capacity ?? current.capacity,
      assignOnReply: input.assignOnReply ?? current.assignOnReply,
    };
    await tx
      .insert(schema.siteInboxSettings)
      .values({ siteId: input.siteId, workspaceId: actor.workspaceId, ...next })
      .onConflictDoUpdate({ target: schema.siteInboxSettings.siteId, set: next });
    const settings = { siteId: input.siteId, ...next };
    const changed = (["autoAssign", "capacity", "assignOnReply"] as const).filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return { settings, events: [] };
    await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "site.assignment_changed", targetId: input.siteId, detail: next });
    const events = [domainEvent("inbox.settings_changed", actor.workspaceId, actor, { settings, changed: [...changed] })];
    await recordEvents(tx, events);
    return { settings, events };
  });
}

/**
 * Automatic assignment of an unassigned, unresolved conversation when its site has it on: to the online
 * operator (never a trainee) with the fewest unresolved conversations, if under their capacity (their own, else
 * the site's); else
 * null and it waits in Unassigned. `online` comes from presence (operators not away); pass a function to have
 * presence read only when the site has automatic assignment on (this runs on every visitor message).
 */
export async function autoAssign(
  db: Db,
  workspaceId: string,
  conversation: Conversation,
  onlineOrLookup: string[] | (() => Promise<string[]>),
): Promise<Awaited<ReturnType<typeof assignConversation>> | null> {
  if (conversation.assigneeId || conversation.status === "resolved") return null;
  if (Array.isArray(onlineOrLookup) && onlineOrLookup.length === 0) return null;
  const [settings] = await db
    .select()
    .from(schema.siteInboxSettings)
    .where(and(eq(schema.siteInboxSettings.siteId, conversation.siteId), eq(schema.siteInboxSettings.workspaceId, workspaceId)));
  if (!settings?.autoAssign) return null;
  const online = Array.isArray(onlineOrLookup) ? onlineOrLookup : await onlineOrLookup();
  if (online.length === 0) return null;
  // One automatic assignment at a time per workspace (on every node): two conversations arriving at the same
  // instant must not both see the same operator one below capacity.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUTO_ASSIGN_LOCK}, hashtext(${workspaceId}))`);
    const o = schema.operators;
    const candidates = await tx
      .select({ id: o.id, capacity: o.capacity })
      .from(o)
      .where(and(eq(o.workspaceId, workspaceId), eq(o.active, true), ne(o.role, "trainee"), inArray(o.id, online)));
    if (candidates.length === 0) return null;
    const c = schema.conversations;
    const loads = await tx
      .select({ id: c.assigneeId, n: sql<number>`count(*)::int` })
      .from(c)
      .where(and(eq(c.workspaceId, workspaceId), ne(c.status, "resolved"), inArray(c.assigneeId, candidates.map((x) => x.id))))
      .groupBy(c.assigneeId);
    const load = new Map(loads.map((l) => [l.id, Number(l.n)]));
    const ranked = candidates
      .map((x) => ({ id: x.id, n: load.get(x.id) ?? 0, capacity: x.capacity ?? settings.capacity }))
      .filter((x) => x.n < x.capacity)
      .sort((x, y) => x.n - y.n || (x.id < y.id ? -1 : 1));
    const pick = ranked[0];
    if (!pick) return null;
    return assignConversation(tx, null, workspaceId, { conversationId: conversation.id, operatorId: pick.id }, { auto: true, onlyIfUnassigned: true });
  });
}

/**
 * Give waiting conversations (unassigned, unresolved, the visitor's message last, on sites with automatic
 * assignment) to online operators with room, longest waiting first: run when an operator comes online or a
 * conversation is resolved or handed back. Stops at the first one nobody can take. At most `max` per call.
 */
export async function assignWaiting(db: Db, workspaceId: string, online: string[], max = 20) {
  if (online.length === 0) return [];
  const c = schema.conversations;
  const waiting = await db
    .select({ conversation: c, visitor: schema.visitors })
    .from(c)
    .innerJoin(schema.visitors, eq(schema.visitors.id, c.visitorId))
    .innerJoin(schema.siteInboxSettings, and(eq(schema.siteInboxSettings.siteId, c.siteId), eq(schema.siteInboxSettings.autoAssign, true)))
    .where(and(eq(c.workspaceId, workspaceId), ne(c.status, "resolved"), isNull(c.assigneeId), eq(c.lastMessageAuthorKind, "visitor")))
    .orderBy(asc(c.lastActivityAt), asc(c.id))
    .limit(max);
  const done = [];
  for (const row of waiting) {
    const result = await autoAssign(db, workspaceId, toConversation(row.conversation, row.visitor), online);
    if (!result?.event) break;
    done.push(result);
  }
  return done;
}
