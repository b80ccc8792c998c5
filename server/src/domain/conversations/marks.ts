import type { ConversationMarks, DomainEventOf, TConversationSetTags, TConversationStar } from "@kaiwa/shared";
import { and, eq, inArray } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { getConversation } from "./get-conversation";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** Tags (the team's) and star (the caller's) of some conversations of the caller's workspace. */
export async function marksOf(db: Db, actor: OperatorActor, conversationIds: string[]): Promise<ConversationMarks[]> {
  if (conversationIds.length === 0) return [];
  const t = schema.conversationTags;
  const s = schema.conversationStars;
  const [tags, stars] = await Promise.all([
    db
      .select({ conversationId: t.conversationId, tag: t.tag })
      .from(t)
      .where(and(eq(t.workspaceId, actor.workspaceId), inArray(t.conversationId, conversationIds)))
      .orderBy(t.tag),
    db
      .select({ conversationId: s.conversationId })
      .from(s)
      .where(and(eq(s.operatorId, actor.operatorId), inArray(s.conversationId, conversationIds))),
  ]);
  const starred = new Set(stars.map((x) => x.conversationId));
  return conversationIds.map((id) => ({
    conversationId: id,
    tags: tags.filter((x) => x.conversationId === id).map((x) => x.tag),
    starred: starred.has(id),
  }));
}

/** Replace a conversation's tags (deduplicated). */
export async function setTags(
  db: Db,
  actor: OperatorActor,
  input: TConversationSetTags,
): Promise<{ marks: ConversationMarks; events: DomainEventOf<"conversation.tagged">[] }> {
  await getConversation(db, actor, input.conversationId);
  const tags = [...new Set(input.tags)];
  return db.transaction(async (tx) => {
    await tx
      .delete(schema.conversationTags)
      .where(and(eq(schema.conversationTags.workspaceId, actor.workspaceId), eq(schema.conversationTags.conversationId, input.conversationId)));
    if (tags.length > 0) {
      await tx
        .insert(schema.conversationTags)
        .values(tags.map((tag) => ({ workspaceId: actor.workspaceId, conversationId: input.conversationId, tag })));
    }
    const [marks] = await marksOf(tx, actor, [input.conversationId]);
    const events = [domainEvent("conversation.tagged", actor.workspaceId, actor, { conversationId: input.conversationId, tags: marks!.tags })];
    await recordEvents(tx, events);
    return { marks: marks!, events };
  });
}

/** Star or unstar a conversation for the caller only. */
export async function starConversation(
  db: Db,
  actor: OperatorActor,
  input: TConversationStar,
): Promise<{ marks: ConversationMarks; events: DomainEventOf<"conversation.starred">[] }> {
  await getConversation(db, actor, input.conversationId);
  const s = schema.conversationStars;
  if (input.starred) {
    await db
      .insert(s)
      .values({ workspaceId: actor.workspaceId, conversationId: input.conversationId, operatorId: actor.operatorId })
      .onConflictDoNothing();
  } else {
    await db.delete(s).where(and(eq(s.operatorId, actor.operatorId), eq(s.conversationId, input.conversationId)));
  }
  const [marks] = await marksOf(db, actor, [input.conversationId]);
  const data = { conversationId: input.conversationId, operatorId: actor.operatorId, starred: input.starred };
  return { marks: marks!, events: [domainEvent("conversation.starred", actor.workspaceId, actor, data)] };
}
