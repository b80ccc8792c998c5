/** Who wrote a message. `bot` is reserved for automation. */
export type AuthorKind = "visitor" | "operator" | "system" | "bot";

export type ConversationStatus = "open" | "pending" | "resolved";

/** Where a conversation came from; only `widget` exists today, LINE and API channels come later. */
export type ChannelKind = "widget" | "api" | "line";

export interface Message {
  id: string;
  conversationId: string;
  /** Position in the conversation, 1, 2, 3 ... without gaps. */
  seq: number;
  /** Id the sender generated; a retried send with the same id returns the stored message. */
  clientId: string;
  authorKind: AuthorKind;
  /** Set for operator messages. */
  authorId: string | null;
  authorName: string | null;
  body: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface VisitorSummary {
  id: string;
  name: string | null;
  email: string | null;
}

export interface Conversation {
  id: string;
  siteId: string;
  channel: ChannelKind;
  status: ConversationStatus;
  visitor: VisitorSummary;
  assigneeId: string | null;
  lastSeq: number;
  /** Preview of the newest message, if any. */
  lastMessage: Pick<Message, "body" | "authorKind" | "createdAt" | "seq"> | null;
  createdAt: string;
  lastActivityAt: string;
}

export type OperatorRole = "admin" | "supervisor" | "operator" | "trainee";

export interface Operator {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: OperatorRole;
}

/** Public settings the widget needs; never contains secrets. */
export interface SiteSettings {
  siteKey: string;
  name: string;
  color: string;
  greeting: string | null;
  locale: "ja" | "en" | null;
  /** Corner of the launcher. */
  position: "right" | "left";
  /** True when `identify()` must carry a verified hash. */
  identityVerification: boolean;
  /** Ask for an email address when nobody can answer now. */
  askEmail: boolean;
  /** Show a name / email / first question form before the first message. */
  preChatForm: boolean;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
}

/** Whether someone can answer now (`site:availability`). The widget takes messages either way. */
export interface Availability {
  /** At least one operator of the site's workspace has the console open. */
  operatorsOnline: boolean;
  /** Inside the site's opening hours (always true when it has none). */
  openNow: boolean;
}

/** How far each side has read a conversation: the highest seq each has seen. */
export interface ReadState {
  conversationId: string;
  visitorSeq: number;
  operatorSeq: number;
}

/** Someone started or stopped typing in a conversation. */
export interface TypingEvent {
  conversationId: string;
  authorKind: "visitor" | "operator";
  /** The operator's name; null for a visitor. */
  authorName: string | null;
  typing: boolean;
}

/** What a visitor's own profile looks like to the widget. */
export interface VisitorProfile extends VisitorSummary {
  /** The host site's user id, once verified. */
  userId: string | null;
  attributes: Record<string, string | number | boolean | null>;
}

/** A file sent in a conversation. Its bytes are at `GET /api/attachments/:id` for those who may read the conversation. */
export interface Attachment {
  id: string;
  conversationId: string;
  /** The message that carries it; null between upload and `attachment:send`. */
  messageId: string | null;
  name: string;
  /** Sniffed from the bytes by the server: image/png, image/jpeg, image/gif, image/webp or application/pdf. */
  contentType: string;
  size: number;
  createdAt: string;
}

/** One weekly opening window in the site's time zone: `day` 0 is Sunday, times "HH:MM", `close` after `open`. */
export interface OpeningWindow {
  day: number;
  open: string;
  close: string;
}

/** Everything an admin configures about a site's widget (`GET/PATCH /api/sites/:siteId/widget`). */
export interface WidgetSettings {
  siteId: string;
  siteKey: string;
  name: string;
  color: string;
  greeting: string | null;
  locale: "ja" | "en" | null;
  position: "right" | "left";
  timeZone: string;
  /** Null: always open. */
  openingHours: OpeningWindow[] | null;
  askEmail: boolean;
  preChatForm: boolean;
  maxUploadBytes: number;
  /** The HMAC key for `identify()` hashes; null when identities are not verified. Admins only. */
  identitySecret: string | null;
}
