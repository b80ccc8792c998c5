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
import { listReleases, runningRelease } from "../domain/releases/list-releases";
import { withEvents, type Publish } from "../events/with-events";
import type { StageInfo } from "../stage";
import { mountRoutes } from "./rest";

export interface EarlyAccessDeps {
  db: Db;
  logger: Logger;
  publish?: Publish;
  stage: () => StageInfo;
}

/** /api/version, /api/releases, /api/early-access (REST.earlyAccess) and /api/feedback/* (REST.feedback). */
export function createEarlyAccessRouter(deps: EarlyAccessDeps) {
  const { db } = deps;
  const router = express.Router();
  const stage = () => deps.stage().stage;
  const rest = { ...deps, checkFlag: (actor: Parameters<typeof assertFlag>[1], flag: Parameters<typeof assertFlag>[3]) => assertFlag(db, actor, stage(), flag) };
  mountRoutes(router, REST.earlyAccess, {
    version: async () => {
      const s = deps.stage();
      const version = runningRelease(await listReleases().catch(() => []), s.stage);
      const info: VersionInfo = { stage: s.stage, version, release: s.release, commit: s.commit, app: s.app, pullRequest: s.pullRequest };
      return info;
    },
    releases: async () => ({ releases: await listReleases() }),
    state: async ({ caller }) => getEarlyAccess(db, caller, stage()),
    set: async ({ caller, body }) => {
      const { state, events } = await setEarlyAccess(db, caller, stage(), body);
      return withEvents(state, events);
    },
  }, rest);

  mountRoutes(router, REST.feedback, {
    list: async ({ caller }) => ({ posts: await listFeedbackPosts(db, caller) }),
    create: async ({ caller, body }) => {
      const { post, events } = await createFeedbackPost(db, caller, body);
      return withEvents(post, events);
    },
    get: async ({ caller, params }) => getFeedbackPost(db, caller, params.postId),
    vote: async ({ caller, params, body }) => {
      const { post, events } = await voteFeedbackPost(db, caller, { ...body, postId: params.postId });
      return withEvents(post, events);
    },
    comment: async ({ caller, params, body }) => {
      const { post, comment, events } = await commentFeedbackPost(db, caller, { ...body, postId: params.postId });
      return withEvents({ post, comment }, events);
    },
    setStatus: async ({ caller, params, body }) => {
      const { post, events } = await setFeedbackStatus(db, caller, { ...body, postId: params.postId });
      return withEvents(post, events);
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
