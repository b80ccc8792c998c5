import type { DomainEventOf, ReadState, TConversationRead } from "@kaiwa/shared";
import { and, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { getConversation } from "../conversations/get-conversation";

/**
 * Record that the actor's side has seen the conversation up to `seq` (never moving backwards, never past the
 * last message) and return both sides' positions. `seq` 0 only reads the state. `changed` says whether to tell
 * the other side.
 */
export async function markRead(
  db: Db,
  actor: Actor,
  input: TConversationRead,
): Promise<{ state: ReadState; changed: boolean; visitorId: string; events: DomainEventOf<"conversation.read">[] }> {
  const conversation = await getConversation(db, actor, input.conversationId);
  const reader = actor.kind === "visitor" ? "visitor" : "operator";
  const seq = Math.min(input.seq, conversation.lastSeq);
  let changed = false;
  if (seq > 0) {
    const updated = await db
      .insert(schema.conversationReads)
      .values({ conversationId: conversation.id, reader, seq })
      .onConflictDoUpdate({
        target: [schema.conversationReads.conversationId, schema.conversationReads.reader],
        set: { seq, updatedAt: new Date() },
        setWhere: sql`${schema.conversationReads.seq} < ${seq}`,
      })
      .returning({ seq: schema.conversationReads.seq });
    changed = updated.length > 0;
  }
  const rows = await db
    .select({ reader: schema.conversationReads.reader, seq: schema.conversationReads.seq })
    .from(schema.conversationReads)
    .where(and(eq(schema.conversationReads.conversationId, conversation.id)));
  const state: ReadState = {
    conversationId: conversation.id,
    visitorSeq: rows.find((r) => r.reader === "visitor")?.seq ?? 0,
    operatorSeq: rows.find((r) => r.reader === "operator")?.seq ?? 0,
  };
  const visitorId = conversation.visitor.id;
  const events = changed ? [domainEvent("conversation.read", actor.workspaceId, actor, { state, visitorId })] : [];
  return { state, changed, visitorId, events };
}
