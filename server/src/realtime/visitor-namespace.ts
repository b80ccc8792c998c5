import {
  NAMESPACES,
  ZAttachmentSendSchema,
  ZConversationStartSchema,
  ZSiteAvailabilitySchema,
  ZVisitorHandshake,
  ZVisitorPageSchema,
  ZVisitorUpdateSchema,
  parsePayload,
  type VisitorClientToServerEvents,
} from "@kaiwa/shared";
import type { Actor } from "../domain/actor";
import { postAttachment } from "../domain/attachments/attachments";
import { startConversation } from "../domain/conversations/start-conversation";
import { authenticateVisitor } from "../domain/visitors/open-visitor-session";
import { recordVisitorPage } from "../domain/visitors/record-visitor-page";
import { updateVisitor } from "../domain/visitors/update-visitor";
import { getAvailability } from "../domain/widget/get-availability";
import { toApiError } from "../errors-to-api";
import { clientAddress } from "../http/client-address";
import { authorKey, commonHandlers, protocolMismatch, type NamespaceDeps } from "./common-handlers";
import { connectError } from "./connect-error";
import { handleRequest, listen, type HandlerTable } from "./handle-request";
import { visitorRoom, workspaceRoom, type VisitorNamespace } from "./rooms";

type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** `/visitor`: the widget's namespace. A socket is one visitor, authenticated by site key and token. */
export function registerVisitorNamespace(nsp: VisitorNamespace, deps: NamespaceDeps) {
  const { db, logger } = deps;

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
    // The browser is read from this connection's handshake, never from what the widget says about itself.
    const userAgent = socket.handshake.headers["user-agent"] ?? null;
    const consoles = async () => (await nsp.server.of(NAMESPACES.operator).in(workspaceRoom(actor.workspaceId)).fetchSockets()).length;
    const limited = <T>(run: () => Promise<T>) => async () => {
      await deps.rateLimits.consumeRequest(authorKey(actor));
      return run();
    };
    const handlers = {
      ...commonHandlers(nsp.server, actor, deps, { address: clientAddress(socket.handshake.headers, socket.handshake.address, deps.trustProxy ?? 0) }),
      "conversation:start": handleRequest(deps, ZConversationStartSchema, () => startConversation(db, actor), (r) => r.conversation),
      "visitor:update": handleRequest(deps, ZVisitorUpdateSchema, (input) => limited(() => updateVisitor(db, actor, input))(), (r) => r.profile),
      "visitor:page": handleRequest(deps, ZVisitorPageSchema, (input) => limited(() => recordVisitorPage(db, actor, input, userAgent))(), (r) => r.viewed.page),
      // Console sockets of the workspace on every node (the Redis adapter asks the others).
      "site:availability": handleRequest(deps, ZSiteAvailabilitySchema, limited(() => getAvailability(db, actor, consoles))),
      "attachment:send": handleRequest(
        deps,
        ZAttachmentSendSchema,
        async (input) => {
          await deps.rateLimits.consumeMessage(authorKey(actor));
          await deps.rateLimits.consumeAddressMessage(clientAddress(socket.handshake.headers, socket.handshake.address, deps.trustProxy ?? 0));
          return postAttachment(db, actor, input);
        },
        (r) => r.message,
      ),
    } satisfies HandlerTable<VisitorClientToServerEvents>;
    listen<VisitorClientToServerEvents>(socket, handlers);
  });
}
