import { ErrorCodes, type FeedbackComment, type FeedbackPost } from "@kaiwa/shared";
import { and, eq, or, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { isProductTeam } from "../flags/early-access";

export type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** The caller's reach on the board: the product team sees everything, others their workspace's and public posts. */
export async function feedbackViewer(db: Db, actor: OperatorActor) {
  const productTeam = await isProductTeam(db, actor.workspaceId);
  const visible: SQL | undefined = productTeam
    ? undefined
    : or(eq(schema.feedbackPosts.workspaceId, actor.workspaceId), eq(schema.feedbackPosts.visibility, "public"));
  return { productTeam, visible };
}

export const postColumns = {
  id: schema.feedbackPosts.id,
  workspaceId: schema.feedbackPosts.workspaceId,
  workspaceName: schema.workspaces.name,
  authorName: schema.operators.name,
  subjectKind: schema.feedbackPosts.subjectKind,
  subject: schema.feedbackPosts.subject,
  title: schema.feedbackPosts.title,
  body: schema.feedbackPosts.body,
  visibility: schema.feedbackPosts.visibility,
  status: schema.feedbackPosts.status,
  screenshotType: schema.feedbackPosts.screenshotType,
  voteCount: schema.feedbackPosts.voteCount,
  commentCount: schema.feedbackPosts.commentCount,
  createdAt: schema.feedbackPosts.createdAt,
  updatedAt: schema.feedbackPosts.updatedAt,
};

interface PostRow {
  id: string;
  workspaceId: string;
  workspaceName: string;
  authorName: string | null;
  subjectKind: FeedbackPost["subjectKind"];
  subject: string;
  title: string;
  body: string;
  visibility: FeedbackPost["visibility"];
  status: FeedbackPost["status"];
  screenshotType: string | null;
  voteCount: number;
  commentCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toFeedbackPost(r: PostRow): FeedbackPost {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    workspaceName: r.workspaceName,
    authorName: r.authorName,
    subjectKind: r.subjectKind,
    subject: r.subject,
    title: r.title,
    body: r.body,
    visibility: r.visibility,
    status: r.status,
    hasScreenshot: !!r.screenshotType,
    voteCount: r.voteCount,
    commentCount: r.commentCount,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toFeedbackComment(r: typeof schema.feedbackComments.$inferSelect): FeedbackComment {
  return {
    id: r.id,
    postId: r.postId,
    authorName: r.authorName,
    fromProductTeam: r.fromProductTeam,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  };
}

/** One post the caller may see, or NOT_FOUND (a post of another workspace is indistinguishable from none). */
export async function loadVisiblePost(db: Db, actor: OperatorActor, postId: string): Promise<FeedbackPost> {
  const { visible } = await feedbackViewer(db, actor);
  const [row] = await db
    .select(postColumns)
    .from(schema.feedbackPosts)
    .innerJoin(schema.workspaces, eq(schema.workspaces.id, schema.feedbackPosts.workspaceId))
    .leftJoin(schema.operators, eq(schema.operators.id, schema.feedbackPosts.authorId))
    .where(and(eq(schema.feedbackPosts.id, postId), visible));
  if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such feedback post");
  return toFeedbackPost(row);
}
