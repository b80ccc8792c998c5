// The operator inbox's contract: views, assignment, counts, notes, tags, stars, canned responses.
import { z } from "zod";
import { ZId } from "./schemas";

/** Inbox views: Unassigned (waiting), Mine, All open (open + pending), Resolved. */
export const ZInboxView = z.enum(["unassigned", "mine", "open", "resolved"]);
export type InboxView = z.infer<typeof ZInboxView>;

/** `conversation:assign` (operator): give the conversation to `operatorId` (yourself: claim), or to nobody (null). */
export const ZConversationAssignSchema = z.strictObject({
  conversationId: ZId,
  operatorId: ZId.nullable(),
  /** Left with a transfer; shown to the receiving operator and kept with the assignment period. */
  note: z.string().trim().max(1000).optional(),
});
export type TConversationAssign = z.infer<typeof ZConversationAssignSchema>;

/** `inbox:counts` (operator): the counts of every view. */
export const ZInboxCountsSchema = z.strictObject({});

/** Counts of the views; `mine` is read from `byAssignee[myId]`. */
export interface InboxCounts {
  unassigned: number;
  /** Unresolved (open + pending). */
  open: number;
  pending: number;
  resolved: number;
  /** Unresolved conversations per assignee. */
  byAssignee: Record<string, number>;
}

/** `operator:list` (operator): the workspace's active operators. */
export const ZOperatorListSchema = z.strictObject({});

export interface OperatorSummary {
  id: string;
  name: string;
  role: "admin" | "supervisor" | "operator" | "trainee";
}

/** `conversation:assigned`: pushed to the workspace's operators when a conversation changes hands. */
export interface AssignmentEvent {
  conversationId: string;
  operatorId: string | null;
  previousOperatorId: string | null;
  assignedById: string | null;
  reason: "assign" | "claim" | "transfer" | "auto" | "unassign";
  note: string | null;
  at: string;
}
