// Tables of the operator inbox: assignment periods, internal notes, tags, stars, canned responses and the
// per-site inbox settings (automatic assignment). Every table leads with workspace_id in its indexes so each
// query stays scoped and index-friendly.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations, operators, sites, workspaces } from "./core";
import { createdAt } from "./columns";

/** One period during which an operator held a conversation; `ended_at` null while it lasts. Kept for analytics. */
export const conversationAssignments = pgTable(
  "conversation_assignments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    operatorId: uuid("operator_id").references(() => operators.id, { onDelete: "set null" }),
    /** Who made the assignment; null when the system did (automatic assignment). */
    assignedById: uuid("assigned_by_id").references(() => operators.id, { onDelete: "set null" }),
    /** How it came about. */
    reason: text("reason", { enum: ["assign", "claim", "transfer", "auto"] }).notNull(),
    /** The note left with a transfer. */
    note: text("note"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("conversation_assignments_conversation_idx").on(t.conversationId, t.startedAt),
    index("conversation_assignments_workspace_idx").on(t.workspaceId, t.operatorId, t.startedAt),
  ],
);

/**
 * What happened to a conversation (an assignment, a status change), for its timeline: operators only, like notes.
 * The id is the id of the domain event that reported it, so a live push and a later listing are the same entry.
 */
export const conversationActivity = pgTable(
  "conversation_activity",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["assigned", "status"] }).notNull(),
    /** The operator who did it; null for the system. */
    actorId: uuid("actor_id").references(() => operators.id, { onDelete: "set null" }),
    /** The kind's own fields: reason, operatorId, previousOperatorId, note; or from, to. */
    data: jsonb("data").$type<Record<string, string | null>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("conversation_activity_conversation_idx").on(t.workspaceId, t.conversationId, t.createdAt)],
);

/** Internal notes: operators only, never sent to visitors (a separate table keeps message seq dense). */
export const conversationNotes = pgTable(
  "conversation_notes",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => operators.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("conversation_notes_conversation_idx").on(t.workspaceId, t.conversationId, t.createdAt)],
);

/** A tag on a conversation; tag names are free text, lower-cased and trimmed. */
export const conversationTags = pgTable(
  "conversation_tags",
  {
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tag] }), index("conversation_tags_workspace_tag_idx").on(t.workspaceId, t.tag)],
);

/**
 * Tags an admin defined for the workspace (name as stored on conversation_tags, a colour and a description).
 * Operators may still type a new tag on a conversation; the tags page lists both kinds.
 */
export const workspaceTags = pgTable(
  "workspace_tags",
  {
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    description: text("description"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** A conversation an operator starred (per operator). */
export const conversationStars = pgTable(
  "conversation_stars",
  {
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    operatorId: uuid("operator_id").notNull().references(() => operators.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.conversationId] }), index("conversation_stars_workspace_idx").on(t.workspaceId, t.operatorId)],
);

/** Canned responses: shortcut (typed after `/`) and body with {{visitor.name}}-style placeholders. */
export const cannedResponses = pgTable(
  "canned_responses",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    shortcut: text("shortcut").notNull(),
    body: text("body").notNull(),
    createdById: uuid("created_by_id").references(() => operators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("canned_responses_workspace_shortcut_key").on(t.workspaceId, t.shortcut)],
);

/** Inbox settings of a site: automatic assignment and the per-operator capacity it respects. */
export const siteInboxSettings = pgTable("site_inbox_settings", {
  siteId: uuid("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  autoAssign: boolean("auto_assign").notNull().default(false),
  /** Most unresolved conversations one operator is given automatically. */
  capacity: integer("capacity").notNull().default(5),
  /** An operator who replies to an unassigned conversation becomes its assignee. */
  assignOnReply: boolean("assign_on_reply").notNull().default(true),
});
