import {
  ErrorCodes,
  PROTOCOL_VERSION,
  ZConversationHistorySchema,
  ZConversationStartSchema,
  ZConversationSyncSchema,
  ZMessageSendSchema,
  ZVisitorHandshake,
  parsePayload,
} from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { startConversation } from "../domain/conversations/start-conversation";
import { messageHistory, syncMessages } from "../domain/messages/read-messages";
import { sendMessage } from "../domain/messages/send-message";
import { authenticateVisitor } from "../domain/visitors/open-visitor-session";
import { toApiError } from "../errors-to-api";
import type { RateLimits } from "../rate-limits";
import { visitorRoom, type Broadcaster, type VisitorNamespace } from "./broadcast";
import { handleRequest } from "./handle-request";
import { connectError } from "./connect-error";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** `/visitor`: the widget's namespace. A socket is one visitor, authenticated by site key and token. */
export function registerVisitorNamespace(nsp: VisitorNamespace, deps: { db: Db; logger: Logger; broadcast: Broadcaster; rateLimits: RateLimits }) {
  const { db, logger, broadcast, rateLimits } = deps;

  nsp.use(async (socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    if (auth?.protocol !== PROTOCOL_VERSION) {
      return next(connectError({ code: ErrorCodes.PROTOCOL_MISMATCH, message: `this server speaks protocol ${PROTOCOL_VERSION}` }));
    }
    const parsed = parsePayload(ZVisitorHandshake, auth);
    if (!parsed.ok) return next(connectError(parsed.error));
    try {
      socket.data.actor = await authenticateVisitor(db, parsed.value.siteKey, parsed.value.token);
      next();
    } catch (err) {
      next(connectError(toApiError(err, logger)));
    }
  });

  nsp.on("connection", (socket) => {
    const actor = socket.data.actor as VisitorActor;
    void socket.join(visitorRoom(actor.visitorId));

    socket.on(
      "conversation:start",
      handleRequest(logger, ZConversationStartSchema, () => startConversation(db, actor), {
        reply: (r) => r.conversation,
        after: (r) => r.created && broadcast.conversationUpdated(actor.workspaceId, r.conversation),
      }),
    );
    socket.on(
      "message:send",
      handleRequest(
        logger,
        ZMessageSendSchema,
        async (input) => {
          await rateLimits.consumeMessage(`${actor.kind}:${actor.visitorId}`);
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
