import {
  ErrorCodes,
  SESSION_COOKIE,
  ZCannedDeleteSchema,
  ZCannedListSchema,
  ZCannedSaveSchema,
  ZConversationAssignSchema,
  ZConversationListSchema,
  ZConversationSetStatusSchema,
  ZConversationSetTagsSchema,
  ZConversationStarSchema,
  ZAttachmentSendSchema,
  ZConversationActivitySchema,
  ZDraftListSchema,
  ZDraftQueueSchema,
  ZDraftReviewSchema,
  ZFeedbackSubscribe,
  ZFeedbackVote,
  ZInboxCountsSchema,
  ZInboxSettingsGetSchema,
  ZInboxSettingsSetSchema,
  ZNoteAddSchema,
  ZNoteListSchema,
  ZOperatorListSchema,
  ZPresenceListSchema,
  ZPresenceSetSchema,
  ZSearchContactsSchema,
  ZSearchMessagesSchema,
  ZSearchNotesSchema,
  ZSiteListSchema,
  ZVisitorDetailsSchema,
  type OperatorClientToServerEvents,
} from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import { operatorActor, type Actor } from "../domain/actor";
import { deleteCanned, listCanned, saveCanned } from "../domain/canned/canned-responses";
import { assignConversation } from "../domain/conversations/assign-conversation";
import { listConversations } from "../domain/conversations/list-conversations";
import { setTags, starConversation } from "../domain/conversations/marks";
import { addNote, listNotes } from "../domain/conversations/notes";
import { setConversationStatus } from "../domain/conversations/set-conversation-status";
import { assertFlag, isProductTeam } from "../domain/flags/early-access";
import { voteFeedbackPost } from "../domain/feedback/feedback-board";
import { getInboxSettings, setInboxSettings } from "../domain/inbox/auto-assign";
import { countInbox } from "../domain/inbox/count-inbox";
import { listOperators } from "../domain/inbox/list-operators";
import { listSites } from "../domain/inbox/list-sites";
import { visitorDetails } from "../domain/inbox/visitor-details";
import { listDrafts, listPendingDrafts, reviewDraft } from "../domain/messages/drafts";
import { listActivity } from "../domain/conversations/activity";
import { postAttachment } from "../domain/attachments/attachments";
import { resolveSessionUntil } from "../domain/operators/sign-in";
import { searchContacts } from "../domain/search/search-contacts";
import { searchMessages } from "../domain/search/search-messages";
import { searchNotes } from "../domain/search/search-notes";
import { toApiError } from "../errors-to-api";
import { fromOwnPage } from "../http/same-origin";
import type { Stage } from "../stage";
import { authorKey, commonHandlers, protocolMismatch, type NamespaceDeps } from "./common-handlers";
import { connectError } from "./connect-error";
import { handleRequest, listen, type HandlerTable } from "./handle-request";
import type { createPresenceRealtime } from "./presence-realtime";
import { FEEDBACK_PUBLIC_ROOM, FEEDBACK_TEAM_ROOM, feedbackWorkspaceRoom, sessionRoom, workspaceRoom, type OperatorNamespace } from "./rooms";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

export interface OperatorNamespaceDeps extends NamespaceDeps {
  presence: ReturnType<typeof createPresenceRealtime>;
  stage: () => Stage;
  /** The app's address (`PUBLIC_URL`), an origin allowed besides the request's own host. */
  publicUrl?: string;
}

