import {
  ErrorCodes,
  PROTOCOL_VERSION,
  ZConversationHistorySchema,
  ZConversationSyncSchema,
  ZMessageSendSchema,
  type ApiError,
} from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Socket } from "socket.io";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { messageHistory, syncMessages } from "../domain/messages/read-messages";
import { sendMessage } from "../domain/messages/send-message";
import { createDraft } from "../domain/messages/drafts";
import { DomainError } from "../domain/errors";
import type { RateLimits } from "../rate-limits";
import type { Broadcaster } from "./broadcast";
import { handleRequest } from "./handle-request";

export interface NamespaceDeps {
  db: Db;
  logger: Logger;
  broadcast: Broadcaster;
  rateLimits: RateLimits;
}

/** The refusal for a handshake that does not speak this protocol version, or null when it does. */
export function protocolMismatch(auth: unknown): ApiError | null {
  if ((auth as { protocol?: unknown } | undefined)?.protocol === PROTOCOL_VERSION) return null;
  return { code: ErrorCodes.PROTOCOL_MISMATCH, message: `this server speaks protocol ${PROTOCOL_VERSION}` };
}

/** The events both namespaces answer the same way, scoped by the socket's actor. */
export function registerMessageHandlers(socket: Socket, actor: Actor, deps: NamespaceDeps) {
  const { db, logger, broadcast, rateLimits } = deps;
  const author = actor.kind === "operator" ? `operator:${actor.operatorId}` : `visitor:${actor.visitorId}`;
  socket.on(
    "message:send",
    handleRequest(
      logger,
      ZMessageSendSchema,
      async (input) => {
        await rateLimits.consumeMessage(author);
        if (actor.kind === "operator" && actor.role === "trainee") {
          // Trainee mode: held as a draft for a supervisor or admin, pushed to operators only, never sent.
          const draft = await createDraft(db, actor, input);
          broadcast.draftUpdated(actor.workspaceId, draft);
          throw new DomainError(ErrorCodes.HELD_FOR_APPROVAL, `held as draft ${draft.id} until a supervisor approves it`);
        }
        return sendMessage(db, actor, input);
      },
      {
        reply: (r) => r.message,
        // A retry is pushed again too: if the node that stored the first attempt died before broadcasting it,
        // this is how the others hear of it live. Clients drop a message:new whose id they already hold.
        after: (r) => broadcast.messageCreated(actor.workspaceId, r.conversation, r.message),
      },
    ),
  );
  socket.on("conversation:sync", handleRequest(logger, ZConversationSyncSchema, (input) => syncMessages(db, actor, input)));
  socket.on("conversation:history", handleRequest(logger, ZConversationHistorySchema, (input) => messageHistory(db, actor, input)));
}
