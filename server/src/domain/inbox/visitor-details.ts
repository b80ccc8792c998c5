import type { VisitorDetails } from "@kaiwa/shared";
import { and, desc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { getConversation } from "../conversations/get-conversation";
import { parseUserAgent } from "../visitors/parse-user-agent";

/** The visitor panel: who the visitor of a conversation is, what the site told us, where they are now and their other conversations. */
export async function visitorDetails(db: Db, actor: Extract<Actor, { kind: "operator" }>, conversationId: string): Promise<VisitorDetails> {
  const conversation = await getConversation(db, actor, conversationId);
  const v = schema.visitors;
  const c = schema.conversations;
  const [[row], others] = await Promise.all([
    db
      .select({ visitor: v, profile: schema.visitorProfiles })
      .from(v)
      .leftJoin(schema.visitorProfiles, eq(schema.visitorProfiles.visitorId, v.id))
      .where(and(eq(v.id, conversation.visitor.id), eq(v.workspaceId, actor.workspaceId))),
    db
      .select({ id: c.id, status: c.status, createdAt: c.createdAt, lastActivityAt: c.lastActivityAt, lastMessageBody: c.lastMessageBody })
      .from(c)
      .where(and(eq(c.visitorId, conversation.visitor.id), eq(c.workspaceId, actor.workspaceId), ne(c.id, conversationId)))
      .orderBy(desc(c.createdAt))
      .limit(20),
  ]);
  const visitor = row!.visitor;
  const profile = row!.profile;
  return {
    id: visitor.id,
    name: visitor.name,
    email: visitor.email,
    userId: profile?.externalUserId ?? null,
    attributes: profile?.attributes ?? {},
    firstSeenAt: visitor.createdAt.toISOString(),
    lastSeenAt: visitor.lastSeenAt.toISOString(),
    conversations: others.map((o) => ({
      id: o.id,
      status: o.status,
      createdAt: o.createdAt.toISOString(),
      lastActivityAt: o.lastActivityAt.toISOString(),
      lastMessageBody: o.lastMessageBody,
    })),
    page: profile?.pageUrl && profile.pageSeenAt ? { url: profile.pageUrl, title: profile.pageTitle ?? "", seenAt: profile.pageSeenAt.toISOString() } : null,
    referrer: profile?.referrer ?? null,
    browser: parseUserAgent(profile?.userAgent),
  };
}
