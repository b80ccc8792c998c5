import type { Conversation, DomainEventOf } from "@kaiwa/shared";
import { and, desc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { getConversation } from "./get-conversation";

/**
 * Resume the visitor's unresolved widget conversation or open a new one. Safe to call twice at once:
 * a partial unique index allows one unresolved conversation per visitor and channel.
 */
export async function startConversation(
  db: Db,
  actor: Extract<Actor, { kind: "visitor" }>,
): Promise<{ conversation: Conversation; created: boolean; events: DomainEventOf<"conversation.opened">[] }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.conversations)
      .values({ workspaceId: actor.workspaceId, siteId: actor.siteId, visitorId: actor.visitorId, channel: "widget" })
      .onConflictDoNothing()
      .returning({ id: schema.conversations.id });
    let id = inserted[0]?.id;
    if (!id) {
      const [existing] = await tx
        .select({ id: schema.conversations.id })
        .from(schema.conversations)
        .where(
          and(
            eq(schema.conversations.visitorId, actor.visitorId),
            eq(schema.conversations.channel, "widget"),
            ne(schema.conversations.status, "resolved"),
          ),
        )
        .orderBy(desc(schema.conversations.createdAt))
        .limit(1);
      if (!existing) throw new Error("conversation conflict without an unresolved conversation");
      id = existing.id;
    }
    const conversation = await getConversation(tx, actor, id);
    const created = inserted.length > 0;
    const events = created ? [domainEvent("conversation.opened", actor.workspaceId, actor, { conversation })] : [];
    await recordEvents(tx, events);
    return { conversation, created, events };
  });
}
