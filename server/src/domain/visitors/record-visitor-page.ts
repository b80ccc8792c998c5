import type { DomainEventOf, TVisitorPage, VisitorPageEvent } from "@kaiwa/shared";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import type { Actor } from "../actor";
import { USER_AGENT_MAX_LENGTH, parseUserAgent } from "./parse-user-agent";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/**
 * The visitor is on a host page now: keep it (with the referrer and the connection's User-Agent, which the
 * server reads from the handshake rather than trusting the widget) on the visitor's profile.
 * The actor comes from an authenticated visitor socket, so the visitor row exists.
 */
export async function recordVisitorPage(
  db: Db,
  actor: VisitorActor,
  input: TVisitorPage,
  userAgent: string | null,
): Promise<{ viewed: VisitorPageEvent; events: DomainEventOf<"visitor.page_viewed">[] }> {
  const seenAt = new Date();
  const ua = userAgent ? userAgent.slice(0, USER_AGENT_MAX_LENGTH) : null;
  const patch = { pageUrl: input.url, pageTitle: input.title, referrer: input.referrer, userAgent: ua, pageSeenAt: seenAt };
  const [row] = await db
    .insert(schema.visitorProfiles)
    .values({ visitorId: actor.visitorId, siteId: actor.siteId, ...patch })
    .onConflictDoUpdate({ target: schema.visitorProfiles.visitorId, set: { ...patch, updatedAt: seenAt } })
    .returning();
  if (!row) throw new Error("profile upsert returned nothing");
  const viewed: VisitorPageEvent = {
    visitorId: actor.visitorId,
    page: { url: input.url, title: input.title, seenAt: seenAt.toISOString() },
    referrer: input.referrer,
    browser: parseUserAgent(ua),
  };
  return { viewed, events: [domainEvent("visitor.page_viewed", actor.workspaceId, actor, viewed)] };
}
