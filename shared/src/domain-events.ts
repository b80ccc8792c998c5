// Domain events: what a command changed, reported once by the domain and delivered to listeners (realtime
// pushes, automatic assignment, counts) and, through the durable outbox, to consumers that must not miss one.
// Names are `aggregate.past_tense_verb`, unlike socket events (`domain:verb`), so the two never get mixed up.
import { z } from "zod";
import {
  ZAssignment,
  ZAttachment,
  ZCannedResponse,
  ZConversation,
  ZConversationStatus,
  ZConversationTags,
  ZDraft,
  ZFeedbackCommentModel,
  ZFeedbackPost,
  ZMessage,
  ZNote,
  ZReadState,
  ZSiteInboxSettings,
  ZTimestamp,
  ZVisitorPageEvent,
} from "./models";

/** Who caused an event: an operator, a visitor, or the system itself (automatic assignment, a consumer). */
export const ZEventActor = z.object({
  kind: z.enum(["operator", "visitor", "system", "bot"]),
  /** The operator's or visitor's id; null for the system. */
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type EventActor = z.infer<typeof ZEventActor>;

/** The payload of every event type. Adding an event is adding a line here. */
export const DOMAIN_EVENT_DATA = {
  /** A message was stored (visitor, operator, approved draft, bot or system); `attachment` when it carries a file. */
  "message.created": z.object({ conversation: ZConversation, message: ZMessage, attachment: ZAttachment.nullable() }),
  /** A visitor started a new conversation. */
  "conversation.opened": z.object({ conversation: ZConversation }),
  /** A conversation changed hands (assign, claim, transfer, automatic, unassign). */
  "conversation.assigned": z.object({ conversation: ZConversation, assignment: ZAssignment }),
  /** Open, pending or resolved. */
  "conversation.status_changed": z.object({ conversation: ZConversation, from: ZConversationStatus, to: ZConversationStatus }),
  /** A conversation's tags were set, or changed by a tag's rename or deletion. */
  "conversation.tagged": ZConversationTags,
  /** An operator starred or unstarred a conversation for themselves. */
  "conversation.starred": z.object({ conversationId: z.uuid(), operatorId: z.uuid(), starred: z.boolean() }),
  /** Someone read further (visitor or operators). */
  "conversation.read": z.object({ state: ZReadState, visitorId: z.uuid() }),
  "note.added": z.object({ note: ZNote }),
  /** A trainee's reply was held for review. */
  "draft.created": z.object({ draft: ZDraft }),
  /** A draft was approved (its message follows as `message.created`) or rejected. */
  "draft.reviewed": z.object({ draft: ZDraft }),
  /** A site's automatic assignment or capacity changed. */
  "inbox.settings_changed": z.object({ settings: ZSiteInboxSettings, changed: z.array(z.string()) }),
  /** A canned response was saved or deleted (`canned` is null after a delete). */
  "canned.changed": z.object({ id: z.uuid(), canned: ZCannedResponse.nullable() }),
  /** A tag was defined, changed or deleted; `conversations` are those whose tags changed with it. */
  "tags.changed": z.object({
    name: z.string(),
    change: z.enum(["created", "updated", "deleted"]),
    conversations: z.array(ZConversationTags),
  }),
  /** A visitor is on another page of the host site. */
  "visitor.page_viewed": ZVisitorPageEvent,
  /** A visitor's name, email or attributes changed. */
  "visitor.updated": z.object({ visitorId: z.uuid(), fields: z.array(z.string()) }),
  /** A site was added. */
  "site.created": z.object({ siteId: z.uuid(), name: z.string() }),
  /** A site's widget settings changed (names of the fields only, never the identity secret). */
  "widget.settings_changed": z.object({ siteId: z.uuid(), fields: z.array(z.string()) }),
  /** An admin changed an operator's role, activity or capacity (names of the fields). */
  "operator.updated": z.object({ operatorId: z.uuid(), fields: z.array(z.string()) }),
  /**
   * Operator sessions ended (sign-out, password change or reset, deactivation, role change): their open consoles
   * must close. `sessions` are the room keys of the sessions (the first 32 hex digits of each token's SHA-256).
   */
  "operator.sessions_ended": z.object({
    operatorId: z.uuid().nullable(),
    sessions: z.array(z.string()),
    reason: z.enum(["signed_out", "password_changed", "password_reset", "operator_updated"]),
  }),
  /** The workspace joined or left the early-access program; `feedbackBoard` says whether it still sees the board. */
  "early_access.changed": z.object({ optedIn: z.boolean(), feedbackBoard: z.boolean() }),
  /** A feedback post was created, voted on, or given a status (the view everyone may share, without `votedByMe`). */
  "feedback.post_changed": z.object({ post: ZFeedbackPost }),
  /** Someone commented on a feedback post. */
  "feedback.comment_added": z.object({ post: ZFeedbackPost, comment: ZFeedbackCommentModel }),
} as const;

export type DomainEventType = keyof typeof DOMAIN_EVENT_DATA;
export const DOMAIN_EVENT_TYPES = Object.keys(DOMAIN_EVENT_DATA) as DomainEventType[];

const envelope = {
  /** Unique per event; consumers deduplicate by it. */
  id: z.uuid(),
  workspaceId: z.uuid(),
  occurredAt: ZTimestamp,
  actor: ZEventActor,
};

const eventSchema = <T extends DomainEventType>(type: T) =>
  z.object({ ...envelope, type: z.literal(type), data: DOMAIN_EVENT_DATA[type] as (typeof DOMAIN_EVENT_DATA)[T] });

type EventSchemas = { [T in DomainEventType]: ReturnType<typeof eventSchema<T>> };
const schemas = Object.fromEntries(DOMAIN_EVENT_TYPES.map((t) => [t, eventSchema(t)])) as EventSchemas;

/** Any domain event, discriminated by `type`. */
export const ZDomainEventSchema = z.discriminatedUnion(
  "type",
  DOMAIN_EVENT_TYPES.map((t) => schemas[t]) as unknown as [EventSchemas[DomainEventType], ...EventSchemas[DomainEventType][]],
);

/** The event of type `T`. */
export type DomainEventOf<T extends DomainEventType> = z.infer<EventSchemas[T]>;
/** Any domain event. */
export type DomainEvent = { [T in DomainEventType]: DomainEventOf<T> }[DomainEventType];
/** The payload of the event of type `T`. */
export type DomainEventData<T extends DomainEventType> = z.infer<(typeof DOMAIN_EVENT_DATA)[T]>;
