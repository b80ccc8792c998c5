import {
  ErrorCodes,
  SESSION_COOKIE,
  ZConversationAssignSchema,
  ZConversationListSchema,
  ZConversationSetStatusSchema,
  ZInboxCountsSchema,
  ZOperatorListSchema,
} from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import type { Socket } from "socket.io";
import type { Actor } from "../domain/actor";
import { assignConversation } from "../domain/conversations/assign-conversation";
import { listConversations } from "../domain/conversations/list-conversations";
import { countInbox } from "../domain/inbox/count-inbox";
import { listOperators } from "../domain/inbox/list-operators";
import { setConversationStatus } from "../domain/conversations/set-conversation-status";
import { resolveSessionUntil } from "../domain/operators/sign-in";
import { toApiError } from "../errors-to-api";
import { sessionRoom, workspaceRoom, type OperatorNamespace } from "./broadcast";
import { protocolMismatch, registerMessageHandlers, type NamespaceDeps } from "./common-handlers";
import { connectError } from "./connect-error";
import { createInboxRealtime } from "./inbox-realtime";
import { createPresenceStore, type PresenceStore } from "./presence";
import { handleRequest } from "./handle-request";
import { registerTypingAndReadHandlers } from "./typing-and-reads";
import { registerDraftHandlers } from "./draft-handlers";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** `/operator`: the console's namespace, authenticated by the same httpOnly session cookie as the REST API. */
export function registerOperatorNamespace(nsp: OperatorNamespace, deps: NamespaceDeps, opts: { presence?: PresenceStore } = {}) {
  const { db, logger, broadcast } = deps;

  const inbox = createInboxRealtime(nsp, deps, opts.presence ?? createPresenceStore(undefined));

  nsp.use(async (socket, next) => {
    const mismatch = protocolMismatch(socket.handshake.auth);
    if (mismatch) return next(connectError(mismatch));
    const token = parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    try {
      const session = token ? await resolveSessionUntil(db, token) : null;
      if (!session || !token) return next(connectError({ code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" }));
      const { operator } = session;
      const actor: OperatorActor = {
        kind: "operator",
        workspaceId: operator.workspaceId,
        operatorId: operator.id,
        name: operator.name,
        role: operator.role,
      };
      socket.data.actor = actor;
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
    void socket.join([workspaceRoom(actor.workspaceId), socket.data.sessionRoom as string]);
    watchSession(socket as unknown as Socket, db, logger, socket.data.sessionToken as string, socket.data.sessionExpiresAt as number);
    socket.on("conversation:list", handleRequest(logger, ZConversationListSchema, (input) => listConversations(db, actor, input)));
    socket.on(
      "conversation:setStatus",
      handleRequest(logger, ZConversationSetStatusSchema, (input) => setConversationStatus(db, actor, input), {
        after: (c) => broadcast.conversationUpdated(actor.workspaceId, c),
      }),
    );
    socket.on(
      "conversation:assign",
      handleRequest(logger, ZConversationAssignSchema, (input) => assignConversation(db, actor, actor.workspaceId, input), {
        reply: (r) => r.conversation,
        after: (r) => {
          if (r.event) nsp.to(workspaceRoom(actor.workspaceId)).emit("conversation:assigned", r.event);
          broadcast.conversationUpdated(actor.workspaceId, r.conversation);
          if (r.event?.previousOperatorId) inbox.capacityFreed(actor.workspaceId);
        },
      }),
    );
    socket.on("inbox:counts", handleRequest(logger, ZInboxCountsSchema, () => countInbox(db, actor.workspaceId)));
    socket.on("operator:list", handleRequest(logger, ZOperatorListSchema, () => listOperators(db, actor.workspaceId)));
    inbox.onSocket(socket as unknown as Socket, actor);
    registerMessageHandlers(socket as unknown as Socket, actor, deps);
    registerTypingAndReadHandlers(socket as unknown as Socket, actor, deps);
    registerDraftHandlers(socket as unknown as Socket, actor, deps);
  });
}

/** Longest wait between checks of an open socket's session (also the cap of a timer, which Node keeps under 2^31 ms). */
export const SESSION_RECHECK_MS = 60 * 60 * 1000;

/**
 * An operator socket lives only as long as its session: at the session's expiry (or every SESSION_RECHECK_MS,
 * whichever is sooner) the session is looked up again, and a socket whose session ended is disconnected; the
 * console's reconnect is then refused with UNAUTHENTICATED and it shows the sign-in form. Sign-out,
 * deactivation and password changes disconnect at once through the session room; this catches the rest.
 */
function watchSession(socket: Socket, db: NamespaceDeps["db"], logger: NamespaceDeps["logger"], token: string, expiresAt: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (until: number) => {
    timer = setTimeout(check, Math.max(0, Math.min(until - Date.now(), SESSION_RECHECK_MS)) + 50);
    timer.unref?.();
  };
  const check = () => {
    resolveSessionUntil(db, token).then(
      (session) => (session ? schedule(session.expiresAt.getTime()) : socket.disconnect(true)),
      (err: unknown) => {
        logger.warn({ err }, "session re-check failed; trying again later");
        schedule(Date.now() + 60_000);
      },
    );
  };
  schedule(expiresAt);
  socket.on("disconnect", () => clearTimeout(timer));
}
