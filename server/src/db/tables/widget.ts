// Tables of the visitor widget: per-site widget settings, identified visitors, extra device tokens, read
// positions and attachments.
import type { OpeningWindow } from "@kaiwa/shared";
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations, messages, sites, visitors, workspaces } from "./core";
import { bytea } from "./columns";

/** Settings of the widget on one site beyond the core `sites` columns (colour, greeting, locale). */
export const siteWidgetSettings = pgTable("site_widget_settings", {
  siteId: uuid("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  position: text("position", { enum: ["right", "left"] }).notNull().default("right"),
  /** IANA time zone of `openingHours`, e.g. Asia/Tokyo. */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Null: always open. */
  openingHours: jsonb("opening_hours").$type<OpeningWindow[]>(),
  /** Ask for an email address when nobody can answer now. */
  askEmail: boolean("ask_email").notNull().default(false),
  /** Show a name / email / first question form before the first message. */
  preChatForm: boolean("pre_chat_form").notNull().default(false),
  maxUploadBytes: integer("max_upload_bytes").notNull().default(5 * 1024 * 1024),
  /** When set, `identify()` must carry HMAC-SHA256(secret, userId) and identified visitors join across devices. */
  identitySecret: text("identity_secret"),
});

/** A visitor's verified identity on the host site and the attributes the host page set. */
export const visitorProfiles = pgTable(
  "visitor_profiles",
  {
    visitorId: uuid("visitor_id")
      .primaryKey()
      .references(() => visitors.id, { onDelete: "cascade" }),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** The host's user id, only once verified by hash. */
    externalUserId: text("external_user_id"),
    attributes: jsonb("attributes").$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    /** The host page the visitor is on now (reported by the loader; http(s) only), its title and the page's referrer. */
    pageUrl: text("page_url"),
    pageTitle: text("page_title"),
    referrer: text("referrer"),
    /** The visitor's browser User-Agent string (parsed for display in the console). */
    userAgent: text("user_agent"),
    pageSeenAt: timestamp("page_seen_at", { withTimezone: true, mode: "date" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("visitor_profiles_site_user_key").on(t.siteId, t.externalUserId)],
);

/** Extra tokens of one visitor: an identified visitor gets one per device (the first lives on `visitors`). */
export const visitorTokens = pgTable(
  "visitor_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    visitorId: uuid("visitor_id")
      .notNull()
      .references(() => visitors.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("visitor_tokens_visitor_idx").on(t.visitorId)],
);

/** How far each side has read a conversation (highest seq seen), for read receipts. */
export const conversationReads = pgTable(
  "conversation_reads",
  {
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    reader: text("reader", { enum: ["visitor", "operator"] }).notNull(),
    seq: integer("seq").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.reader] })],
);

/** A file sent in a conversation, stored in Postgres (a dyno's disk is not durable). */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The message that carries it, once sent. */
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    uploaderKind: text("uploader_kind", { enum: ["visitor", "operator"] }).notNull(),
    name: text("name").notNull(),
    /** Sniffed from the bytes by the server. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("attachments_conversation_idx").on(t.conversationId), index("attachments_message_idx").on(t.messageId)],
);
