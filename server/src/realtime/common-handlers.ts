import {
  ErrorCodes,
  PROTOCOL_VERSION,
  ZConversationAttachmentsSchema,
  ZConversationHistorySchema,
  ZConversationReadSchema,
  ZConversationSyncSchema,
  ZConversationTypingSchema,
  ZMessageSendSchema,
  parsePayload,
  type ApiError,
  type CommonClientEvents,
} from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { listAttachments } from "../domain/attachments/attachments";
import { DomainError } from "../domain/errors";
import { createDraft } from "../domain/messages/drafts";
import { messageHistory, syncMessages } from "../domain/messages/read-messages";
import { sendMessage } from "../domain/messages/send-message";
import { checkTyping } from "../domain/widget/check-typing";
import { markRead } from "../domain/widget/mark-read";
import type { Publish } from "../events/with-events";
import type { RateLimits } from "../rate-limits";
import { handleRequest, type HandlerTable, type RequestContext } from "./handle-request";
import { visitorRoom, workspaceRoom, type KaiwaServer } from "./rooms";

export interface NamespaceDeps {
  db: Db;
  logger: Logger;
  publish: Publish;
  rateLimits: RateLimits;
  /** Proxy hops whose X-Forwarded-For is believed for a socket's client address (0: the socket's own). */
  trustProxy?: number;
}

/** The refusal for a handshake that does not speak this protocol version, or null when it does. */
export function protocolMismatch(auth: unknown): ApiError | null {
  if ((auth as { protocol?: unknown } | undefined)?.protocol === PROTOCOL_VERSION) return null;
  return { code: ErrorCodes.PROTOCOL_MISMATCH, message: `this server speaks protocol ${PROTOCOL_VERSION}` };
}

/** The rate-limit key of an actor. */
export const authorKey = (actor: Actor) => (actor.kind === "operator" ? `operator:${actor.operatorId}` : `visitor:${actor.visitorId}`);

/** The events both namespaces answer the same way, scoped by the socket's actor. */
export function commonHandlers(
  io: KaiwaServer,
  actor: Actor,
  deps: NamespaceDeps,
  client: { address?: string; /** The socket the requests come from (its own typing is not sent back to it). */ socketId?: string } = {},
): HandlerTable<CommonClientEvents> {
  const { db, logger, rateLimits } = deps;
  // Anonymous visitors are counted by their address too (anyone can mint visitors), and for what they read.
  const visitor = actor.kind === "visitor";
  const read = async () => {
    if (visitor) await rateLimits.consumeRead(authorKey(actor));
  };
  const ctx: RequestContext = deps;
  const author = authorKey(actor);
  // The table is built as the socket connects; sends in the first seconds after are the resend of an offline backlog.
  const connectedAt = Date.now();
  return {
    "message:send": handleRequest(
      ctx,
      ZMessageSendSchema,
      async (input) => {
        await rateLimits.consumeMessage(author, { connectedAt });
        if (visitor && client.address) await rateLimits.consumeAddressMessage(client.address);
        if (actor.kind === "operator" && actor.role === "trainee") {
          // Trainee mode: held as a draft for a supervisor or admin (operators hear of it), never sent.
          const { draft, events } = await createDraft(db, actor, input);
          throw new DomainError(ErrorCodes.HELD_FOR_APPROVAL, `held as draft ${draft.id} until a supervisor approves it`, events);
        }
        return sendMessage(db, actor, input);
      },
      (r) => r.message,
    ),
    "conversation:sync": handleRequest(ctx, ZConversationSyncSchema, async (input) => {
      await read();
      return syncMessages(db, actor, input);
    }),
    "conversation:history": handleRequest(ctx, ZConversationHistorySchema, async (input) => {
      await read();
      return messageHistory(db, actor, input);
    }),
    "conversation:attachments": handleRequest(ctx, ZConversationAttachmentsSchema, async (input) => {
      await read();
      return listAttachments(db, actor, input.conversationId);
    }),
    "conversation:read": handleRequest(
      ctx,
      ZConversationReadSchema,
      async (input) => {
        await rateLimits.consumeRequest(author);
        return markRead(db, actor, input);
      },
      (r) => r.state,
    ),
    // Typing is a signal, not a change: nothing is stored, so it goes straight to the other side, never the spine.
    // A visitor's typing reaches the operators; an operator's reaches the visitor's tabs, and the other operators (with
    // who it is), so two operators answering the same visitor see each other replying.
    "conversation:typing": async (payload: unknown) => {
      const parsed = parsePayload(ZConversationTypingSchema, payload);
      if (!parsed.ok) return;
      try {
        if (!(await rateLimits.allowTyping(author))) return;
        const { event, visitorId } = await checkTyping(db, actor, parsed.value);
        if (actor.kind === "visitor") io.of("/operator").to(workspaceRoom(actor.workspaceId)).emit("conversation:typing", event);
        else {
          io.of("/visitor").to(visitorRoom(visitorId)).emit("conversation:typing", event);
          const others = io.of("/operator").to(workspaceRoom(actor.workspaceId));
          (client.socketId ? others.except(client.socketId) : others).emit("conversation:typing", { ...event, authorId: actor.operatorId });
        }
      } catch (err) {
        logger.debug({ err }, "typing signal dropped");
      }
    },
  };
}
