// The shapes the server sends out (acks, pushes, REST answers, domain events), defined once with zod.
// The TypeScript types of the same names (`Message`, `Conversation` ...) are inferred from these schemas.
import { z } from "zod";
import { FEEDBACK_STATUSES } from "./early-access";

/** An ISO 8601 timestamp as the server writes it. */
export const ZTimestamp = z.iso.datetime({ offset: true });

export const ZAuthorKind = z.enum(["visitor", "operator", "system", "bot"]);
export const ZConversationStatus = z.enum(["open", "pending", "resolved"]);
export const ZChannelKind = z.enum(["widget", "api", "line"]);

export const ZMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  /** Position in the conversation, 1, 2, 3 ... without gaps. */
  seq: z.number().int(),
  /** Id the sender generated; a retried send with the same id returns the stored message. */
  clientId: z.string(),
  authorKind: ZAuthorKind,
  /** Set for operator messages. */
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: ZTimestamp,
});

export const ZVisitorSummary = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const ZConversation = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  channel: ZChannelKind,
  status: ZConversationStatus,
  visitor: ZVisitorSummary,
  assigneeId: z.uuid().nullable(),
  lastSeq: z.number().int(),
  /** Preview of the newest message, if any, with its author (an operator's id; null for others and in events of older releases). */
  lastMessage: ZMessage.pick({ body: true, authorKind: true, createdAt: true, seq: true })
    .extend({ authorId: z.uuid().nullable().default(null) })
    .nullable(),
  createdAt: ZTimestamp,
  lastActivityAt: ZTimestamp,
  /**
   * Since when the visitor has waited for an answer: their first message after the team's last reply; null once
   * answered or resolved (and in events of older releases).
   */
  waitingSince: ZTimestamp.nullable().default(null),
});

/** A conversation changed hands (with the transfer note, if any). */
export const ZAssignment = z.object({
  conversationId: z.uuid(),
  operatorId: z.uuid().nullable(),
  previousOperatorId: z.uuid().nullable(),
  assignedById: z.uuid().nullable(),
  reason: z.enum(["assign", "claim", "transfer", "auto", "unassign"]),
  note: z.string().nullable(),
  at: ZTimestamp,
});

/** Something that happened to a conversation, shown in its thread to operators (never to the visitor). */
const ZActivityBase = z.object({
  /** The id of the domain event that reported it. */
  id: z.uuid(),
  conversationId: z.uuid(),
  /** The operator who did it; null for the system (automatic assignment). */
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  at: ZTimestamp,
});
export const ZActivity = z.discriminatedUnion("kind", [
  ZActivityBase.extend({
    kind: z.literal("assigned"),
    reason: ZAssignment.shape.reason,
    operatorId: z.uuid().nullable(),
    previousOperatorId: z.uuid().nullable(),
    note: z.string().nullable(),
  }),
  ZActivityBase.extend({ kind: z.literal("status"), from: ZConversationStatus, to: ZConversationStatus }),
]);

/** An internal note on a conversation: operators only, never sent to the visitor. */
export const ZNote = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: ZTimestamp,
});

/** A trainee's reply held until a supervisor or admin reviews it. Never sent to visitors. */
export const ZDraft = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  clientId: z.string(),
  body: z.string(),
  status: z.enum(["pending", "approved", "rejected"]),
  reviewerId: z.uuid().nullable(),
  reviewComment: z.string().nullable(),
  /** The message an approved draft became. */
  messageId: z.uuid().nullable(),
  createdAt: ZTimestamp,
  reviewedAt: ZTimestamp.nullable(),
});

/** A canned response: typed as `/shortcut` in the reply box; `{{visitor.name}}`-style placeholders are filled. */
export const ZCannedResponse = z.object({
  id: z.uuid(),
  shortcut: z.string(),
  body: z.string(),
});

/**
 * Inbox settings of a site: automatic assignment to the least-loaded online operator under `capacity`, and whether
 * an operator who replies to an unassigned conversation becomes its assignee (`assignOnReply`, on by default).
 */
export const ZSiteInboxSettings = z.object({
  siteId: z.uuid(),
  autoAssign: z.boolean(),
  capacity: z.number().int(),
  /** Defaults for events written by a release that did not know the switch yet. */
  assignOnReply: z.boolean().default(true),
});

/** How far each side has read a conversation: the highest seq each has seen. */
export const ZReadState = z.object({
  conversationId: z.uuid(),
  visitorSeq: z.number().int(),
  operatorSeq: z.number().int(),
});

