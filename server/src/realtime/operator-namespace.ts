import {
  ErrorCodes,
  PROTOCOL_VERSION,
  SESSION_COOKIE,
  ZConversationHistorySchema,
  ZConversationListSchema,
  ZConversationSetStatusSchema,
  ZConversationSyncSchema,
  ZMessageSendSchema,
} from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { listConversations } from "../domain/conversations/list-conversations";
import { setConversationStatus } from "../domain/conversations/set-conversation-status";
import { messageHistory, syncMessages } from "../domain/messages/read-messages";
import { sendMessage } from "../domain/messages/send-message";
import { resolveSession } from "../domain/operators/sign-in";
import { toApiError } from "../errors-to-api";
import type { RateLimits } from "../rate-limits";
import { sessionRoom, workspaceRoom, type Broadcaster, type OperatorNamespace } from "./broadcast";
import { connectError } from "./connect-error";
import { handleRequest } from "./handle-request";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** `/operator`: the console's namespace, authenticated by the same httpOnly session cookie as the REST API. */
export function registerOperatorNamespace(nsp: OperatorNamespace, deps: { db: Db; logger: Logger; broadcast: Broadcaster; rateLimits: RateLimits }) {
  const { db, logger, broadcast, rateLimits } = deps;

  nsp.use(async (socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    if (auth?.protocol !== PROTOCOL_VERSION) {
      return next(connectError({ code: ErrorCodes.PROTOCOL_MISMATCH, message: `this server speaks protocol ${PROTOCOL_VERSION}` }));
    }
    const token = parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    try {
      const operator = token ? await resolveSession(db, token) : null;
      if (!operator) return next(connectError({ code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" }));
      const actor: OperatorActor = {
        kind: "operator",
        workspaceId: operator.workspaceId,
        operatorId: operator.id,
        name: operator.name,
        role: operator.role,
      };
      socket.data.actor = actor;
      socket.data.sessionRoom = sessionRoom(token as string);
      next();
    } catch (err) {
      next(connectError(toApiError(err, logger)));
    }
  });

  nsp.on("connection", (socket) => {
    const actor = socket.data.actor as OperatorActor;
    void socket.join([workspaceRoom(actor.workspaceId), socket.data.sessionRoom as string]);

    socket.on("conversation:list", handleRequest(logger, ZConversationListSchema, (input) => listConversations(db, actor, input)));
    socket.on(
      "conversation:setStatus",
      handleRequest(logger, ZConversationSetStatusSchema, (input) => setConversationStatus(db, actor, input), {
        after: (c) => broadcast.conversationUpdated(actor.workspaceId, c),
      }),
    );
    socket.on(
      "message:send",
      handleRequest(
        logger,
        ZMessageSendSchema,
        async (input) => {
          await rateLimits.consumeMessage(`${actor.kind}:${actor.operatorId}`);
          return sendMessage(db, actor, input);
        },
        {
        reply: (r) => r.message,
        after: (r) => r.created && broadcast.messageCreated(actor.workspaceId, r.conversation, r.message),
      }),
    );
    socket.on("conversation:sync", handleRequest(logger, ZConversationSyncSchema, (input) => syncMessages(db, actor, input)));
    socket.on("conversation:history", handleRequest(logger, ZConversationHistorySchema, (input) => messageHistory(db, actor, input)));
  });
}
