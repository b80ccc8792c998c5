import type { DomainEvent, DomainEventType } from "@kaiwa/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

/**
 * Event types that never go through the outbox. `message.created` is the hottest path (a second row per message
 * would halve what `message:send` can do) and the messages table is already a durable, ordered log that a consumer
 * can follow with a cursor of its own; read positions and page views are frequent, and kept in their own tables.
 */
export const LIVE_ONLY_EVENT_TYPES: ReadonlySet<DomainEventType> = new Set([
  "message.created",
  "conversation.read",
  "visitor.page_viewed",
  "conversation.starred",
  // Room keys of ended sessions are derived from token hashes: they are acted on at once and never stored again.
  "operator.sessions_ended",
]);

/** The conversation an event belongs to, if any: its deliveries are ordered per conversation. */
export function eventConversationId(event: DomainEvent): string | null {
  const data = event.data as { conversation?: { id: string }; conversationId?: string; note?: { conversationId: string }; draft?: { conversationId: string } };
  return data.conversation?.id ?? data.conversationId ?? data.note?.conversationId ?? data.draft?.conversationId ?? null;
}

/**
 * Write `events` to the outbox inside the caller's transaction `tx`, with one pending delivery for every consumer
 * registered for each event's type. Committed with the change or not at all, so a node killed right after the
 * commit loses nothing: another node's worker delivers it.
 */
export async function recordEvents(tx: Db, events: readonly DomainEvent[]): Promise<void> {
  const durable = events.filter((e) => !LIVE_ONLY_EVENT_TYPES.has(e.type));
  if (durable.length === 0) return;
  const rows = sql.join(
    durable.map(
      (e) =>
        sql`(${e.id}::uuid, ${e.workspaceId}::uuid, ${e.type}, ${eventConversationId(e)}::uuid, ${JSON.stringify(e)}::jsonb, ${e.occurredAt}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    with e as (
      insert into outbox_events (id, workspace_id, type, conversation_id, event, created_at)
      values ${rows}
      returning position, type, conversation_id
    )
    insert into outbox_deliveries (event_position, consumer, conversation_id)
    select e.position, c.name, e.conversation_id from e join outbox_consumers c on e.type = any(c.event_types)`);
}
