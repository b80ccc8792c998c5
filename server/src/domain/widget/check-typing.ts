import type { TConversationTyping, TypingEvent } from "@kaiwa/shared";
import type { Db } from "../../db/client";
import type { Actor } from "../actor";
import { getConversation } from "../conversations/get-conversation";

/** A typing signal the actor may send in this conversation, and the visitor whose tabs should hear it. */
export async function checkTyping(db: Db, actor: Actor, input: TConversationTyping): Promise<{ event: TypingEvent; visitorId: string }> {
  const conversation = await getConversation(db, actor, input.conversationId);
  return {
    event: {
      conversationId: conversation.id,
      authorKind: actor.kind,
      authorName: actor.kind === "operator" ? actor.name : null,
      typing: input.typing,
    },
    visitorId: conversation.visitor.id,
  };
}