/** `/operator`: the console's namespace, authenticated by the same httpOnly session cookie as the REST API. */
export function registerOperatorNamespace(nsp: OperatorNamespace, deps: OperatorNamespaceDeps) {
  const { db, logger, presence } = deps;

  nsp.use(async (socket, next) => {
    const mismatch = protocolMismatch(socket.handshake.auth);
    if (mismatch) return next(connectError(mismatch));
    // The cookie would ride along from any page in the browser: only the app's own pages may open the console.
    if (!fromOwnPage(socket.handshake.headers, deps.publicUrl)) {
      return next(connectError({ code: ErrorCodes.FORBIDDEN, message: "the console opens only from this app's own pages" }));
    }
    const token = parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    try {
      const session = token ? await resolveSessionUntil(db, token) : null;
      if (!session || !token) return next(connectError({ code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" }));
      const { operator } = session;
      socket.data.actor = operatorActor(operator);
      socket.data.sessionRoom = sessionRoom(token);
      socket.data.sessionToken = token;
      socket.data.sessionExpiresAt = session.expiresAt.getTime();
      next();
    } catch (err) {
      next(connectError(toApiError(err, logger)));
    }
  });

  nsp.on("connection", (socket) => {
    const actor = socket.data.actor as OperatorActor;
    void socket.join([workspaceRoom(actor.workspaceId), socket.data.sessionRoom!]);
    watchSession(socket, deps, socket.data.sessionToken!, socket.data.sessionExpiresAt!);
    presence.onSocket(socket, actor);
    listen<OperatorClientToServerEvents>(socket, operatorHandlers(socket, actor, deps));
  });
}

/** Every request of the console, answered for one signed-in operator. */
function operatorHandlers(
  socket: Parameters<Parameters<OperatorNamespace["on"]>[1]>[0],
  actor: OperatorActor,
  deps: OperatorNamespaceDeps,
): HandlerTable<OperatorClientToServerEvents> {
  const { db, presence } = deps;
  const feedbackFlag = () => assertFlag(db, actor, deps.stage(), "feedbackBoard");
  return {
    ...commonHandlers(socket.nsp.server, actor, deps, { socketId: socket.id }),
    "conversation:list": handleRequest(deps, ZConversationListSchema, (input) => listConversations(db, actor, input)),
    "conversation:setStatus": handleRequest(deps, ZConversationSetStatusSchema, (input) => setConversationStatus(db, actor, input), (r) => r.conversation),
    "conversation:assign": handleRequest(
      deps,
      ZConversationAssignSchema,
      (input) => assignConversation(db, actor, actor.workspaceId, input),
      (r) => r.conversation,
    ),
    "conversation:setTags": handleRequest(deps, ZConversationSetTagsSchema, (input) => setTags(db, actor, input), (r) => r.marks),
    "conversation:star": handleRequest(deps, ZConversationStarSchema, (input) => starConversation(db, actor, input), (r) => r.marks),
    // A file an operator uploaded, posted as their message (trainees may not: their replies wait as drafts).
    "attachment:send": handleRequest(
      deps,
      ZAttachmentSendSchema,
      async (input) => {
        await deps.rateLimits.consumeMessage(authorKey(actor));
        return postAttachment(db, actor, input);
      },
      (r) => r.message,
    ),
    "conversation:activity": handleRequest(deps, ZConversationActivitySchema, (input) => listActivity(db, actor, input.conversationId)),
    "draft:list": handleRequest(deps, ZDraftListSchema, (input) => listDrafts(db, actor, input.conversationId)),
    "draft:queue": handleRequest(deps, ZDraftQueueSchema, () => listPendingDrafts(db, actor)),
    "draft:review": handleRequest(deps, ZDraftReviewSchema, (input) => reviewDraft(db, actor, input), (r) => r.draft),
    "inbox:counts": handleRequest(deps, ZInboxCountsSchema, () => countInbox(db, actor.workspaceId)),
    "inbox:settings": handleRequest(deps, ZInboxSettingsGetSchema, (input) => getInboxSettings(db, actor, input.siteId)),
    "inbox:setSettings": handleRequest(deps, ZInboxSettingsSetSchema, (input) => setInboxSettings(db, actor, input), (r) => r.settings),
    "operator:list": handleRequest(deps, ZOperatorListSchema, () => listOperators(db, actor.workspaceId)),
    "presence:set": handleRequest(deps, ZPresenceSetSchema, (input) => presence.set(actor, input.status)),
    "presence:list": handleRequest(deps, ZPresenceListSchema, () => presence.snapshot(actor.workspaceId)),
    // Notes never reach the visitor: only the /operator namespace has events for them.
    "note:add": handleRequest(deps, ZNoteAddSchema, (input) => addNote(db, actor, input), (r) => r.note),
    "note:list": handleRequest(deps, ZNoteListSchema, (input) => listNotes(db, actor, input.conversationId)),
    "canned:list": handleRequest(deps, ZCannedListSchema, () => listCanned(db, actor)),
    "canned:save": handleRequest(deps, ZCannedSaveSchema, (input) => saveCanned(db, actor, input), (r) => r.canned),
    "canned:delete": handleRequest(deps, ZCannedDeleteSchema, (input) => deleteCanned(db, actor, input.id), (r) => ({ id: r.id })),
    "visitor:details": handleRequest(deps, ZVisitorDetailsSchema, (input) => visitorDetails(db, actor, input.conversationId)),
    "site:list": handleRequest(deps, ZSiteListSchema, () => listSites(db, actor)),
    "search:messages": handleRequest(deps, ZSearchMessagesSchema, (input) => searchMessages(db, actor, input)),
    "search:contacts": handleRequest(deps, ZSearchContactsSchema, (input) => searchContacts(db, actor, input)),
    "search:notes": handleRequest(deps, ZSearchNotesSchema, (input) => searchNotes(db, actor, input)),
    // The feedback board checks its flag on the server for every request.
    "feedback:subscribe": handleRequest(deps, ZFeedbackSubscribe, async () => {
      await feedbackFlag();
      const team = await isProductTeam(db, actor.workspaceId);
      await socket.join([FEEDBACK_PUBLIC_ROOM, feedbackWorkspaceRoom(actor.workspaceId), ...(team ? [FEEDBACK_TEAM_ROOM] : [])]);
      return { ok: true as const };
    }),
    "feedback:vote": handleRequest(
      deps,
      ZFeedbackVote,
      async (input) => {
        await feedbackFlag();
        return voteFeedbackPost(db, actor, input);
      },
      (r) => r.post,
    ),
  };
}

/** Longest wait between checks of an open socket's session (also the cap of a timer, which Node keeps under 2^31 ms). */
export const SESSION_RECHECK_MS = 60 * 60 * 1000;

/**
 * An operator socket lives only as long as its session: at the session's expiry (or every SESSION_RECHECK_MS,
 * whichever is sooner) the session is looked up again, and a socket whose session ended is disconnected; the
 * console's reconnect is then refused with UNAUTHENTICATED and it shows the sign-in form. Sign-out,
 * deactivation and password changes disconnect at once through the session room; this catches the rest.
 */
function watchSession(socket: { disconnect(close: boolean): unknown; on(event: "disconnect", fn: () => void): unknown }, deps: NamespaceDeps, token: string, expiresAt: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (until: number) => {
    timer = setTimeout(check, Math.max(0, Math.min(until - Date.now(), SESSION_RECHECK_MS)) + 50);
    timer.unref?.();
  };
  const check = () => {
    resolveSessionUntil(deps.db, token).then(
      (session) => (session ? schedule(session.expiresAt.getTime()) : socket.disconnect(true)),
      (err: unknown) => {
        deps.logger.warn({ err }, "session re-check failed; trying again later");
        schedule(Date.now() + 60_000);
      },
    );
  };
  schedule(expiresAt);
  socket.on("disconnect", () => clearTimeout(timer));
}
