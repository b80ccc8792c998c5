import { z } from "zod";
import { MAX_SEQ, MESSAGE_MAX_LENGTH, SYNC_PAGE_SIZE } from "./limits";
import { ZConversationStatus } from "./models";
import type { ZSiteSummary } from "./rest/sites";
import { zText } from "./text";

export { STORABLE_TEXT, isStorableText, zText } from "./text";

/** Identifier of a stored row. */
export const ZId = z.uuid();

/** A client-generated id for idempotent sends: any 8..64 safe characters (a UUID is ideal). */
export const ZClientId = zText().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8 to 64 letters, digits, - or _");

export const ZMessageBody = zText()
  .max(MESSAGE_MAX_LENGTH, `a message holds at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, "a message cannot be empty");

/** `message:send` */
export const ZMessageSendSchema = z.strictObject({
  conversationId: ZId,
  clientId: ZClientId,
  body: ZMessageBody,
});
export type TMessageSend = z.infer<typeof ZMessageSendSchema>;

/** `conversation:sync`: everything after `afterSeq` (0 for the whole history), oldest first. */
export const ZConversationSyncSchema = z.strictObject({
  conversationId: ZId,
  afterSeq: z.number().int().min(0).max(MAX_SEQ),
  limit: z.number().int().min(1).max(SYNC_PAGE_SIZE).optional(),
});
export type TConversationSync = z.infer<typeof ZConversationSyncSchema>;

/** `conversation:history`: a page of older messages, before `beforeSeq`, newest page first. */
export const ZConversationHistorySchema = z.strictObject({
  conversationId: ZId,
  beforeSeq: z.number().int().min(1).max(MAX_SEQ).optional(),
  limit: z.number().int().min(1).max(SYNC_PAGE_SIZE).optional(),
});
export type TConversationHistory = z.infer<typeof ZConversationHistorySchema>;

/** `conversation:start` (visitor): open or resume the visitor's current conversation. */
export const ZConversationStartSchema = z.strictObject({});
export type TConversationStart = z.infer<typeof ZConversationStartSchema>;


/** `conversation:list` (operator): one inbox page, newest activity first. */
export const ZConversationListSchema = z.strictObject({
  status: z.enum(["open", "pending", "resolved", "all"]).optional(),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: zText().max(200).optional(),
  /** Inbox view (overrides `status` when given): unassigned, mine, open (open + pending), pending or resolved. */
  view: z.enum(["unassigned", "mine", "open", "pending", "resolved"]).optional(),
  siteId: ZId.optional(),
  assigneeId: ZId.optional(),
  /** Only conversations whose last message is the visitor's. */
  unreplied: z.boolean().optional(),
  /** Only conversations with this tag. */
  tag: zText().trim().min(1).max(40).transform((s) => s.toLowerCase()).optional(),
  /** Only conversations the caller starred. */
  starred: z.boolean().optional(),
  /** `activity`: newest activity first (default); `waiting`: longest waiting first. */
  sort: z.enum(["activity", "waiting"]).optional(),
});
export type TConversationList = z.infer<typeof ZConversationListSchema>;

/** `conversation:setStatus` (operator) */
export const ZConversationSetStatusSchema = z.strictObject({
  conversationId: ZId,
  status: ZConversationStatus,
  /** Resolving: a last message sent to the visitor first (with its own clientId, so a retry sends it once). */
  closingMessage: z.strictObject({ clientId: ZClientId, body: ZMessageBody }).optional(),
});
export type TConversationSetStatus = z.infer<typeof ZConversationSetStatusSchema>;

/** Site keys are public, random and URL-safe. */
export const ZSiteKey = zText().regex(/^[A-Za-z0-9_-]{6,64}$/, "not a site key");

/** Visitor tokens are secret, random and URL-safe. */
export const ZVisitorToken = zText().regex(/^[A-Za-z0-9_-]{20,128}$/, "not a visitor token");

/** `identify()` from the host page: who the visitor is on the host site. */
export const ZVisitorIdentity = z.strictObject({
  userId: zText().trim().min(1).max(200),
  /** HMAC-SHA256(site secret, userId) in hex; required when the site verifies identities. */
  hash: zText().regex(/^[0-9a-fA-F]{64}$/, "hash must be 64 hex digits").optional(),
  name: zText().trim().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
});
export type TVisitorIdentity = z.infer<typeof ZVisitorIdentity>;

/** `POST /api/visitor/session` */
export const ZVisitorSessionBody = z.strictObject({
  siteKey: ZSiteKey,
  token: ZVisitorToken.optional(),
  identity: ZVisitorIdentity.optional(),
});
export type TVisitorSessionBody = z.infer<typeof ZVisitorSessionBody>;

/** `POST /api/auth/login` */
export const ZLoginBody = z.strictObject({
  email: z.email().max(320),
  password: zText().min(1).max(1024),
});
export type TLoginBody = z.infer<typeof ZLoginBody>;

/** Handshake `auth` of a visitor socket. */
export const ZVisitorHandshake = z.object({
  protocol: z.literal(1),
  siteKey: ZSiteKey,
  token: ZVisitorToken,
});

/** Handshake `auth` of an operator socket (the session itself is the cookie). */
export const ZOperatorHandshake = z.object({
  protocol: z.literal(1),
});

/** Visitor attributes set by the host page: at most 50 short keys with short scalar values. */
export const ZVisitorAttributes = z
  .record(zText().regex(/^[A-Za-z0-9_.-]{1,64}$/, "attribute names are 1 to 64 letters, digits, _ . or -"), z.union([zText().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 50, "at most 50 attributes");

/** `visitor:update` (visitor): name, email and attributes of the visitor. */
export const ZVisitorUpdateSchema = z.strictObject({
  name: zText().trim().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
  attributes: ZVisitorAttributes.optional(),
});
export type TVisitorUpdate = z.infer<typeof ZVisitorUpdateSchema>;

/** `conversation:typing` (both): the sender is typing, or stopped. */
export const ZConversationTypingSchema = z.strictObject({
  conversationId: ZId,
  typing: z.boolean(),
});
export type TConversationTyping = z.infer<typeof ZConversationTypingSchema>;

/** `conversation:read` (both): the sender has seen every message up to `seq` (0 only asks for the state). */
export const ZConversationReadSchema = z.strictObject({
  conversationId: ZId,
  seq: z.number().int().min(0).max(MAX_SEQ),
});
export type TConversationRead = z.infer<typeof ZConversationReadSchema>;

/** `site:availability` (visitor) */
export const ZSiteAvailabilitySchema = z.strictObject({});
export type TSiteAvailability = z.infer<typeof ZSiteAvailabilitySchema>;

/** `attachment:send` (visitor): post an uploaded attachment as a message. */
export const ZAttachmentSendSchema = z.strictObject({
  conversationId: ZId,
  clientId: ZClientId,
  attachmentId: ZId,
});
export type TAttachmentSend = z.infer<typeof ZAttachmentSendSchema>;

/** `conversation:attachments` (both): every attachment of a conversation. */
export const ZConversationAttachmentsSchema = z.strictObject({ conversationId: ZId });
export type TConversationAttachments = z.infer<typeof ZConversationAttachmentsSchema>;

/** Query of `POST /api/visitor/attachments` (the body is the file's bytes). */
export const ZAttachmentUploadQuery = z.object({
  conversationId: ZId,
  name: zText().trim().min(1).max(200),
});

const ZClock = zText().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "times are HH:MM");

/** `PATCH /api/sites/:siteId/widget` (admins): any subset of the widget's settings. */
export const ZWidgetSettingsPatch = z.strictObject({
  name: zText().trim().min(1).max(200).optional(),
  color: zText().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "colour must be #rgb or #rrggbb").optional(),
  greeting: zText().trim().max(500).nullable().optional(),
  locale: z.enum(["ja", "en"]).nullable().optional(),
  position: z.enum(["right", "left"]).optional(),
  timeZone: zText()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "not an IANA time zone")
    .optional(),
  openingHours: z
    .array(z.strictObject({ day: z.number().int().min(0).max(6), open: ZClock, close: ZClock }).refine((w) => w.close > w.open, "close must be after open"))
    .max(50)
    .nullable()
    .optional(),
  askEmail: z.boolean().optional(),
  preChatForm: z.boolean().optional(),
  maxUploadBytes: z.number().int().min(1024).max(25 * 1024 * 1024).optional(),
  /** "generate" makes a new random secret (turning verification on or rotating it); null turns it off. */
  identitySecret: z.enum(["generate"]).nullable().optional(),
});
export type TWidgetSettingsPatch = z.infer<typeof ZWidgetSettingsPatch>;

/** One site in `GET /api/sites` (any operator): its name and public widget key; settings are admins only. */
export type SiteSummary = z.infer<typeof ZSiteSummary>;

/** `POST /api/sites` (admins): a new site with a generated public key. */
export const ZSiteCreate = z.strictObject({
  name: zText().trim().min(1).max(200),
  color: zText().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "colour must be #rgb or #rrggbb").optional(),
  greeting: zText().trim().max(500).nullable().optional(),
  locale: z.enum(["ja", "en"]).nullable().optional(),
});
export type TSiteCreate = z.infer<typeof ZSiteCreate>;

/** `PATCH /api/sites/:siteId/inbox` (admins): automatic assignment and the per-operator capacity. */
export const ZSiteInboxPatch = z.strictObject({
  autoAssign: z.boolean().optional(),
  capacity: z.number().int().min(1).max(100).optional(),
  assignOnReply: z.boolean().optional(),
});
export type TSiteInboxPatch = z.infer<typeof ZSiteInboxPatch>;

/** Longest page URL or referrer a visitor may report (what browsers reliably handle). */
export const PAGE_URL_MAX_LENGTH = 2048;
/** Longest page title a visitor may report. */
export const PAGE_TITLE_MAX_LENGTH = 500;

/** An absolute http(s) URL of at most `PAGE_URL_MAX_LENGTH` characters (javascript:, data: and the like are refused). */
export const ZHttpUrl = zText()
  .max(PAGE_URL_MAX_LENGTH, `a URL holds at most ${PAGE_URL_MAX_LENGTH} characters`)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL");

/** `visitor:page` (visitor): the host page the visitor is on now, as widget.js reads it (no referrer: null). */
export const ZVisitorPageSchema = z.strictObject({
  url: ZHttpUrl,
  title: zText().max(PAGE_TITLE_MAX_LENGTH, `a title holds at most ${PAGE_TITLE_MAX_LENGTH} characters`),
  referrer: ZHttpUrl.nullable(),
});
export type TVisitorPage = z.infer<typeof ZVisitorPageSchema>;
