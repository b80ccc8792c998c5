// Which browsers hear of each domain event: every push of the product, in one place. Pushes leave this node
// through the Socket.IO adapter and reach the rooms' sockets on every node; clients that miss one catch up by seq.
import { NAMESPACES } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { listCanned } from "../domain/canned/canned-responses";
import { activityOf } from "../domain/conversations/activity";
import type { EventSpine } from "../events/event-spine";
import {
  FEEDBACK_PUBLIC_ROOM,
  feedbackRooms,
  feedbackWorkspaceRoom,
  sessionRoomOfHash,
  visitorRoom,
  workspaceRoom,
  type KaiwaServer,
  type OperatorNamespace,
  type VisitorNamespace,
} from "./rooms";

/** Subscribe the realtime pushes to the spine. */
export function registerRealtimeListener(spine: EventSpine, deps: { io: KaiwaServer; db: Db; logger: Logger }) {
  const visitors: VisitorNamespace = deps.io.of(NAMESPACES.visitor);
  const operators: OperatorNamespace = deps.io.of(NAMESPACES.operator);
  /** Every console of the workspace (never visitors). */
  const consoles = (workspaceId: string) => operators.to(workspaceRoom(workspaceId));
  /** Every tab of the visitor. */
  const visitor = (visitorId: string) => visitors.to(visitorRoom(visitorId));
  const name = "realtime";

  spine.on("message.created", name, ({ workspaceId, data: { conversation, message, attachment } }) => {
    // The attachment first, so clients know what the message carries when it arrives.
    if (attachment) {
      visitor(conversation.visitor.id).emit("attachment:new", attachment);
      consoles(workspaceId).emit("attachment:new", attachment);
    }
    visitor(conversation.visitor.id).emit("message:new", message);
    consoles(workspaceId).emit("message:new", message);
    consoles(workspaceId).emit("conversation:updated", conversation);
  });
  spine.on(["conversation.opened", "conversation.status_changed"], name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("conversation:updated", data.conversation);
  });
  spine.on("conversation.assigned", name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("conversation:assigned", data.assignment);
    consoles(workspaceId).emit("conversation:updated", data.conversation);
  });
  // The timeline of the thread: an assignment or a status change, as conversation:activity lists it.
  spine.on(["conversation.assigned", "conversation.status_changed"], name, (event) => {
    consoles(event.workspaceId).emit("conversation:activity", activityOf(event));
  });
  spine.on("conversation.tagged", name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("conversation:tags", { conversationId: data.conversationId, tags: data.tags });
  });
  spine.on("tags.changed", name, ({ workspaceId, data }) => {
    for (const c of data.conversations) consoles(workspaceId).emit("conversation:tags", { conversationId: c.conversationId, tags: c.tags });
  });
  spine.on("conversation.read", name, ({ workspaceId, data }) => {
    // Both sides: a visitor's other tabs clear their unread count too.
    visitor(data.visitorId).emit("conversation:read", data.state);
    consoles(workspaceId).emit("conversation:read", data.state);
  });
  spine.on("note.added", name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("note:new", data.note);
  });
  spine.on(["draft.created", "draft.reviewed"], name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("draft:updated", data.draft);
  });
  spine.on("visitor.page_viewed", name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("visitor:page", data);
  });
  spine.on("inbox.settings_changed", name, ({ workspaceId, data }) => {
    consoles(workspaceId).emit("inbox:settings", data.settings);
  });
  // Ended sessions close their consoles on every node; the reconnect is refused and the console asks to sign in.
  spine.on("operator.sessions_ended", name, ({ data }) => {
    for (const key of data.sessions) operators.in(sessionRoomOfHash(key)).disconnectSockets(true);
  });
  // The feedback board reaches exactly the operators who may see each post.
  spine.on("feedback.post_changed", name, ({ data }) => {
    operators.to(feedbackRooms(data.post)).emit("feedback:post", data.post);
  });
  spine.on("feedback.comment_added", name, ({ data }) => {
    operators.to(feedbackRooms(data.post)).emit("feedback:comment", data.comment);
    operators.to(feedbackRooms(data.post)).emit("feedback:post", data.post);
  });
  // A workspace that lost the board (it left the program in production) stops receiving it, on every node.
  spine.on("early_access.changed", name, ({ workspaceId, data }) => {
    if (!data.feedbackBoard) operators.in(feedbackWorkspaceRoom(workspaceId)).socketsLeave([FEEDBACK_PUBLIC_ROOM, feedbackWorkspaceRoom(workspaceId)]);
  });
  // The whole list again: it is small, and this keeps every console exactly in step.
  spine.on("canned.changed", name, async ({ workspaceId }) => {
    const list = await listCanned(deps.db, { workspaceId });
    consoles(workspaceId).emit("canned:changed", list);
  });
}
