// Live updates of the feedback board on `/operator`, fanned out to every node by the adapter.
import { NAMESPACES, type FeedbackComment, type FeedbackPost } from "@kaiwa/shared";
import type { KaiwaServer, OperatorNamespace } from "./rooms";

/** Public posts: every subscribed operator. */
export const FEEDBACK_PUBLIC_ROOM = "feedback:public";
/** The product team sees every post. */
export const FEEDBACK_TEAM_ROOM = "feedback:team";
/** One workspace's subscribed operators. */
export const feedbackWorkspaceRoom = (workspaceId: string) => `feedback:ws:${workspaceId}`;

const rooms = (post: FeedbackPost) =>
  post.visibility === "public" ? [FEEDBACK_PUBLIC_ROOM] : [feedbackWorkspaceRoom(post.workspaceId), FEEDBACK_TEAM_ROOM];

/** Emit board changes to exactly the operators who may see the post. */
export function createFeedbackBroadcaster(io: KaiwaServer) {
  const nsp: OperatorNamespace = io.of(NAMESPACES.operator);
  return {
    postChanged(post: FeedbackPost) {
      nsp.to(rooms(post)).emit("feedback:post", post);
    },
    /** A workspace lost the board (it left the program in production): its sockets stop receiving, on every node. */
    workspaceLostBoard(workspaceId: string) {
      nsp.in(feedbackWorkspaceRoom(workspaceId)).socketsLeave([FEEDBACK_PUBLIC_ROOM, feedbackWorkspaceRoom(workspaceId)]);
    },
    commentAdded(post: FeedbackPost, comment: FeedbackComment) {
      nsp.to(rooms(post)).emit("feedback:comment", comment);
      nsp.to(rooms(post)).emit("feedback:post", post);
    },
  };
}
export type FeedbackBroadcaster = ReturnType<typeof createFeedbackBroadcaster>;

/** Strip the per-viewer part before a post is sent to others. */
export const sharedView = <T extends FeedbackPost & { votedByMe?: boolean }>({ votedByMe: _v, ...post }: T): FeedbackPost => post;
