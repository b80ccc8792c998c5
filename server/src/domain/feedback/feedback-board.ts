import {
  ErrorCodes,
  type FeedbackComment,
  type FeedbackPost,
  type FeedbackPostView,
  type TFeedbackComment,
  type TFeedbackCreate,
  type TFeedbackSetStatus,
  type TFeedbackVote,
} from "@kaiwa/shared";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { DomainError } from "../errors";
import { feedbackViewer, loadVisiblePost, postColumns, toFeedbackComment, toFeedbackPost, type OperatorActor } from "./feedback-access";
import { decodeScreenshot } from "./screenshot";

const BOARD_LIMIT = 200;

async function votedSet(db: Db, actor: OperatorActor, postIds: string[]): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .select({ postId: schema.feedbackVotes.postId })
    .from(schema.feedbackVotes)
    .where(and(eq(schema.feedbackVotes.operatorId, actor.operatorId), inArray(schema.feedbackVotes.postId, postIds)));
  return new Set(rows.map((r) => r.postId));
}

/** Post feedback on a feature or a release, with an optional screenshot checked on its bytes. */
export async function createFeedbackPost(db: Db, actor: OperatorActor, input: TFeedbackCreate): Promise<FeedbackPostView> {
  const shot = input.screenshot ? decodeScreenshot(input.screenshot) : null;
  const [row] = await db
    .insert(schema.feedbackPosts)
    .values({
      workspaceId: actor.workspaceId,
      authorId: actor.operatorId,
      subjectKind: input.subjectKind,
      subject: input.subject,
      title: input.title,
      body: input.body,
      visibility: input.visibility,
      screenshot: shot?.bytes ?? null,
      screenshotType: shot?.type ?? null,
    })
    .returning({ id: schema.feedbackPosts.id });
  if (!row) throw new Error("feedback insert returned nothing");
  return { ...(await loadVisiblePost(db, actor, row.id)), votedByMe: false };
}

/** Every post the caller may see, newest first (the product team sees all workspaces'). */
export async function listFeedbackPosts(db: Db, actor: OperatorActor): Promise<FeedbackPostView[]> {
  const { visible } = await feedbackViewer(db, actor);
  const rows = await db
    .select(postColumns)
    .from(schema.feedbackPosts)
    .innerJoin(schema.workspaces, eq(schema.workspaces.id, schema.feedbackPosts.workspaceId))
    .leftJoin(schema.operators, eq(schema.operators.id, schema.feedbackPosts.authorId))
    .where(visible)
    .orderBy(desc(schema.feedbackPosts.createdAt), desc(schema.feedbackPosts.id))
    .limit(BOARD_LIMIT);
  const voted = await votedSet(db, actor, rows.map((r) => r.id));
  return rows.map((r) => ({ ...toFeedbackPost(r), votedByMe: voted.has(r.id) }));
}

/** One post with its comments, oldest comment first. */
export async function getFeedbackPost(db: Db, actor: OperatorActor, postId: string): Promise<{ post: FeedbackPostView; comments: FeedbackComment[] }> {
  const post = await loadVisiblePost(db, actor, postId);
  const [comments, voted] = await Promise.all([
    db.select().from(schema.feedbackComments).where(eq(schema.feedbackComments.postId, postId)).orderBy(schema.feedbackComments.createdAt, schema.feedbackComments.id),
    votedSet(db, actor, [postId]),
  ]);
  return { post: { ...post, votedByMe: voted.has(postId) }, comments: comments.map(toFeedbackComment) };
}

/** Vote for a post or take the vote back; one vote per operator, the count kept in the same transaction. */
export async function voteFeedbackPost(db: Db, actor: OperatorActor, input: TFeedbackVote): Promise<FeedbackPostView> {
  await loadVisiblePost(db, actor, input.postId);
  await db.transaction(async (tx) => {
    const changed = input.voted
      ? await tx.insert(schema.feedbackVotes).values({ postId: input.postId, operatorId: actor.operatorId }).onConflictDoNothing().returning()
      : await tx
          .delete(schema.feedbackVotes)
          .where(and(eq(schema.feedbackVotes.postId, input.postId), eq(schema.feedbackVotes.operatorId, actor.operatorId)))
          .returning();
    if (changed.length > 0) {
      await tx
        .update(schema.feedbackPosts)
        .set({ voteCount: sql`${schema.feedbackPosts.voteCount} + ${input.voted ? 1 : -1}` })
        .where(eq(schema.feedbackPosts.id, input.postId));
    }
  });
  return { ...(await loadVisiblePost(db, actor, input.postId)), votedByMe: input.voted };
}

/** Comment on a post; a product-team member's comment is marked as the team's answer. */
export async function commentFeedbackPost(db: Db, actor: OperatorActor, input: TFeedbackComment): Promise<{ post: FeedbackPost; comment: FeedbackComment }> {
  await loadVisiblePost(db, actor, input.postId);
  const { productTeam } = await feedbackViewer(db, actor);
  const comment = await db.transaction(async (tx) => {
    const [c] = await tx
      .insert(schema.feedbackComments)
      .values({ postId: input.postId, authorId: actor.operatorId, authorName: actor.name, fromProductTeam: productTeam, body: input.body })
      .returning();
    await tx
      .update(schema.feedbackPosts)
      .set({ commentCount: sql`${schema.feedbackPosts.commentCount} + 1`, updatedAt: new Date() })
      .where(eq(schema.feedbackPosts.id, input.postId));
    return c!;
  });
  return { post: await loadVisiblePost(db, actor, input.postId), comment: toFeedbackComment(comment) };
}

/** Set a post's status: the product team only. */
export async function setFeedbackStatus(db: Db, actor: OperatorActor, input: TFeedbackSetStatus): Promise<FeedbackPost> {
  const { productTeam } = await feedbackViewer(db, actor);
  if (!productTeam) throw new DomainError(ErrorCodes.FORBIDDEN, "only the product team sets a feedback status");
  const updated = await db
    .update(schema.feedbackPosts)
    .set({ status: input.status, updatedAt: new Date() })
    .where(eq(schema.feedbackPosts.id, input.postId))
    .returning({ id: schema.feedbackPosts.id });
  if (updated.length === 0) throw new DomainError(ErrorCodes.NOT_FOUND, "no such feedback post");
  return loadVisiblePost(db, actor, input.postId);
}

/** The screenshot of a post the caller may see. */
export async function readFeedbackScreenshot(db: Db, actor: OperatorActor, postId: string): Promise<{ type: string; bytes: Buffer }> {
  await loadVisiblePost(db, actor, postId);
  const [row] = await db
    .select({ type: schema.feedbackPosts.screenshotType, bytes: schema.feedbackPosts.screenshot })
    .from(schema.feedbackPosts)
    .where(eq(schema.feedbackPosts.id, postId));
  if (!row?.type || !row.bytes) throw new DomainError(ErrorCodes.NOT_FOUND, "this post has no screenshot");
  return { type: row.type, bytes: row.bytes };
}
