import type { TDraftList, TDraftReview } from "./accounts";
import type { FeedbackClientToServerEvents, FeedbackServerToClientEvents } from "./early-access";
import type { Result } from "./errors";
import type {
  ConversationMarks,
  InboxSite,
  InboxCounts,
  OperatorSummary,
  PresenceMap,
  TCannedSave,
  TConversationAssign,
  TConversationSetTags,
  TConversationStar,
  TInboxSettingsSet,
  TNoteAdd,
  TPresenceSet,
  TSearchMessages,
  VisitorDetails,
} from "./inbox";
import type {
  TConversationHistory,
  TConversationList,
  TConversationSetStatus,
  TConversationStart,
  TConversationSync,
  TAttachmentSend,
  TConversationAttachments,
  TConversationRead,
  TConversationTyping,
  TMessageSend,
  TSiteAvailability,
  TVisitorPage,
  TVisitorUpdate,
} from "./schemas";
import type { Activity, Attachment, AssignmentEvent, CannedResponse, Conversation, Draft, Message, Note, ReadState, SiteInboxSettings, VisitorPage, VisitorPageEvent, VisitorSummary } from "./models";
import type { Availability, TypingEvent, VisitorProfile } from "./types";

/** Every request event ends with this acknowledgement callback. */
export type Ack<T> = (result: Result<T>) => void;

export interface SyncPage {
  conversation: Conversation;
  messages: Message[];
  /** True when more messages follow; ask again from the last `seq` received. */
  hasMore: boolean;
}

export interface HistoryPage {
  messages: Message[];
  /** True when older messages exist before the first one returned. */
  hasMore: boolean;
}

export interface ConversationPage {
  conversations: Conversation[];
  nextCursor: string | null;
  /** Tags and the caller's star of each listed conversation (operators only). */
  marks?: ConversationMarks[];
}

/** Events both kinds of client may send. */
export interface CommonClientEvents {
  "message:send": (payload: TMessageSend, ack: Ack<Message>) => void;
  "conversation:sync": (payload: TConversationSync, ack: Ack<SyncPage>) => void;
  "conversation:history": (payload: TConversationHistory, ack: Ack<HistoryPage>) => void;
  /** Fire and forget; send `typing: true` at most every few seconds while typing, `false` when done. */
  "conversation:typing": (payload: TConversationTyping) => void;
  "conversation:read": (payload: TConversationRead, ack: Ack<ReadState>) => void;
  "conversation:attachments": (payload: TConversationAttachments, ack: Ack<Attachment[]>) => void;
}

/** Events both kinds of client receive. */
export interface CommonServerEvents {
  "message:new": (message: Message) => void;
  /** The other side is typing (or stopped); a `true` not refreshed within 6 s has expired. */
  "conversation:typing": (event: TypingEvent) => void;
  /** Someone read further. */
  "conversation:read": (state: ReadState) => void;
  /** An attachment was posted; its message follows as `message:new`. */
  "attachment:new": (attachment: Attachment) => void;
}

/** Namespace `/visitor`: what the widget sends. */
export interface VisitorClientToServerEvents extends CommonClientEvents {
  "conversation:start": (payload: TConversationStart, ack: Ack<Conversation>) => void;
  "visitor:update": (payload: TVisitorUpdate, ack: Ack<VisitorProfile>) => void;
  "site:availability": (payload: TSiteAvailability, ack: Ack<Availability>) => void;
  "attachment:send": (payload: TAttachmentSend, ack: Ack<Message>) => void;
  /** The host page the visitor is on now (sent on connect and on every navigation); ack: the page as stored. */
  "visitor:page": (payload: TVisitorPage, ack: Ack<VisitorPage>) => void;
}

/** Namespace `/visitor`: what the widget receives. */
export interface VisitorServerToClientEvents extends CommonServerEvents {}

