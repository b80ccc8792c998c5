import type { Conversation, Message } from "@kaiwa/shared";
import { getTableColumns, sql } from "drizzle-orm";
import { schema } from "../db/client";

/** The name an operator goes by on messages, notes and drafts: the display name they chose, else their name. */
export const operatorShownName = sql<string>`coalesce(${schema.operators.displayName}, ${schema.operators.name})`;

/** The message columns clients see: everything but the search lexemes, which can be large. */
export const { searchTokens: _searchTokens, ...messageColumns } = getTableColumns(schema.messages);

type MessageRow = Omit<typeof schema.messages.$inferSelect, "searchTokens">;
type ConversationRow = typeof schema.conversations.$inferSelect;
type VisitorRow = Pick<typeof schema.visitors.$inferSelect, "id" | "name" | "email">;

/** A stored message as clients see it. */
export function toMessage(row: MessageRow, authorName: string | null): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    authorKind: row.authorKind,
    authorId: row.authorId,
    authorName,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A stored conversation with its visitor, as clients see it. */
export function toConversation(row: ConversationRow, visitor: VisitorRow): Conversation {
  return {
    id: row.id,
    siteId: row.siteId,
    channel: row.channel,
    status: row.status,
    visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
    assigneeId: row.assigneeId,
    lastSeq: row.lastSeq,
    lastMessage:
      row.lastMessageAt && row.lastMessageAuthorKind && row.lastMessageBody !== null
        ? {
            body: row.lastMessageBody,
            authorKind: row.lastMessageAuthorKind,
            authorId: row.lastMessageAuthorId,
            createdAt: row.lastMessageAt.toISOString(),
            seq: row.lastSeq,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
    waitingSince: row.waitingSince?.toISOString() ?? null,
  };
}
