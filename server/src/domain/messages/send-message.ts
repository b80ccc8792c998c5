import { ErrorCodes, type Conversation, type Message, type TMessageSend } from "@kaiwa/shared";
import { and, eq, ne, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { conversationScope, getConversation } from "../conversations/get-conversation";
import { DomainError } from "../errors";
import { toMessage } from "../mappers";

const PREVIEW_LENGTH = 200;

/** The first PREVIEW_LENGTH code points, so an emoji is never cut in half. */
const preview = (body: string) => Array.from(body).slice(0, PREVIEW_LENGTH).join("");

export interface SentMessage {
  message: Message;
  conversation: Conversation;
  /** False when this was a retry of a message already stored: nothing new to broadcast. */
  created: boolean;
}

/**
 * Store a message. In one transaction: lock the conversation row, return the stored message if this
 * clientId was seen before, else take the next seq and insert. The row lock orders concurrent sends, so
 * seq has no gaps and a retry racing its original still yields one row.
 */
export async function sendMessage(db: Db, actor: Actor, input: TMessageSend): Promise<SentMessage> {
  const result = await db.transaction(async (tx) => {
    const [conv] = await tx
      .select({ id: schema.conversations.id, status: schema.conversations.status })
      .from(schema.conversations)
      .where(and(eq(schema.conversations.id, input.conversationId), conversationScope(actor)))
      .for("update")
      .limit(1);
    if (!conv) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");

    const [existing] = await tx
      .select()
      .from(schema.messages)
      .where(and(eq(schema.messages.conversationId, conv.id), eq(schema.messages.clientId, input.clientId)))
      .limit(1);
    if (existing) {
      const sameAuthor =
        existing.authorKind === actor.kind && existing.authorId === (actor.kind === "operator" ? actor.operatorId : null);
      if (!sameAuthor) throw new DomainError(ErrorCodes.VALIDATION, "clientId: already used by another message");
      return { row: existing, created: false };
    }

    // A visitor writing into a resolved conversation reopens it, unless a newer one is already open.
    const reopen = actor.kind === "visitor" && conv.status === "resolved";
    if (reopen) {
      const [newer] = await tx
        .select({ id: schema.conversations.id })
        .from(schema.conversations)
        .where(and(eq(schema.conversations.visitorId, actor.visitorId), ne(schema.conversations.status, "resolved")))
        .limit(1);
      if (newer) throw new DomainError(ErrorCodes.CONVERSATION_CLOSED, "this conversation is closed; write in the open one");
    }

    const now = new Date();
    const isOperator = actor.kind === "operator";
    const [updated] = await tx
      .update(schema.conversations)
      .set({
        lastSeq: sql`${schema.conversations.lastSeq} + 1`,
        lastMessageBody: preview(input.body),
        lastMessageAuthorKind: actor.kind,
        lastMessageAt: now,
        lastActivityAt: now,
        ...(reopen ? { status: "open" as const, resolvedAt: null } : {}),
        ...(isOperator ? { firstOperatorReplyAt: sql`coalesce(${schema.conversations.firstOperatorReplyAt}, ${now})` } : {}),
      })
      .where(eq(schema.conversations.id, conv.id))
      .returning({ lastSeq: schema.conversations.lastSeq });
    if (!updated) throw new Error("locked conversation vanished");

    const [row] = await tx
      .insert(schema.messages)
      .values({
        workspaceId: actor.workspaceId,
        conversationId: conv.id,
        seq: updated.lastSeq,
        clientId: input.clientId,
        authorKind: actor.kind,
        authorId: isOperator ? actor.operatorId : null,
        body: input.body,
        createdAt: now,
      })
      .returning();
    if (!row) throw new Error("message insert returned nothing");
    return { row, created: true };
  });

  const authorName = await resolveAuthorName(db, actor, result.row.authorId);
  return {
    message: toMessage(result.row, authorName),
    conversation: await getConversation(db, actor, input.conversationId),
    created: result.created,
  };
}

async function resolveAuthorName(db: Db, actor: Actor, authorId: string | null): Promise<string | null> {
  if (!authorId) return null;
  if (actor.kind === "operator" && actor.operatorId === authorId) return actor.name;
  const [op] = await db
    .select({ name: schema.operators.name })
    .from(schema.operators)
    .where(eq(schema.operators.id, authorId))
    .limit(1);
  return op?.name ?? null;
}