/** A file sent in a conversation. Its bytes are at `GET /api/attachments/:id` for those who may read the conversation. */
export const ZAttachment = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  /** The message that carries it; null between upload and `attachment:send`. */
  messageId: z.uuid().nullable(),
  name: z.string(),
  /** Sniffed from the bytes by the server: image/png, image/jpeg, image/gif, image/webp or application/pdf. */
  contentType: z.string(),
  size: z.number().int(),
  createdAt: ZTimestamp,
});

/** A host page as the visitor reported it (an http(s) URL only). */
export const ZVisitorPage = z.object({
  url: z.string(),
  title: z.string(),
  /** When the visitor was seen on it. */
  seenAt: ZTimestamp,
});

/** What the User-Agent says; any part may be unknown. */
export const ZVisitorBrowser = z.object({
  /** "Chrome", "Safari", "Firefox"... */
  name: z.string().nullable(),
  version: z.string().nullable(),
  /** Operating system with its version when known ("Windows 10", "iOS 17.4"). */
  os: z.string().nullable(),
  /** "desktop", "mobile", "tablet", "tv" or "bot". */
  device: z.string().nullable(),
});

/** A visitor moved to another page of the host site. */
export const ZVisitorPageEvent = z.object({
  visitorId: z.uuid(),
  page: ZVisitorPage,
  referrer: z.string().nullable(),
  browser: ZVisitorBrowser.nullable(),
});

/** A conversation's tags now. */
export const ZConversationTags = z.object({
  conversationId: z.uuid(),
  tags: z.array(z.string()),
});

/** One weekly opening window in the site's time zone: `day` 0 is Sunday, times "HH:MM", `close` after `open`. */
export const ZOpeningWindow = z.object({
  day: z.number().int().min(0).max(6),
  open: z.string(),
  close: z.string(),
});

export type AuthorKind = z.infer<typeof ZAuthorKind>;
export type ConversationStatus = z.infer<typeof ZConversationStatus>;
/** Where a conversation came from. */
export type ChannelKind = z.infer<typeof ZChannelKind>;
export type Message = z.infer<typeof ZMessage>;
export type VisitorSummary = z.infer<typeof ZVisitorSummary>;
export type Conversation = z.infer<typeof ZConversation>;
/** `conversation:assigned`: pushed to the workspace's operators when a conversation changes hands. */
export type AssignmentEvent = z.infer<typeof ZAssignment>;
export type Note = z.infer<typeof ZNote>;
export type Activity = z.infer<typeof ZActivity>;
export type Draft = z.infer<typeof ZDraft>;
export type CannedResponse = z.infer<typeof ZCannedResponse>;
export type SiteInboxSettings = z.infer<typeof ZSiteInboxSettings>;
export type ReadState = z.infer<typeof ZReadState>;
export type Attachment = z.infer<typeof ZAttachment>;
export type VisitorPage = z.infer<typeof ZVisitorPage>;
export type VisitorBrowser = z.infer<typeof ZVisitorBrowser>;
export type VisitorPageEvent = z.infer<typeof ZVisitorPageEvent>;
export type OpeningWindow = z.infer<typeof ZOpeningWindow>;

// Shapes that both a socket event and a REST answer carry. Shapes only REST answers carry live next to their
// routes in rest/.

/** What a visitor's own profile looks like to the widget (`visitor:update` ack, `POST /api/visitor/session`). */
export const ZVisitorProfile = ZVisitorSummary.extend({
  /** The host site's user id, once verified. */
  userId: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** A post of the feedback board (`feedback:post` push; REST answers). */
export const ZFeedbackPost = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  authorName: z.string().nullable(),
  subjectKind: z.enum(["feature", "release"]),
  subject: z.string(),
  title: z.string(),
  body: z.string(),
  visibility: z.enum(["workspace", "public"]),
  status: z.enum(FEEDBACK_STATUSES),
  hasScreenshot: z.boolean(),
  voteCount: z.number().int(),
  commentCount: z.number().int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});

/** A post as one operator sees it (`feedback:vote` ack; REST answers). */
export const ZFeedbackPostView = ZFeedbackPost.extend({ votedByMe: z.boolean() });

/** A comment on a feedback post (`feedback:comment` push; REST answers). `ZFeedbackComment` is the request that adds one. */
export const ZFeedbackCommentModel = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  authorName: z.string(),
  fromProductTeam: z.boolean(),
  body: z.string(),
  createdAt: ZTimestamp,
});
