// The operator inbox's contract: views, assignment, counts, notes, tags, stars, canned responses.
import { z } from "zod";
import { zText } from "./text";
import { ZId } from "./schemas";
import type { SiteInboxSettings, VisitorBrowser, VisitorPage } from "./models";

/** Inbox views: Unassigned (waiting), Mine, All open (open + pending), Pending, Resolved. */
export const ZInboxView = z.enum(["unassigned", "mine", "open", "pending", "resolved"]);

/** `conversation:activity` (operator): what happened to a conversation (assignments, status changes), oldest first. */
export const ZConversationActivitySchema = z.strictObject({ conversationId: ZId });
export type InboxView = z.infer<typeof ZInboxView>;

/** `conversation:assign` (operator): give the conversation to `operatorId` (yourself: claim), or to nobody (null). */
export const ZConversationAssignSchema = z.strictObject({
  conversationId: ZId,
  operatorId: ZId.nullable(),
  /** Left with a transfer; shown to the receiving operator and kept with the assignment period. */
  note: zText().trim().max(1000).optional(),
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


/** An operator's presence; anyone missing from a `PresenceMap` is offline. */
export type PresenceStatus = "online" | "away";
export type PresenceMap = Record<string, PresenceStatus>;

/** `presence:set` (operator): choose online or away (offline is having no console open). */
export const ZPresenceSetSchema = z.strictObject({ status: z.enum(["online", "away"]) });
export type TPresenceSet = z.infer<typeof ZPresenceSetSchema>;

/** `presence:list` (operator) */
export const ZPresenceListSchema = z.strictObject({});


/** `inbox:settings` (operator): read a site's inbox settings. */
export const ZInboxSettingsGetSchema = z.strictObject({ siteId: ZId });

/** `inbox:setSettings` (admins): change a site's inbox settings. */
export const ZInboxSettingsSetSchema = z.strictObject({
  siteId: ZId,
  autoAssign: z.boolean().optional(),
  capacity: z.number().int().min(1).max(100).optional(),
  /** An operator who replies to an unassigned conversation becomes its assignee. */
  assignOnReply: z.boolean().optional(),
});
export type TInboxSettingsSet = z.infer<typeof ZInboxSettingsSetSchema>;


/** `note:add` (operator) */
export const ZNoteAddSchema = z.strictObject({
  conversationId: ZId,
  body: zText()
    .max(5000, "a note holds at most 5000 characters")
    .refine((s) => s.trim().length > 0, "a note cannot be empty"),
});
export type TNoteAdd = z.infer<typeof ZNoteAddSchema>;

/** `note:list` (operator): every note of a conversation, oldest first. */
export const ZNoteListSchema = z.strictObject({ conversationId: ZId });

/** A tag: 1..40 characters, stored trimmed and lower-cased. */
export const ZTag = zText()
  .trim()
  .min(1)
  .max(40)
  .transform((s) => s.toLowerCase());

/** `conversation:setTags` (operator): replace the conversation's tags. */
export const ZConversationSetTagsSchema = z.strictObject({
  conversationId: ZId,
  tags: z.array(ZTag).max(20, "at most 20 tags"),
});
export type TConversationSetTags = z.infer<typeof ZConversationSetTagsSchema>;

/** `conversation:star` (operator): star or unstar a conversation for yourself. */
export const ZConversationStarSchema = z.strictObject({ conversationId: ZId, starred: z.boolean() });
export type TConversationStar = z.infer<typeof ZConversationStarSchema>;

/** Tags (shared by the team) and star (the caller's own) of conversations, as `conversation:list` returns them. */
export interface ConversationMarks {
  conversationId: string;
  tags: string[];
  starred: boolean;
}


/** `canned:list` (operator) */
export const ZCannedListSchema = z.strictObject({});

/** `canned:save` (admins and operators): create, or update with `id`. */
export const ZCannedSaveSchema = z.strictObject({
  id: ZId.optional(),
  shortcut: zText()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,32}$/u, "a shortcut is 1 to 32 letters, digits, _ or -")
    .transform((s) => s.toLowerCase()),
  body: zText()
    .max(5000)
    .refine((s) => s.trim().length > 0, "a canned response cannot be empty"),
});
export type TCannedSave = z.infer<typeof ZCannedSaveSchema>;

/** `canned:delete` (admins and operators) */
export const ZCannedDeleteSchema = z.strictObject({ id: ZId });

/** `search:messages` (operator): messages of the workspace matching `q` (Japanese, English...), newest first. */
export const ZSearchMessagesSchema = z.strictObject({
  q: zText().trim().min(1).max(200),
  limit: z.number().int().min(1).max(50).optional(),
});
export type TSearchMessages = z.infer<typeof ZSearchMessagesSchema>;

/** `search:contacts` (operator): visitors whose name or email contains `q`, each with their newest conversation. */
export const ZSearchContactsSchema = ZSearchMessagesSchema;

/** `search:notes` (operator): internal notes holding every word of `q` (English word forms too), newest first. */
export const ZSearchNotesSchema = ZSearchMessagesSchema;

/** `visitor:details` (operator): the visitor panel of a conversation. */
export const ZVisitorDetailsSchema = z.strictObject({ conversationId: ZId });

export interface VisitorDetails {
  id: string;
  name: string | null;
  email: string | null;
  /** The host site's user id, once verified. */
  userId: string | null;
  /** Custom attributes set by the site (`setAttributes`). */
  attributes: Record<string, string | number | boolean | null>;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The visitor's other conversations, newest first (at most 20). */
  conversations: { id: string; status: "open" | "pending" | "resolved"; createdAt: string; lastActivityAt: string; lastMessageBody: string | null }[];
  /** The host page the visitor was last seen on (reported by widget.js), or null before any report. */
  page: VisitorPage | null;
  /** Where the visitor came from to that page (document.referrer), or null. */
  referrer: string | null;
  /** Browser, OS and device read from the User-Agent of the visitor's connection, or null when unknown. */
  browser: VisitorBrowser | null;
}




/** `site:list` (operator): the workspace's sites with their inbox settings (for the site filter and settings). */
export const ZSiteListSchema = z.strictObject({});
export interface InboxSite extends SiteInboxSettings {
  name: string;
  /** Largest file the site accepts in its conversations (operators' too). */
  maxUploadBytes: number;
}
