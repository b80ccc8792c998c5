// The durable outbox: domain events written in the same transaction as the change they describe, and one
// delivery per (event, consumer) that any node may claim. Consumers register the event types they need in
// outbox_consumers; writing an event creates a delivery for each consumer registered for its type.
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { workspaces } from "./core";

/** One domain event, as `ZDomainEventSchema` parses it. `position` orders events as they were written. */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    position: bigserial("position", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull().unique(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** Events of one conversation reach each consumer in order. */
    conversationId: uuid("conversation_id"),
    event: jsonb("event").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_events_created_idx").on(t.createdAt)],
);

/** A consumer that must not miss an event, and the types it handles (kept up to date by every node at start). */
export const outboxConsumers = pgTable("outbox_consumers", {
  name: text("name").primaryKey(),
  eventTypes: text("event_types").array().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * One event for one consumer. `pending` until handled (`done`) or given up after its last attempt (`failed`, with
 * the error). `available_at` is when it may be claimed: now, after a retry's backoff, or when a claim's lease ends.
 */
export const outboxDeliveries = pgTable(
  "outbox_deliveries",
  {
    eventPosition: bigint("event_position", { mode: "number" })
      .notNull()
      .references(() => outboxEvents.position, { onDelete: "cascade" }),
    consumer: text("consumer").notNull(),
    conversationId: uuid("conversation_id"),
    status: text("status", { enum: ["pending", "done", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastError: text("last_error"),
    handledAt: timestamp("handled_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.eventPosition, t.consumer] }),
    index("outbox_deliveries_claim_idx").on(t.consumer, t.availableAt).where(sql`status = 'pending'`),
    index("outbox_deliveries_conversation_idx").on(t.consumer, t.conversationId, t.eventPosition).where(sql`status = 'pending'`),
  ],
);
