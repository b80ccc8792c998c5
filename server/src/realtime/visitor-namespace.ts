import { NAMESPACES, ZAttachmentSendSchema, ZConversationStartSchema, ZSiteAvailabilitySchema, ZVisitorHandshake, ZVisitorPageSchema, ZVisitorUpdateSchema, parsePayload } from "@kaiwa/shared";
import type { Socket } from "socket.io";
import type { Actor } from "../domain/actor";
import { postAttachment } from "../domain/attachments/attachments";
import { startConversation } from "../domain/conversations/start-conversation";
import { authenticateVisitor } from "../domain/visitors/open-visitor-session";
import { recordVisitorPage } from "../domain/visitors/record-visitor-page";
import { updateVisitor } from "../domain/visitors/update-visitor";
import { getAvailability } from "../domain/widget/get-availability";
import { toApiError } from "../errors-to-api";
import { visitorRoom, workspaceRoom, type VisitorNamespace } from "./broadcast";
import { protocolMismatch, registerMessageHandlers, type NamespaceDeps } from "./common-handlers";
import { connectError } from "./connect-error";
import { handleRequest } from "./handle-request";
import { registerTypingAndReadHandlers } from "./typing-and-reads";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** `/visitor`: the widget's namespace. A socket is one visitor, authenticated by site key and token. */
export function registerVisitorNamespace(nsp: VisitorNamespace, deps: NamespaceDeps) {
  const { db, logger, broadcast } = deps;

  nsp.use(async (socket, next) => {
    const mismatch = protocolMismatch(socket.handshake.auth);
    if (mismatch) return next(connectError(mismatch));
    const parsed = parsePayload(ZVisitorHandshake, socket.handshake.auth);
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
    const author = `visitor:${actor.visitorId}`;
    socket.on(
      "visitor:update",
      handleRequest(logger, ZVisitorUpdateSchema, async (input) => {
        await deps.rateLimits.consumeRequest(author);
        return updateVisitor(db, actor, input);
      }),
    );
    // The browser is read from this connection's handshake, never from what the widget says about itself.
    const userAgent = socket.handshake.headers["user-agent"] ?? null;
    socket.on(
      "visitor:page",
      handleRequest(
        logger,
        ZVisitorPageSchema,
        async (input) => {
          await deps.rateLimits.consumeRequest(author);
          return recordVisitorPage(db, actor, input, userAgent);
        },
        { reply: (r) => r.page, after: (r) => broadcast.visitorPage(actor.workspaceId, r) },
      ),
    );
    socket.on(
      "site:availability",
      handleRequest(logger, ZSiteAvailabilitySchema, async () => {
        await deps.rateLimits.consumeRequest(author);
        // Console sockets of the workspace on every node (the Redis adapter asks the others).
        return getAvailability(db, actor, async () => (await nsp.server.of(NAMESPACES.operator).in(workspaceRoom(actor.workspaceId)).fetchSockets()).length);
      }),
    );
    socket.on(
      "attachment:send",
      handleRequest(
        logger,
        ZAttachmentSendSchema,
        async (input) => {
          await deps.rateLimits.consumeMessage(`visitor:${actor.visitorId}`);
          return postAttachment(db, actor, input);
        },
        {
          reply: (r) => r.message,
          after: (r) => {
            if (!r.created) return;
            // The attachment first, so clients know what the message carries when it arrives.
            nsp.to(visitorRoom(actor.visitorId)).emit("attachment:new", r.attachment);
            nsp.server.of(NAMESPACES.operator).to(workspaceRoom(actor.workspaceId)).emit("attachment:new", r.attachment);
            broadcast.messageCreated(actor.workspaceId, r.conversation, r.message);
          },
        },
      ),
    );
    registerMessageHandlers(socket as unknown as Socket, actor, deps);
    registerTypingAndReadHandlers(socket as unknown as Socket, actor, deps);
  });
}
