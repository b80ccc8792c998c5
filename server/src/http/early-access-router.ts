import { REST, type VersionInfo } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import {
  commentFeedbackPost,
  createFeedbackPost,
  getFeedbackPost,
  listFeedbackPosts,
  readFeedbackScreenshot,
  setFeedbackStatus,
  voteFeedbackPost,
} from "../domain/feedback/feedback-board";
import { assertFlag, getEarlyAccess, setEarlyAccess } from "../domain/flags/early-access";
import { listReleases } from "../domain/releases/list-releases";
import type { Publish } from "../events/with-events";
import { sharedView, type FeedbackBroadcaster } from "../realtime/feedback-board";
import type { StageInfo } from "../stage";
import { mountRoutes } from "./rest";

export interface EarlyAccessDeps {
  db: Db;
  logger: Logger;
  publish?: Publish;
  stage: () => StageInfo;
  broadcast: FeedbackBroadcaster;
}

/** /api/version, /api/releases, /api/early-access (REST.earlyAccess) and /api/feedback/* (REST.feedback). */
export function createEarlyAccessRouter(deps: EarlyAccessDeps) {
  const { db, logger } = deps;
  const router = express.Router();
  const stage = () => deps.stage().stage;
  const rest = { ...deps, checkFlag: (actor: Parameters<typeof assertFlag>[1], flag: Parameters<typeof assertFlag>[3]) => assertFlag(db, actor, stage(), flag) };
  // A push that fails must not turn a committed change into an error answer.
  const push = (send: () => void) => {
    try {
      send();
    } catch (err) {
      logger.error({ err }, "broadcast failed");
    }
  };

  mountRoutes(router, REST.earlyAccess, {
    version: async () => {
      const s = deps.stage();
      const info: VersionInfo = { stage: s.stage, release: s.release, commit: s.commit, app: s.app, pullRequest: s.pullRequest };
      return info;
    },
    releases: async () => ({ releases: await listReleases() }),
    state: async ({ caller }) => getEarlyAccess(db, caller, stage()),
    set: async ({ caller, body }) => {
      const state = await setEarlyAccess(db, caller, stage(), body);
      // events: the workspace's sockets leave the board here today; an early-access event through withEvents would replace this.
      if (!state.flags.feedbackBoard) push(() => deps.broadcast.workspaceLostBoard(caller.workspaceId));
      return state;
    },
  }, rest);

  mountRoutes(router, REST.feedback, {
    list: async ({ caller }) => ({ posts: await listFeedbackPosts(db, caller) }),
    create: async ({ caller, body }) => {
      const post = await createFeedbackPost(db, caller, body);
      // events: feedback:post is pushed here today; a feedback event through withEvents would replace this.
      push(() => deps.broadcast.postChanged(sharedView(post)));
      return post;
    },
    get: async ({ caller, params }) => getFeedbackPost(db, caller, params.postId),
    vote: async ({ caller, params, body }) => {
      const post = await voteFeedbackPost(db, caller, { ...body, postId: params.postId });
      // events: feedback:post is pushed here today; a feedback event through withEvents would replace this.
      push(() => deps.broadcast.postChanged(sharedView(post)));
      return post;
    },
    comment: async ({ caller, params, body }) => {
      const result = await commentFeedbackPost(db, caller, { ...body, postId: params.postId });
      // events: feedback:comment and feedback:post are pushed here today; a feedback event through withEvents would replace this.
      push(() => deps.broadcast.commentAdded(result.post, result.comment));
      return result;
    },
    setStatus: async ({ caller, params, body }) => {
      const post = await setFeedbackStatus(db, caller, { ...body, postId: params.postId });
      // events: feedback:post is pushed here today; a feedback event through withEvents would replace this.
      push(() => deps.broadcast.postChanged(post));
      return post;
    },
    screenshot: async ({ caller, params }) => {
      const shot = await readFeedbackScreenshot(db, caller, params.postId);
      // Served only as the image type checked on upload, never sniffed, never able to run anything.
      return {
        contentType: shot.type,
        bytes: shot.bytes,
        headers: { "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox", "Content-Disposition": "inline" },
      };
    },
  }, rest);

  return router;
}
