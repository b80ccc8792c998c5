// The contract of stages, feature flags, the early-access program and the feedback board.
import { z } from "zod";
import { zText } from "./text";
import type { Ack } from "./events";
import type { ZFeedbackCommentModel, ZFeedbackPost, ZFeedbackPostView } from "./models";
import type { ZEarlyAccessState, ZReleaseNote, ZVersionInfo } from "./rest/early-access";

export const APP_STAGES = ["development", "test", "review", "staging", "production"] as const;
export type AppStage = (typeof APP_STAGES)[number];

/** GET /api/version. */
export type VersionInfo = z.infer<typeof ZVersionInfo>;

export const FEATURE_FLAGS = ["feedbackBoard", "releaseNotes"] as const;
export type FeatureFlag = (typeof FEATURE_FLAGS)[number];

/** GET/PUT /api/early-access. */
export type EarlyAccessState = z.infer<typeof ZEarlyAccessState>;

export const ZEarlyAccessSet = z.object({ optedIn: z.boolean() }).strict();

export const FEEDBACK_STATUSES = ["under_review", "planned", "in_progress", "shipped", "declined"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_SCREENSHOT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
/** Largest screenshot accepted, in bytes (decoded). */
export const FEEDBACK_SCREENSHOT_MAX_BYTES = 1_000_000;
export const FEEDBACK_BODY_MAX = 4000;
export const FEEDBACK_COMMENT_MAX = 2000;

const text = (max: number) => zText().trim().min(1).max(max);

export const ZFeedbackCreate = z
  .object({
    subjectKind: z.enum(["feature", "release"]),
    /** A flag key or a release version. */
    subject: text(80),
    title: text(140),
    body: text(FEEDBACK_BODY_MAX),
    visibility: z.enum(["workspace", "public"]).default("workspace"),
    screenshot: z
      .object({
        type: z.enum(FEEDBACK_SCREENSHOT_TYPES),
        /** Base64 of the image bytes; the server checks the bytes against `type` and the size limit. */
        data: z.base64().max(Math.ceil(FEEDBACK_SCREENSHOT_MAX_BYTES / 3) * 4 + 4),
      })
      .strict()
      .optional(),
  })
  .strict();
export type TFeedbackCreate = z.infer<typeof ZFeedbackCreate>;

export const ZFeedbackPostId = z.uuid();
/** `feedback:subscribe` carries nothing. */
export const ZFeedbackSubscribe = z.object({}).strict();
export const ZFeedbackVote = z.object({ postId: z.uuid(), voted: z.boolean() }).strict();
export type TFeedbackVote = z.infer<typeof ZFeedbackVote>;
export const ZFeedbackComment = z.object({ postId: z.uuid(), body: text(FEEDBACK_COMMENT_MAX) }).strict();
export type TFeedbackComment = z.infer<typeof ZFeedbackComment>;
export const ZFeedbackSetStatus = z.object({ postId: z.uuid(), status: z.enum(FEEDBACK_STATUSES) }).strict();
export type TFeedbackSetStatus = z.infer<typeof ZFeedbackSetStatus>;

/** A post of the feedback board. */
export type FeedbackPost = z.infer<typeof ZFeedbackPost>;

/** A post as one operator sees it. */
export type FeedbackPostView = z.infer<typeof ZFeedbackPostView>;

/** A comment on a feedback post. */
export type FeedbackComment = z.infer<typeof ZFeedbackCommentModel>;

/** `/operator` events of the feedback board (the console subscribes once the board is open). */
export interface FeedbackClientToServerEvents {
  /** Receive live updates of every post the caller may see; refused when the feedbackBoard flag is off. */
  "feedback:subscribe": (payload: Record<string, never>, ack: Ack<{ ok: true }>) => void;
  "feedback:vote": (payload: TFeedbackVote, ack: Ack<FeedbackPostView>) => void;
}

export interface FeedbackServerToClientEvents {
  /** A post was created or changed (votes, comment count, status); `votedByMe` is not included. */
  "feedback:post": (post: FeedbackPost) => void;
  "feedback:comment": (comment: FeedbackComment) => void;
}

/** A release note from releases/*.md. */
export type ReleaseNote = z.infer<typeof ZReleaseNote>;
