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
}
