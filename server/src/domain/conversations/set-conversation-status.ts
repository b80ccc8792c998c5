import { ErrorCodes, type Conversation, type DomainEventOf, type TConversationSetStatus } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { sendMessage, type SentMessage } from "../messages/send-message";
import { recordActivity } from "./activity";
import { conversationScope, getConversation } from "./get-conversation";

/**
 * An operator opens, parks or resolves a conversation; resolution time is kept for analytics, and the change goes in
 * the conversation's timeline. Resolving may first send the visitor a closing message.
 */
export async function setConversationStatus(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TConversationSetStatus,
): Promise<{ conversation: Conversation; events: (DomainEventOf<"conversation.status_changed"> | SentMessage["events"][number])[] }> {
  const { closingMessage, ...change } = input;
  const closing =
    closingMessage && input.status === "resolved"
      ? await sendMessage(db, actor, { conversationId: input.conversationId, clientId: closingMessage.clientId, body: closingMessage.body })
      : null;
  const changed = await changeStatus(db, actor, change);
  return { conversation: changed.conversation, events: [...(closing?.events ?? []), ...changed.events] };
}

async function changeStatus(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: Omit<TConversationSetStatus, "closingMessage">,
): Promise<{ conversation: Conversation; events: DomainEventOf<"conversation.status_changed">[] }> {
  const now = new Date();
  const c = schema.conversations;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ status: c.status })
        .from(c)
        .where(and(eq(c.id, input.conversationId), conversationScope(actor)))
        .for("update");
      if (!before) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");
      await tx
        .update(c)
        .set({
          status: input.status,
          resolvedAt: input.status === "resolved" ? now : null,
          lastActivityAt: now,
          // Resolved is dealt with: if the visitor writes again, their wait starts with that message.
          ...(input.status === "resolved" ? { waitingSince: null } : {}),
        })
        .where(and(eq(c.id, input.conversationId), conversationScope(actor)));
      const conversation = await getConversation(tx, actor, input.conversationId);
      const events =
        before.status === input.status
          ? []
          : [domainEvent("conversation.status_changed", actor.workspaceId, actor, { conversation, from: before.status, to: input.status })];
      await recordEvents(tx, events);
      for (const event of events) await recordActivity(tx, event);
      return { conversation, events };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(ErrorCodes.VALIDATION, "the visitor already has another unresolved conversation");
    }
    throw err;
  }
}

/** Postgres unique_violation, through pg or PGlite, possibly wrapped by drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
