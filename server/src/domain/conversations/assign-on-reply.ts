import type { Conversation, DomainEventOf } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { assignConversation } from "./assign-conversation";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/**
 * An operator who replies to an unassigned conversation takes it (a claim), unless the site turned that off. Two
 * operators answering at once: the first reply wins, the second leaves it with the first. Returns the conversation
 * as it is now and the assignment's events (none when nothing changed).
 */
export async function assignOnReply(
  db: Db,
  actor: OperatorActor,
  conversation: Conversation,
): Promise<{ conversation: Conversation; events: DomainEventOf<"conversation.assigned">[] }> {
  if (conversation.assigneeId !== null || conversation.status === "resolved") return { conversation, events: [] };
  const i = schema.siteInboxSettings;
  const [settings] = await db
    .select({ assignOnReply: i.assignOnReply })
    .from(i)
    .where(and(eq(i.siteId, conversation.siteId), eq(i.workspaceId, actor.workspaceId)));
  if (settings && !settings.assignOnReply) return { conversation, events: [] };
  const result = await assignConversation(
    db,
    actor,
    actor.workspaceId,
    { conversationId: conversation.id, operatorId: actor.operatorId },
    { onlyIfUnassigned: true },
  );
  return { conversation: result.conversation, events: result.events };
}