/** Namespace `/operator`: what the console sends. */
export interface OperatorClientToServerEvents extends CommonClientEvents, FeedbackClientToServerEvents {
  "conversation:list": (payload: TConversationList, ack: Ack<ConversationPage>) => void;
  "conversation:setStatus": (payload: TConversationSetStatus, ack: Ack<Conversation>) => void;
  /** What happened to a conversation: assignments and status changes, oldest first. */
  "conversation:activity": (payload: { conversationId: string }, ack: Ack<Activity[]>) => void;
  /** Post a file uploaded with `POST /api/attachments` as the operator's message. */
  "attachment:send": (payload: TAttachmentSend, ack: Ack<Message>) => void;
  /** A conversation's trainee drafts. */
  "draft:list": (payload: TDraftList, ack: Ack<Draft[]>) => void;
  /** The drafts waiting for review in the workspace, oldest first (a trainee: their own). */
  "draft:queue": (payload: Record<string, never>, ack: Ack<Draft[]>) => void;
  /** Supervisors and admins approve (the draft is sent, the trainee its author) or reject a draft. */
  "draft:review": (payload: TDraftReview, ack: Ack<Draft>) => void;
  /** Assign, claim (yourself), transfer (with a note) or unassign (null). */
  "conversation:assign": (payload: TConversationAssign, ack: Ack<Conversation>) => void;
  "inbox:counts": (payload: Record<string, never>, ack: Ack<InboxCounts>) => void;
  "operator:list": (payload: Record<string, never>, ack: Ack<OperatorSummary[]>) => void;
  /** Choose online or away; ack: the workspace's presence. */
  "presence:set": (payload: TPresenceSet, ack: Ack<PresenceMap>) => void;
  "presence:list": (payload: Record<string, never>, ack: Ack<PresenceMap>) => void;
  "inbox:settings": (payload: { siteId: string }, ack: Ack<SiteInboxSettings>) => void;
  "inbox:setSettings": (payload: TInboxSettingsSet, ack: Ack<SiteInboxSettings>) => void;
  /** Internal note (never reaches the visitor). */
  "note:add": (payload: TNoteAdd, ack: Ack<Note>) => void;
  "note:list": (payload: { conversationId: string }, ack: Ack<Note[]>) => void;
  "conversation:setTags": (payload: TConversationSetTags, ack: Ack<ConversationMarks>) => void;
  "conversation:star": (payload: TConversationStar, ack: Ack<ConversationMarks>) => void;
  "canned:list": (payload: Record<string, never>, ack: Ack<CannedResponse[]>) => void;
  "canned:save": (payload: TCannedSave, ack: Ack<CannedResponse>) => void;
  "canned:delete": (payload: { id: string }, ack: Ack<{ id: string }>) => void;
  "visitor:details": (payload: { conversationId: string }, ack: Ack<VisitorDetails>) => void;
  "site:list": (payload: Record<string, never>, ack: Ack<InboxSite[]>) => void;
  /** Search messages of the workspace (Japanese by bigrams, other scripts by word prefixes). */
  "search:messages": (payload: TSearchMessages, ack: Ack<{ message: Message; conversation: Conversation }[]>) => void;
  /** Search contacts (visitors) by name and email; each with their newest conversation. */
  "search:contacts": (payload: TSearchMessages, ack: Ack<{ visitor: VisitorSummary; conversation: Conversation }[]>) => void;
  /** Search internal notes of the workspace. */
  "search:notes": (payload: TSearchMessages, ack: Ack<{ note: Note; conversation: Conversation }[]>) => void;
}

/** Namespace `/operator`: what the console receives. */
export interface OperatorServerToClientEvents extends CommonServerEvents, FeedbackServerToClientEvents {
  /** A conversation was created or changed (status, assignee, last message). */
  "conversation:updated": (conversation: Conversation) => void;
  /** A trainee draft was created or reviewed; operators only, never the visitor namespace. */
  "draft:updated": (draft: Draft) => void;
  /** The views' counts changed (pushed to every operator of the workspace on every node). */
  "inbox:counts": (counts: InboxCounts) => void;
  /** A conversation changed hands (with the transfer note, if any). */
  "conversation:assigned": (event: AssignmentEvent) => void;
  /** Something happened to a conversation (an assignment, a status change), for its timeline. */
  "conversation:activity": (activity: Activity) => void;
  /** Someone's presence changed: the workspace's whole presence (absent = offline). */
  "presence:changed": (presence: PresenceMap) => void;
  /** An internal note was added (operators of the workspace only). */
  "note:new": (note: Note) => void;
  /** A conversation's tags changed. */
  "conversation:tags": (marks: Pick<ConversationMarks, "conversationId" | "tags">) => void;
  /** Someone added, changed or deleted a canned response: the workspace's whole list, by shortcut. */
  "canned:changed": (canned: CannedResponse[]) => void;
  /** A site's automatic assignment or capacity changed (from the console or the settings page). */
  "inbox:settings": (settings: SiteInboxSettings) => void;
  /** A visitor of the workspace is now on another page (with the browser of that connection). */
  "visitor:page": (event: VisitorPageEvent) => void;
}

/** The union of what any client sends, for code that handles both namespaces. */
export type ClientToServerEvents = VisitorClientToServerEvents & OperatorClientToServerEvents;
/** The union of what any client receives. */
export type ServerToClientEvents = VisitorServerToClientEvents & OperatorServerToClientEvents;

export const NAMESPACES = { visitor: "/visitor", operator: "/operator" } as const;
