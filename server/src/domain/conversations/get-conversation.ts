import { ErrorCodes, type Conversation } from "@kaiwa/shared";
import { and, eq, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { toConversation } from "../mappers";

/** The WHERE clause that limits conversations to what this actor may see. */
export function conversationScope(actor: Actor): SQL {
  const inWorkspace = eq(schema.conversations.workspaceId, actor.workspaceId);
  return actor.kind === "visitor"
    ? (and(inWorkspace, eq(schema.conversations.visitorId, actor.visitorId)) as SQL)
    : inWorkspace;
}

/**
 * One conversation the actor may see, or CONVERSATION_NOT_FOUND: a stranger's conversation and a
 * missing one look the same, so ids cannot be probed.
 */
export async function getConversation(db: Db, actor: Actor, conversationId: string): Promise<Conversation> {
  const [row] = await db
    .select({ conversation: schema.conversations, visitor: schema.visitors })
    .from(schema.conversations)
    .innerJoin(schema.visitors, eq(schema.visitors.id, schema.conversations.visitorId))
    .where(and(eq(schema.conversations.id, conversationId), conversationScope(actor)))
    .limit(1);
  if (!row) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");
  return toConversation(row.conversation, row.visitor);
}
