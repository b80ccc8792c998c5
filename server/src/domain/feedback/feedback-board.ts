import {
  ErrorCodes,
  type DomainEventOf,
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
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { feedbackViewer, loadVisiblePost, postColumns, toFeedbackComment, toFeedbackPost, type OperatorActor } from "./feedback-access";
import { decodeScreenshot } from "./screenshot";

const BOARD_LIMIT = 200;

/** A post as everyone may see it: without the reader's own vote. */
export const sharedView = <T extends FeedbackPost & { votedByMe?: boolean }>({ votedByMe: _v, ...post }: T): FeedbackPost => post;

/** `feedback.post_changed` for `post`, recorded in the outbox. */
async function postChanged(db: Db, actor: OperatorActor, post: FeedbackPost): Promise<DomainEventOf<"feedback.post_changed">[]> {
  const events = [domainEvent("feedback.post_changed", actor.workspaceId, actor, { post: sharedView(post) })];
  await recordEvents(db, events);
  return events;
}

async function votedSet(db: Db, actor: OperatorActor, postIds: string[]): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .select({ postId: schema.feedbackVotes.postId })
    .from(schema.feedbackVotes)
    .where(and(eq(schema.feedbackVotes.operatorId, actor.operatorId), inArray(schema.feedbackVotes.postId, postIds)));
  return new Set(rows.map((r) => r.postId));
}

/** Post feedback on a feature or a release, with an optional screenshot checked on its bytes. */
export async function createFeedbackPost(
  db: Db,
  actor: OperatorActor,
  input: TFeedbackCreate,
): Promise<{ post: FeedbackPostView; events: DomainEventOf<"feedback.post_changed">[] }> {
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
  const post = await loadVisiblePost(db, actor, row.id);
  return { post: { ...post, votedByMe: false }, events: await postChanged(db, actor, post) };
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
export async function voteFeedbackPost(
  db: Db,
  actor: OperatorActor,
  input: TFeedbackVote,
): Promise<{ post: FeedbackPostView; events: DomainEventOf<"feedback.post_changed">[] }> {
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
  const post = await loadVisiblePost(db, actor, input.postId);
  return { post: { ...post, votedByMe: input.voted }, events: await postChanged(db, actor, post) };
}

/** Comment on a post; a product-team member's comment is marked as the team's answer. */
export async function commentFeedbackPost(
  db: Db,
  actor: OperatorActor,
  input: TFeedbackComment,
): Promise<{ post: FeedbackPost; comment: FeedbackComment; events: DomainEventOf<"feedback.comment_added">[] }> {
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
  const post = await loadVisiblePost(db, actor, input.postId);
  const added = toFeedbackComment(comment);
  const events = [domainEvent("feedback.comment_added", actor.workspaceId, actor, { post: sharedView(post), comment: added })];
  await recordEvents(db, events);
  return { post, comment: added, events };
}

/** Set a post's status: the product team only. */
export async function setFeedbackStatus(
  db: Db,
  actor: OperatorActor,
  input: TFeedbackSetStatus,
): Promise<{ post: FeedbackPost; events: DomainEventOf<"feedback.post_changed">[] }> {
  const { productTeam } = await feedbackViewer(db, actor);
  if (!productTeam) throw new DomainError(ErrorCodes.FORBIDDEN, "only the product team sets a feedback status");
  const updated = await db
    .update(schema.feedbackPosts)
    .set({ status: input.status, updatedAt: new Date() })
    .where(eq(schema.feedbackPosts.id, input.postId))
    .returning({ id: schema.feedbackPosts.id });
  if (updated.length === 0) throw new DomainError(ErrorCodes.NOT_FOUND, "no such feedback post");
  const post = await loadVisiblePost(db, actor, input.postId);
  return { post, events: await postChanged(db, actor, post) };
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
