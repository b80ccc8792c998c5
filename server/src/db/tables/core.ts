// The core tables every feature hangs on: workspaces, operators and their sessions, sites, visitors,
// conversations and messages.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, tsvector } from "./columns";


/** A tenant: one support team. Every other row carries its workspace_id so every query can be scoped. */
export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const operators = pgTable(
  "operators",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Stored lower-cased; one account per email across the whole installation. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "supervisor", "operator", "trainee"] }).notNull().default("operator"),
    /** scrypt, in the form `scrypt$N$r$p$salt$hash` (base64url). */
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    /** Most unresolved conversations automatic assignment gives this operator; null: the site's capacity. */
    capacity: integer("capacity"),
    /** The name on their messages, as visitors see it; null: `name`. */
    displayName: text("display_name"),
    /** The console's language for them; null: the browser's. */
    locale: text("locale", { enum: ["ja", "en"] }),
    /** A sign-off they can add to a reply with one click. */
    signature: text("signature"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("operators_email_key").on(t.email), index("operators_workspace_idx").on(t.workspaceId)],
);

/** Server-side operator sessions; the cookie holds the random token, the table only its SHA-256. */
export const operatorSessions = pgTable(
  "operator_sessions",
  {
    id: id(),
    operatorId: uuid("operator_id").notNull().references(() => operators.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("operator_sessions_token_key").on(t.tokenHash), index("operator_sessions_operator_idx").on(t.operatorId)],
);

/** A website that embeds the widget, found by its public key. */
export const sites = pgTable(
  "sites",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    publicKey: text("public_key").notNull(),
    color: text("color").notNull().default("#2563eb"),
    greeting: text("greeting"),
    locale: text("locale", { enum: ["ja", "en"] }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sites_public_key_key").on(t.publicKey), index("sites_workspace_idx").on(t.workspaceId)],
);

/**
 * A person who contacts the team. Today every visitor comes through the widget and is known by a token;
 * identities on other channels (LINE, API) will hang off this row in their own table.
 */
export const visitors = pgTable(
  "visitors",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").notNull().references(() => sites.id, { onDelete: "cascade" }),
    /** SHA-256 of the widget's random token (hex). */
    tokenHash: text("token_hash").notNull(),
    name: text("name"),
    email: text("email"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("visitors_token_key").on(t.tokenHash), index("visitors_site_idx").on(t.siteId)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").notNull().references(() => sites.id, { onDelete: "cascade" }),
    visitorId: uuid("visitor_id").notNull().references(() => visitors.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["widget", "api", "line"] }).notNull().default("widget"),
    status: text("status", { enum: ["open", "pending", "resolved"] }).notNull().default("open"),
    assigneeId: uuid("assignee_id").references(() => operators.id, { onDelete: "set null" }),
    /** Highest message seq handed out; the next message gets last_seq + 1 under this row's lock. */
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageBody: text("last_message_body"),
    lastMessageAuthorKind: text("last_message_author_kind", { enum: ["visitor", "operator", "system", "bot"] }),
    /**
     * The operator who wrote the newest message (null for visitors, bots and the system), for the inbox preview. No
     * foreign key: it is written by every send, and operators are deactivated, never deleted.
     */
    lastMessageAuthorId: uuid("last_message_author_id"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true, mode: "date" }),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * The visitor's first message since the team last answered (null: answered, or resolved): how long they have
     * waited, the key of the "longest waiting" sort.
     */
    waitingSince: timestamp("waiting_since", { withTimezone: true, mode: "date" }),
    /** Kept as data for analytics (first response time, resolution time). */
    firstOperatorReplyAt: timestamp("first_operator_reply_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("conversations_inbox_idx").on(t.workspaceId, t.status, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("conversations_workspace_activity_idx").on(t.workspaceId, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("conversations_visitor_idx").on(t.visitorId, t.createdAt.desc()),
    /** Inbox views of unresolved work (All open, Unassigned, Mine) and their counts per assignee. */
    index("conversations_unresolved_activity_idx")
      .on(t.workspaceId, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`status <> 'resolved'`),
    /** The "longest waiting" sort of unresolved work: unanswered first, by waiting time; then the answered, idle longest first. */
    index("conversations_unresolved_waiting_idx")
      .on(t.workspaceId, sql`(${t.waitingSince} is null)`, sql`coalesce(${t.waitingSince}, ${t.lastActivityAt})`, t.id)
      .where(sql`status <> 'resolved'`),
    index("conversations_unresolved_assignee_idx")
      .on(t.workspaceId, t.assigneeId, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`status <> 'resolved'`),
    /** At most one unresolved conversation per visitor and channel: a double click never opens two. */
    uniqueIndex("conversations_one_open_per_visitor")
      .on(t.visitorId, t.channel)
      .where(sql`status <> 'resolved'`),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    clientId: text("client_id").notNull(),
    authorKind: text("author_kind", { enum: ["visitor", "operator", "system", "bot"] }).notNull(),
    /** The operator who wrote it, when authorKind is operator. */
    authorId: uuid("author_id").references(() => operators.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    /**
     * Search lexemes computed by the database (kaiwa_search_tokens, migration 0001): Japanese and Chinese runs
     * as character bigrams, since they have no spaces to split words on; other scripts as lower-cased words.
     */
    searchTokens: tsvector("search_tokens").generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, kaiwa_search_tokens(body))`),
  },
  (t) => [
    uniqueIndex("messages_conversation_seq_key").on(t.conversationId, t.seq),
    uniqueIndex("messages_conversation_client_key").on(t.conversationId, t.clientId),
    index("messages_search_idx").using("gin", t.searchTokens),
    index("messages_workspace_created_idx").on(t.workspaceId, t.createdAt.desc().nullsFirst()),
  ],
);
