import {
  SYNC_PAGE_SIZE,
  type HistoryPage,
  type SyncPage,
  type TConversationHistory,
  type TConversationSync,
} from "@kaiwa/shared";
import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { getConversation } from "../conversations/get-conversation";
import { messageColumns, operatorShownName, toMessage } from "../mappers";

function selectMessages(db: Db) {
  return db
    .select({ message: messageColumns, authorName: operatorShownName })
    .from(schema.messages)
    .leftJoin(schema.operators, eq(schema.operators.id, schema.messages.authorId));
}

/** Everything after `afterSeq`, oldest first: what a client missed while it was away. */
export async function syncMessages(db: Db, actor: Actor, input: TConversationSync): Promise<SyncPage> {
  const conversation = await getConversation(db, actor, input.conversationId);
  const limit = input.limit ?? SYNC_PAGE_SIZE;
  const rows = await selectMessages(db)
    .where(and(eq(schema.messages.conversationId, conversation.id), gt(schema.messages.seq, input.afterSeq)))
    .orderBy(asc(schema.messages.seq))
    .limit(limit + 1);
  return {
    conversation,
    messages: rows.slice(0, limit).map((r) => toMessage(r.message, r.authorName)),
    hasMore: rows.length > limit,
  };
}

/** The page of messages just before `beforeSeq` (or the newest page), returned oldest first. */
export async function messageHistory(db: Db, actor: Actor, input: TConversationHistory): Promise<HistoryPage> {
  const conversation = await getConversation(db, actor, input.conversationId);
  const limit = input.limit ?? SYNC_PAGE_SIZE;
  const conditions: SQL[] = [eq(schema.messages.conversationId, conversation.id)];
  if (input.beforeSeq !== undefined) conditions.push(lt(schema.messages.seq, input.beforeSeq));
  const rows = await selectMessages(db)
    .where(and(...conditions))
    .orderBy(desc(schema.messages.seq))
    .limit(limit + 1);
  return {
    messages: rows
      .slice(0, limit)
      .reverse()
      .map((r) => toMessage(r.message, r.authorName)),
    hasMore: rows.length > limit,
  };
}
