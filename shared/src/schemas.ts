import { z } from "zod";
import { MESSAGE_MAX_LENGTH, SYNC_PAGE_SIZE } from "./limits";

/** Identifier of a stored row. */
export const ZId = z.uuid();

/** A client-generated id for idempotent sends: any 8..64 safe characters (a UUID is ideal). */
export const ZClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8 to 64 letters, digits, - or _");

export const ZMessageBody = z
  .string()
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
  afterSeq: z.number().int().min(0),
  limit: z.number().int().min(1).max(SYNC_PAGE_SIZE).optional(),
});
export type TConversationSync = z.infer<typeof ZConversationSyncSchema>;

/** `conversation:history`: a page of older messages, before `beforeSeq`, newest page first. */
export const ZConversationHistorySchema = z.strictObject({
  conversationId: ZId,
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(SYNC_PAGE_SIZE).optional(),
});
export type TConversationHistory = z.infer<typeof ZConversationHistorySchema>;

/** `conversation:start` (visitor): open or resume the visitor's current conversation. */
export const ZConversationStartSchema = z.strictObject({});
export type TConversationStart = z.infer<typeof ZConversationStartSchema>;

export const ZConversationStatus = z.enum(["open", "pending", "resolved"]);

/** `conversation:list` (operator): one inbox page, newest activity first. */
export const ZConversationListSchema = z.strictObject({
  status: z.enum(["open", "pending", "resolved", "all"]).optional(),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type TConversationList = z.infer<typeof ZConversationListSchema>;

/** `conversation:setStatus` (operator) */
export const ZConversationSetStatusSchema = z.strictObject({
  conversationId: ZId,
  status: ZConversationStatus,
});
export type TConversationSetStatus = z.infer<typeof ZConversationSetStatusSchema>;

/** Site keys are public, random and URL-safe. */
export const ZSiteKey = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, "not a site key");

/** Visitor tokens are secret, random and URL-safe. */
export const ZVisitorToken = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/, "not a visitor token");

/** `POST /api/visitor/session` */
export const ZVisitorSessionBody = z.strictObject({
  siteKey: ZSiteKey,
  token: ZVisitorToken.optional(),
});
export type TVisitorSessionBody = z.infer<typeof ZVisitorSessionBody>;

/** `POST /api/auth/login` */
export const ZLoginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
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
