// Live updates of the feedback board on `/operator`, fanned out to every node by the adapter.
import {
  NAMESPACES,
  ZFeedbackSubscribe,
  ZFeedbackVote,
  type FeedbackClientToServerEvents,
  type FeedbackComment,
  type FeedbackPost,
  type FeedbackServerToClientEvents,
} from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Namespace, Server } from "socket.io";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { voteFeedbackPost } from "../domain/feedback/feedback-board";
import { assertFlag, isProductTeam } from "../domain/flags/early-access";
import type { Stage } from "../stage";
import { handleRequest } from "./handle-request";

type OperatorActor = Extract<Actor, { kind: "operator" }>;
export type FeedbackNamespace = Namespace<FeedbackClientToServerEvents, FeedbackServerToClientEvents>;

/** Public posts: every subscribed operator. */
export const FEEDBACK_PUBLIC_ROOM = "feedback:public";
/** The product team sees every post. */
export const FEEDBACK_TEAM_ROOM = "feedback:team";
/** One workspace's subscribed operators. */
export const feedbackWorkspaceRoom = (workspaceId: string) => `feedback:ws:${workspaceId}`;

const rooms = (post: FeedbackPost) =>
  post.visibility === "public" ? [FEEDBACK_PUBLIC_ROOM] : [feedbackWorkspaceRoom(post.workspaceId), FEEDBACK_TEAM_ROOM];

/** Emit board changes to exactly the operators who may see the post. */
export function createFeedbackBroadcaster(io: Server) {
  const nsp = io.of(NAMESPACES.operator) as unknown as FeedbackNamespace;
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

/** Register `feedback:*` requests on every operator socket; each one checks the feedbackBoard flag on the server. */
export function registerFeedbackHandlers(io: Server, deps: { db: Db; logger: Logger; stage: () => Stage; broadcast: FeedbackBroadcaster }) {
  const { db, logger } = deps;
  (io.of(NAMESPACES.operator) as unknown as FeedbackNamespace).on("connection", (socket) => {
    const actor = socket.data.actor as OperatorActor | undefined;
    if (actor?.kind !== "operator") return;
    socket.on(
      "feedback:subscribe",
      handleRequest(logger, ZFeedbackSubscribe, async () => {
        await assertFlag(db, actor, deps.stage(), "feedbackBoard");
        const team = await isProductTeam(db, actor.workspaceId);
        await socket.join([FEEDBACK_PUBLIC_ROOM, feedbackWorkspaceRoom(actor.workspaceId), ...(team ? [FEEDBACK_TEAM_ROOM] : [])]);
        return { ok: true as const };
      }),
    );
    socket.on(
      "feedback:vote",
      handleRequest(
        logger,
        ZFeedbackVote,
        async (input) => {
          await assertFlag(db, actor, deps.stage(), "feedbackBoard");
          return voteFeedbackPost(db, actor, input);
        },
        { after: (post) => deps.broadcast.postChanged(sharedView(post)) },
      ),
    );
  });
}
