import type { Conversation, TSearchMessages, VisitorSummary } from "@kaiwa/shared";
import { and, desc, eq, ilike, inArray, or } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { toConversation } from "../mappers";
import { SEARCH_MAX_RESULTS } from "./search-messages";
import { likeLiteral } from "./search-notes";

/**
 * Contacts (visitors) of the operator's workspace whose name or email contains the search text, each with their
 * newest conversation (what the console opens), most recently seen first. Visitors who never wrote are left out.
 */
export async function searchContacts(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TSearchMessages,
): Promise<{ visitor: VisitorSummary; conversation: Conversation }[]> {
  const v = schema.visitors;
  const pattern = `%${likeLiteral(input.q.trim())}%`;
  const visitors = await db
    .select({ id: v.id, name: v.name, email: v.email })
    .from(v)
    .where(and(eq(v.workspaceId, actor.workspaceId), or(ilike(v.name, pattern), ilike(v.email, pattern))))
    .orderBy(desc(v.lastSeenAt))
    .limit(Math.min(input.limit ?? 20, SEARCH_MAX_RESULTS));
  if (visitors.length === 0) return [];
  const c = schema.conversations;
  const rows = await db
    .selectDistinctOn([c.visitorId], { conversation: c, visitor: v })
    .from(c)
    .innerJoin(v, eq(v.id, c.visitorId))
    .where(and(eq(c.workspaceId, actor.workspaceId), inArray(c.visitorId, visitors.map((x) => x.id))))
    .orderBy(c.visitorId, desc(c.createdAt));
  const newest = new Map(rows.map((r) => [r.conversation.visitorId, toConversation(r.conversation, r.visitor)]));
  return visitors.flatMap((visitor) => {
    const conversation = newest.get(visitor.id);
    return conversation ? [{ visitor, conversation }] : [];
  });
}
