import type { TVisitorUpdate, VisitorProfile } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { findProfile, toVisitorProfile, upsertProfile } from "./open-visitor-session";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** The visitor names themselves or the host page sets attributes; attributes merge into the stored ones. */
export async function updateVisitor(db: Db, actor: VisitorActor, input: TVisitorUpdate): Promise<VisitorProfile> {
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
    profile = await upsertProfile(db, actor.visitorId, actor.siteId, { attributes: { ...profile?.attributes, ...input.attributes } });
  }
  return toVisitorProfile(visitor, profile);
}
