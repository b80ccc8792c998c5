import {
  ZEarlyAccessSet,
  ZFeedbackComment,
  ZFeedbackCreate,
  ZFeedbackPostId,
  ZFeedbackSetStatus,
  ZFeedbackVote,
  parsePayload,
  type VersionInfo,
} from "@kaiwa/shared";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
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
import type { FlagKey } from "../domain/flags/flags";
import { listReleases } from "../domain/releases/list-releases";
import { toApiError } from "../errors-to-api";
import { sharedView, type FeedbackBroadcaster } from "../realtime/feedback-board";
import type { StageInfo } from "../stage";
import { bodyErrors, requireOperator, sendError, type OperatorActor } from "./rest";

export interface EarlyAccessDeps {
  db: Db;
  logger: Logger;
  stage: () => StageInfo;
  broadcast: FeedbackBroadcaster;
}

/** /api/version, /api/releases, /api/early-access and /api/feedback/*: stages, flags and the feedback board. */
export function createEarlyAccessRouter(deps: EarlyAccessDeps) {
  const { db, logger } = deps;
  const router = express.Router();
  const small = express.json({ limit: "64kb" });
  // A post carries its screenshot as base64 (1 MB of image is about 1.34 MB of text).
  const withScreenshot = express.json({ limit: "1600kb" });

  const operator = (req: Request) => requireOperator(db, req);

  /** Authenticate, check `flag` for the caller's workspace, parse, run one domain call, answer. */
  function route<S extends z.ZodType, T>(
    flag: FlagKey | null,
    schema: S,
    input: (req: Request) => unknown,
    run: (actor: OperatorActor, input: z.infer<S>, req: Request) => Promise<T>,
    after?: (result: T, actor: OperatorActor) => void,
  ) {
    return async (req: Request, res: Response) => {
      res.setHeader("Cache-Control", "no-store");
      try {
        const actor = await operator(req);
        if (flag) await assertFlag(db, actor, deps.stage().stage, flag);
        const parsed = parsePayload(schema, input(req) ?? {});
        if (!parsed.ok) return sendError(res, parsed.error);
        const data = await run(actor, parsed.value, req);
        res.json({ data });
        try {
          after?.(data, actor);
        } catch (err) {
          logger.error({ err }, "broadcast failed");
        }
      } catch (err) {
        sendError(res, toApiError(err, logger));
      }
    };
  }

  const postId = (req: Request) => String(req.params.postId);

  router.get("/version", (_req, res) => {
    const s = deps.stage();
    const data: VersionInfo = { stage: s.stage, release: s.release, commit: s.commit, app: s.app, pullRequest: s.pullRequest };
    res.setHeader("Cache-Control", "no-store");
    res.json({ data });
  });

  router.get("/releases", async (_req, res) => {
    try {
      res.json({ data: { releases: await listReleases() } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  router.get("/early-access", route(null, z.object({}), () => ({}), (actor) => getEarlyAccess(db, actor, deps.stage().stage)));
  router.put(
    "/early-access",
    small,
    route(
      null,
      ZEarlyAccessSet,
      (req) => req.body,
      (actor, input) => setEarlyAccess(db, actor, deps.stage().stage, input),
      (state, actor) => {
        if (!state.flags.feedbackBoard) deps.broadcast.workspaceLostBoard(actor.workspaceId);
      },
    ),
  );

  router.get("/feedback/posts", route("feedbackBoard", z.object({}), () => ({}), async (actor) => ({ posts: await listFeedbackPosts(db, actor) })));
  router.post(
    "/feedback/posts",
    withScreenshot,
    route("feedbackBoard", ZFeedbackCreate, (req) => req.body, (actor, input) => createFeedbackPost(db, actor, input), (post) =>
      deps.broadcast.postChanged(sharedView(post)),
    ),
  );
  router.get("/feedback/posts/:postId", route("feedbackBoard", ZFeedbackPostId, postId, (actor, id) => getFeedbackPost(db, actor, id)));
  router.post(
    "/feedback/posts/:postId/votes",
    small,
    route("feedbackBoard", ZFeedbackVote, (req) => ({ ...req.body, postId: postId(req) }), (actor, input) => voteFeedbackPost(db, actor, input), (post) =>
      deps.broadcast.postChanged(sharedView(post)),
    ),
  );
  router.post(
    "/feedback/posts/:postId/comments",
    small,
    route("feedbackBoard", ZFeedbackComment, (req) => ({ ...req.body, postId: postId(req) }), (actor, input) => commentFeedbackPost(db, actor, input), (r) =>
      deps.broadcast.commentAdded(r.post, r.comment),
    ),
  );
  router.put(
    "/feedback/posts/:postId/status",
    small,
    route("feedbackBoard", ZFeedbackSetStatus, (req) => ({ ...req.body, postId: postId(req) }), (actor, input) => setFeedbackStatus(db, actor, input), (post) =>
      deps.broadcast.postChanged(post),
    ),
  );

  router.get("/feedback/posts/:postId/screenshot", async (req, res) => {
    try {
      const actor = await operator(req);
      await assertFlag(db, actor, deps.stage().stage, "feedbackBoard");
      const parsed = parsePayload(ZFeedbackPostId, postId(req));
      if (!parsed.ok) return sendError(res, parsed.error);
      const shot = await readFeedbackScreenshot(db, actor, parsed.value);
      // Served only as the image type checked on upload, never sniffed, never able to run anything.
      res.setHeader("Content-Type", shot.type);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
      res.setHeader("Content-Disposition", "inline");
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.end(shot.bytes);
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  // Body-parser failures of these routes (malformed JSON, too large) answer in the API's shape.
  router.use(bodyErrors(logger));

  return router;
}
