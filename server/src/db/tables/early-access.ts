// Early access: the program a workspace joins, the product team, and the feedback board.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { operators, workspaces } from "./core";
import { bytea } from "./columns";

/** A workspace that joined the early-access program: early-access flags are on for it even in production. */
export const earlyAccessWorkspaces = pgTable("early_access_workspaces", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** The admin who opted in. */
  optedInBy: uuid("opted_in_by").references(() => operators.id, { onDelete: "set null" }),
  optedInAt: timestamp("opted_in_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * The product team: every operator of a workspace listed here sees every feedback post and sets statuses.
 * Designated by the platform's operators (docs/deploy.md), never from the console.
 */
export const productTeamWorkspaces = pgTable("product_team_workspaces", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const FEEDBACK_STATUSES = ["under_review", "planned", "in_progress", "shipped", "declined"] as const;

/** One piece of feedback on a feature or a release. */
export const feedbackPosts = pgTable(
  "feedback_posts",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => operators.id, { onDelete: "set null" }),
    /** `feature` (a flag key) or `release` (a version). */
    subjectKind: text("subject_kind", { enum: ["feature", "release"] }).notNull(),
    subject: text("subject").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** `workspace`: the author's workspace and the product team; `public`: everyone signed in. */
    visibility: text("visibility", { enum: ["workspace", "public"] }).notNull().default("workspace"),
    status: text("status", { enum: FEEDBACK_STATUSES }).notNull().default("under_review"),
    screenshot: bytea("screenshot"),
    screenshotType: text("screenshot_type"),
    voteCount: integer("vote_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("feedback_posts_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    index("feedback_posts_public_idx").on(t.visibility, t.createdAt.desc()),
  ],
);

export const feedbackVotes = pgTable(
  "feedback_votes",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => feedbackPosts.id, { onDelete: "cascade" }),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.operatorId] })],
);

export const feedbackComments = pgTable(
  "feedback_comments",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    postId: uuid("post_id")
      .notNull()
      .references(() => feedbackPosts.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => operators.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    /** Written by a member of the product team (shown as the team's answer). */
    fromProductTeam: boolean("from_product_team").notNull().default(false),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("feedback_comments_post_idx").on(t.postId, t.createdAt)],
);
