import { ErrorCodes, type DomainEventOf, type TVisitorUpdate, type VisitorProfile } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { findProfile, toVisitorProfile, upsertProfile } from "./open-visitor-session";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** Attributes one visitor keeps at most (each update is limited to as many by its schema). */
export const VISITOR_ATTRIBUTES_MAX = 50;

/** The visitor names themselves or the host page sets attributes; attributes merge into the stored ones. */
export async function updateVisitor(
  db: Db,
  actor: VisitorActor,
  input: TVisitorUpdate,
): Promise<{ profile: VisitorProfile; events: DomainEventOf<"visitor.updated">[] }> {
  const set: { name?: string; email?: string } = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.email !== undefined) set.email = input.email;
  const scope = and(eq(schema.visitors.id, actor.visitorId), eq(schema.visitors.workspaceId, actor.workspaceId));
  const [visitor] =
    Object.keys(set).length > 0
      ? await db.update(schema.visitors).set(set).where(scope).returning()
      : await db.select().from(schema.visitors).where(scope).limit(1);
  if (!visitor) throw new Error("the authenticated visitor vanished");
  let profile = await findProfile(db, actor.visitorId);
  if (input.attributes) {
    const attributes = { ...profile?.attributes, ...input.attributes };
    // The limit holds for what is kept, not per update: twenty updates of 50 new names would keep 1,000.
    if (Object.keys(attributes).length > VISITOR_ATTRIBUTES_MAX) {
      throw new DomainError(ErrorCodes.VALIDATION, `attributes: a visitor keeps at most ${VISITOR_ATTRIBUTES_MAX} attributes`);
    }
    profile = await upsertProfile(db, actor.visitorId, actor.siteId, { attributes });
  }
  const fields = [...Object.keys(set), ...(input.attributes ? ["attributes"] : [])];
  const events = fields.length > 0 ? [domainEvent("visitor.updated", actor.workspaceId, actor, { visitorId: actor.visitorId, fields })] : [];
  await recordEvents(db, events);
  return { profile: toVisitorProfile(visitor, profile), events };
}
