import { NAMESPACES, ZConversationAttachmentsSchema, ZConversationReadSchema, ZConversationTypingSchema, parsePayload } from "@kaiwa/shared";
import type { Socket } from "socket.io";
import type { Actor } from "../domain/actor";
import { listAttachments } from "../domain/attachments/attachments";
import { checkTyping } from "../domain/widget/check-typing";
import { markRead } from "../domain/widget/mark-read";
import { visitorRoom, workspaceRoom } from "./broadcast";
import type { NamespaceDeps } from "./common-handlers";
import { handleRequest } from "./handle-request";

/**
 * Typing indicators and read receipts, for both namespaces. Each goes to the other side only: a visitor's
 * typing to the operators, an operator's to the visitor's tabs; read positions to both (a visitor's other tabs
 * clear their unread count too).
 */
export function registerTypingAndReadHandlers(socket: Socket, actor: Actor, deps: NamespaceDeps) {
  const { db, logger, rateLimits } = deps;
  const io = socket.nsp.server;
  const author = actor.kind === "operator" ? `operator:${actor.operatorId}` : `visitor:${actor.visitorId}`;

  socket.on("conversation:typing", async (payload: unknown) => {
    const parsed = parsePayload(ZConversationTypingSchema, payload);
    if (!parsed.ok) return;
    try {
      if (!(await rateLimits.allowTyping(author))) return;
      const { event, visitorId } = await checkTyping(db, actor, parsed.value);
      if (actor.kind === "visitor") io.of(NAMESPACES.operator).to(workspaceRoom(actor.workspaceId)).emit("conversation:typing", event);
      else io.of(NAMESPACES.visitor).to(visitorRoom(visitorId)).emit("conversation:typing", event);
    } catch (err) {
      logger.debug({ err }, "typing signal dropped");
    }
  });

  socket.on(
    "conversation:attachments",
    handleRequest(logger, ZConversationAttachmentsSchema, (input) => listAttachments(db, actor, input.conversationId)),
  );

  socket.on(
    "conversation:read",
    handleRequest(
      logger,
      ZConversationReadSchema,
      async (input) => {
        await rateLimits.consumeRequest(author);
        return markRead(db, actor, input);
      },
      {
      reply: (r) => r.state,
      after: (r) => {
        if (!r.changed) return;
        io.of(NAMESPACES.visitor).to(visitorRoom(r.visitorId)).emit("conversation:read", r.state);
        io.of(NAMESPACES.operator).to(workspaceRoom(actor.workspaceId)).emit("conversation:read", r.state);
      },
      },
    ),
  );
}
