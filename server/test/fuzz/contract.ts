// The contract as data, for suites that walk all of it: every client-to-server Socket.IO event of each namespace with
// the zod schema of its payload (a table that must name exactly the events of the shared event maps, or it does not
// compile), and every REST route declared in shared/src/rest.
import {
  REST,
  ZAttachmentSendSchema,
  ZCannedDeleteSchema,
  ZCannedListSchema,
  ZCannedSaveSchema,
  ZConversationActivitySchema,
  ZConversationAssignSchema,
  ZConversationAttachmentsSchema,
  ZConversationHistorySchema,
  ZConversationListSchema,
  ZConversationReadSchema,
  ZConversationSetStatusSchema,
  ZConversationSetTagsSchema,
  ZConversationStarSchema,
  ZConversationStartSchema,
  ZConversationSyncSchema,
  ZConversationTypingSchema,
  ZDraftListSchema,
  ZDraftQueueSchema,
  ZDraftReviewSchema,
  ZFeedbackSubscribe,
  ZFeedbackVote,
  ZInboxCountsSchema,
  ZInboxSettingsGetSchema,
  ZInboxSettingsSetSchema,
  ZMessageSendSchema,
  ZNoteAddSchema,
  ZNoteListSchema,
  ZOperatorListSchema,
  ZPresenceListSchema,
  ZPresenceSetSchema,
  ZSearchContactsSchema,
  ZSearchMessagesSchema,
  ZSearchNotesSchema,
  ZSiteAvailabilitySchema,
  ZSiteListSchema,
  ZVisitorDetailsSchema,
  ZVisitorPageSchema,
  ZVisitorUpdateSchema,
  type CommonClientEvents,
  type OperatorClientToServerEvents,
  type RouteDef,
  type VisitorClientToServerEvents,
} from "@kaiwa/shared";
import type { z } from "zod";

type SchemaTable<E> = { readonly [K in keyof E]-?: z.ZodType };

const common = {
  "message:send": ZMessageSendSchema,
  "conversation:sync": ZConversationSyncSchema,
  "conversation:history": ZConversationHistorySchema,
  "conversation:typing": ZConversationTypingSchema,
  "conversation:read": ZConversationReadSchema,
  "conversation:attachments": ZConversationAttachmentsSchema,
} as const satisfies SchemaTable<CommonClientEvents>;

/** `/visitor`: what the widget may send. */
export const VISITOR_EVENTS = {
  ...common,
  "conversation:start": ZConversationStartSchema,
  "visitor:update": ZVisitorUpdateSchema,
  "site:availability": ZSiteAvailabilitySchema,
  "attachment:send": ZAttachmentSendSchema,
  "visitor:page": ZVisitorPageSchema,
} as const satisfies SchemaTable<VisitorClientToServerEvents>;

/** `/operator`: what the console may send. */
export const OPERATOR_EVENTS = {
  ...common,
  "conversation:list": ZConversationListSchema,
  "conversation:setStatus": ZConversationSetStatusSchema,
  "conversation:activity": ZConversationActivitySchema,
  "attachment:send": ZAttachmentSendSchema,
  "draft:list": ZDraftListSchema,
  "draft:queue": ZDraftQueueSchema,
  "draft:review": ZDraftReviewSchema,
  "conversation:assign": ZConversationAssignSchema,
  "inbox:counts": ZInboxCountsSchema,
  "operator:list": ZOperatorListSchema,
  "presence:set": ZPresenceSetSchema,
  "presence:list": ZPresenceListSchema,
  "inbox:settings": ZInboxSettingsGetSchema,
  "inbox:setSettings": ZInboxSettingsSetSchema,
  "note:add": ZNoteAddSchema,
  "note:list": ZNoteListSchema,
  "conversation:setTags": ZConversationSetTagsSchema,
  "conversation:star": ZConversationStarSchema,
  "canned:list": ZCannedListSchema,
  "canned:save": ZCannedSaveSchema,
  "canned:delete": ZCannedDeleteSchema,
  "visitor:details": ZVisitorDetailsSchema,
  "site:list": ZSiteListSchema,
  "search:messages": ZSearchMessagesSchema,
  "search:contacts": ZSearchContactsSchema,
  "search:notes": ZSearchNotesSchema,
  "feedback:subscribe": ZFeedbackSubscribe,
  "feedback:vote": ZFeedbackVote,
} as const satisfies SchemaTable<OperatorClientToServerEvents>;

// Missing one of the contract's events is a compile error above; naming one it does not have is one here.
type Exact<T, E> = Exclude<keyof T, keyof E> extends never ? true : false;
const visitorExact: Exact<typeof VISITOR_EVENTS, VisitorClientToServerEvents> = true;
const operatorExact: Exact<typeof OPERATOR_EVENTS, OperatorClientToServerEvents> = true;
void visitorExact;
void operatorExact;

/** Events that take no ack (fire and forget). */
export const NO_ACK_EVENTS: ReadonlySet<string> = new Set(["conversation:typing"]);

export type SocketEvent = { namespace: "visitor" | "operator"; event: string; schema: z.ZodType };

/** Every client event of both namespaces. */
export const SOCKET_EVENTS: SocketEvent[] = [
  ...Object.entries(VISITOR_EVENTS).map(([event, schema]) => ({ namespace: "visitor" as const, event, schema })),
  ...Object.entries(OPERATOR_EVENTS).map(([event, schema]) => ({ namespace: "operator" as const, event, schema })),
];

export type NamedRoute = { name: string; route: RouteDef };

/** Every declared REST route, named `area.route` (`tags.update`). */
export const REST_ROUTES: NamedRoute[] = Object.entries(REST).flatMap(([area, routes]) =>
  Object.entries(routes as Record<string, RouteDef>).map(([name, route]) => ({ name: `${area}.${name}`, route })),
);
