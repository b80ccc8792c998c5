// Stages, the early-access program, release notes and the feedback board.
import { z } from "zod";
import {
  APP_STAGES,
  FEATURE_FLAGS,
  FEEDBACK_SCREENSHOT_TYPES,
  ZEarlyAccessSet,
  ZFeedbackComment,
  ZFeedbackCreate,
  ZFeedbackPostId,
  ZFeedbackSetStatus,
  ZFeedbackVote,
} from "../early-access";
import { ZFeedbackCommentModel, ZFeedbackPost, ZFeedbackPostView } from "../models";
import { defineRoute } from "./define-route";

/** `GET /api/version`: which stage and build this is. */
export const ZVersionInfo = z.object({
  stage: z.enum(APP_STAGES),
  /** The product release this stage runs, from the release notes (production: the newest in production; else the newest on staging). */
  version: z.string().nullable().default(null),
  /** The deployment's own release (Heroku's `v42`), else the package version. */
  release: z.string().nullable(),
  commit: z.string().nullable(),
  app: z.string().nullable(),
  pullRequest: z.number().int().nullable(),
});

/** `GET/PUT /api/early-access`: the caller's workspace in the early-access program. */
export const ZEarlyAccessState = z.object({
  stage: z.enum(APP_STAGES),
  optedIn: z.boolean(),
  optedInAt: z.string().nullable(),
  /** The caller's workspace is the product team's: it sees every post and sets statuses. */
  productTeam: z.boolean(),
  flags: z.record(z.enum(FEATURE_FLAGS), z.boolean()),
});

/** A release note from releases/*.md. */
export const ZReleaseNote = z.object({
  version: z.string(),
  title: z.string(),
  /** Which stage the release is on now. */
  stage: z.enum(["planned", "staging", "production"]),
  /** The day staging opened it to early access (ISO date). */
  stagingAt: z.string().nullable(),
  /** The day production got it, or is planned to (about a month after staging). */
  productionAt: z.string().nullable(),
  productionPlanned: z.boolean(),
  /** Markdown of what changed; rendered without raw HTML. */
  body: z.string(),
});

const byPost = { params: z.object({ postId: ZFeedbackPostId }) } as const;
const board = { auth: "operator", flag: "feedbackBoard" } as const;

export const earlyAccessRoutes = {
  version: defineRoute({
    method: "get",
    path: "/api/version",
    summary: "This deployment's stage, release and commit",
    auth: "public",
    response: ZVersionInfo,
  }),
  releases: defineRoute({
    method: "get",
    path: "/api/releases",
    summary: "Every release note, newest first",
    auth: "public",
    response: z.object({ releases: z.array(ZReleaseNote) }),
  }),
  state: defineRoute({
    method: "get",
    path: "/api/early-access",
    summary: "The caller's workspace in the early-access program, and the flags it has on this stage",
    auth: "operator",
    response: ZEarlyAccessState,
  }),
  set: defineRoute({
    method: "put",
    path: "/api/early-access",
    summary: "Join or leave the early-access program (not on production)",
    auth: "operator",
    roles: ["admin"],
    body: ZEarlyAccessSet,
    response: ZEarlyAccessState,
  }),
};

export const feedbackRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/feedback/posts",
    summary: "The feedback posts the caller may see",
    ...board,
    response: z.object({ posts: z.array(ZFeedbackPostView) }),
  }),
  create: defineRoute({
    method: "post",
    path: "/api/feedback/posts",
    summary: "Post feedback on a feature or a release, with an optional screenshot (base64)",
    ...board,
    body: ZFeedbackCreate,
    // A screenshot of 1 MB is about 1.34 MB of base64.
    bodyLimit: "1600kb",
    response: ZFeedbackPostView,
  }),
  get: defineRoute({
    method: "get",
    path: "/api/feedback/posts/:postId",
    summary: "A feedback post with its comments",
    ...board,
    ...byPost,
    response: z.object({ post: ZFeedbackPostView, comments: z.array(ZFeedbackCommentModel) }),
  }),
  vote: defineRoute({
    method: "post",
    path: "/api/feedback/posts/:postId/votes",
    summary: "Vote for a post, or take the vote back",
    ...board,
    ...byPost,
    body: ZFeedbackVote.omit({ postId: true }),
    response: ZFeedbackPostView,
  }),
  comment: defineRoute({
    method: "post",
    path: "/api/feedback/posts/:postId/comments",
    summary: "Comment on a post",
    ...board,
    ...byPost,
    body: ZFeedbackComment.omit({ postId: true }),
    response: z.object({ post: ZFeedbackPost, comment: ZFeedbackCommentModel }),
  }),
  setStatus: defineRoute({
    method: "put",
    path: "/api/feedback/posts/:postId/status",
    summary: "Set a post's status (the product team only)",
    ...board,
    ...byPost,
    body: ZFeedbackSetStatus.omit({ postId: true }),
    response: ZFeedbackPost,
  }),
  screenshot: defineRoute({
    method: "get",
    path: "/api/feedback/posts/:postId/screenshot",
    summary: "A post's screenshot, served only as the image type checked on upload",
    ...board,
    ...byPost,
    download: { contentTypes: FEEDBACK_SCREENSHOT_TYPES },
    cacheControl: "private, max-age=3600",
  }),
};
