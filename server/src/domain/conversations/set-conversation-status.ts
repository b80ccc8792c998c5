import { ErrorCodes, type Conversation, type TConversationSetStatus } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { conversationScope, getConversation } from "./get-conversation";

/** An operator opens, parks or resolves a conversation; resolution time is kept for analytics. */
export async function setConversationStatus(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TConversationSetStatus,
): Promise<Conversation> {
  const now = new Date();
  try {
    const updated = await db
      .update(schema.conversations)
      .set({
        status: input.status,
        resolvedAt: input.status === "resolved" ? now : null,
        lastActivityAt: now,
      })
      .where(and(eq(schema.conversations.id, input.conversationId), conversationScope(actor)))
      .returning({ id: schema.conversations.id });
    if (updated.length === 0) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(ErrorCodes.VALIDATION, "the visitor already has another unresolved conversation");
    }
    throw err;
  }
  return getConversation(db, actor, input.conversationId);
}

/** Postgres unique_violation, through pg or PGlite, possibly wrapped by drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
