/** Every error code a client can receive, in an ack or a REST response. */
export const ErrorCodes = {
  /** The payload did not match its schema; `message` says which field. */
  VALIDATION: "VALIDATION",
  /** The message body is longer than MESSAGE_MAX_LENGTH. */
  MESSAGE_TOO_LONG: "MESSAGE_TOO_LONG",
  /** The widget's site key matches no site. */
  UNKNOWN_SITE: "UNKNOWN_SITE",
  /** Email and password do not match an active operator. */
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  /** No valid session or visitor token. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The conversation does not exist or belongs to someone else (the two are indistinguishable on purpose). */
  CONVERSATION_NOT_FOUND: "CONVERSATION_NOT_FOUND",
  /** The conversation is resolved and the visitor already has a newer open one to write in. */
  CONVERSATION_CLOSED: "CONVERSATION_CLOSED",
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The client speaks another protocol version. */
  PROTOCOL_MISMATCH: "PROTOCOL_MISMATCH",
  /** No such endpoint or resource. */
  NOT_FOUND: "NOT_FOUND",
  /** Signed in, but this operator may not do that (e.g. only admins change settings). */
  FORBIDDEN: "FORBIDDEN",
  /** The feature flag behind this request is off for the caller's workspace on this stage. */
  FEATURE_DISABLED: "FEATURE_DISABLED",
  /** Too many requests; retry later. */
  RATE_LIMITED: "RATE_LIMITED",
  /** A dependency (the database) is briefly unavailable; the same request may be retried as is. */
  UNAVAILABLE: "UNAVAILABLE",
  /** `identify()` carried no hash, or a hash that is not HMAC-SHA256(site secret, userId), on a site that verifies identities. */
  IDENTITY_INVALID: "IDENTITY_INVALID",
  /** An upload is larger than the site allows. */
  FILE_TOO_LARGE: "FILE_TOO_LARGE",
  /** An upload's content is not a type the widget accepts (checked on the bytes, not the name). */
  FILE_TYPE_NOT_ALLOWED: "FILE_TYPE_NOT_ALLOWED",
  /** A trainee's reply was stored as a draft for a supervisor or admin to approve; it was not sent. */
  HELD_FOR_APPROVAL: "HELD_FOR_APPROVAL",
  /** A one-time link (invitation, password reset) is unknown, expired or already used. */
  LINK_INVALID: "LINK_INVALID",
  /** The change would leave the workspace without an active admin (demoting or deactivating the last one). */
  LAST_ADMIN: "LAST_ADMIN",
  /** Anything else; the server logged it. */
  INTERNAL: "INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The error shape in every failed ack and REST response. */
export interface ApiError {
  code: ErrorCode;
  message: string;
}

/** Every request answers with data or an error, never both. */
export type Result<T> = { data: T; error?: undefined } | { error: ApiError; data?: undefined };

/** Error codes after which the very same request may be sent again. */
export const RETRYABLE_ERRORS: ReadonlySet<ErrorCode> = new Set([ErrorCodes.UNAVAILABLE, ErrorCodes.RATE_LIMITED]);
