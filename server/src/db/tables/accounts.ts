// Accounts and roles: invitations, password resets, the audit log and trainee drafts.
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations, messages, operators, workspaces } from "./core";
import { createdAt, id } from "./columns";

const roleEnum = ["admin", "supervisor", "operator", "trainee"] as const;

/** An admin's invitation of a new operator; the link carries a random token, the table only its SHA-256. */
export const operatorInvitations = pgTable(
  "operator_invitations",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: roleEnum }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => operators.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("operator_invitations_token_key").on(t.tokenHash), index("operator_invitations_workspace_idx").on(t.workspaceId)],
);

/** A one-time password reset link: hashed token, expiry, used at most once. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: id(),
    operatorId: uuid("operator_id").notNull().references(() => operators.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("password_resets_token_key").on(t.tokenHash), index("password_resets_operator_idx").on(t.operatorId)],
);

/** Every change to a workspace's operators (invited, joined, role changed, deactivated, password reset...). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Who did it; null when the subject acted through a link (reset, accepted invitation). */
    actorId: uuid("actor_id").references(() => operators.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetId: uuid("target_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_workspace_created_idx").on(t.workspaceId, t.createdAt.desc())],
);

/**
 * A trainee's reply held for review. `messages` keeps only sent messages (so seq stays dense); an approved
 * draft is sent through the normal message path and points at the message it became.
 */
export const messageDrafts = pgTable(
  "message_drafts",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").notNull().references(() => operators.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull().default("pending"),
    reviewerId: uuid("reviewer_id").references(() => operators.id, { onDelete: "set null" }),
    reviewComment: text("review_comment"),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_drafts_conversation_client_key").on(t.conversationId, t.clientId),
    index("message_drafts_workspace_status_idx").on(t.workspaceId, t.status, t.createdAt),
  ],
);
