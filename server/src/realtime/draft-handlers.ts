import { ZDraftListSchema, ZDraftReviewSchema } from "@kaiwa/shared";
import type { Socket } from "socket.io";
import type { Actor } from "../domain/actor";
import { listDrafts, reviewDraft } from "../domain/messages/drafts";
import type { NamespaceDeps } from "./common-handlers";
import { handleRequest } from "./handle-request";

/** Trainee drafts on `/operator`: list a conversation's drafts; supervisors and admins approve or reject. */
export function registerDraftHandlers(socket: Socket, actor: Extract<Actor, { kind: "operator" }>, deps: NamespaceDeps) {
  const { db, logger, broadcast } = deps;
  socket.on("draft:list", handleRequest(logger, ZDraftListSchema, (input) => listDrafts(db, actor, input.conversationId)));
  socket.on(
    "draft:review",
    handleRequest(logger, ZDraftReviewSchema, (input) => reviewDraft(db, actor, input), {
      reply: (r) => r.draft,
      after: (r) => {
        // The approved draft goes out through the normal path: the visitor's tabs and every operator.
        if (r.sent) broadcast.messageCreated(actor.workspaceId, r.sent.conversation, r.sent.message);
        broadcast.draftUpdated(actor.workspaceId, r.draft);
      },
    }),
  );
}
