import { ErrorCodes, type DomainEvent, type DomainEventOf, type Draft, type TDraftReview, type TMessageSend } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import type { Actor } from "../actor";
import { getConversation } from "../conversations/get-conversation";
import { operatorShownName } from "../mappers";
import { DomainError } from "../errors";
import { authorize } from "../operators/authorize";
import { sendMessage, type SentMessage } from "./send-message";

type OperatorActor = Extract<Actor, { kind: "operator" }>;
type DraftRow = typeof schema.messageDrafts.$inferSelect;

const toDraft = (row: DraftRow, authorName: string): Draft => ({
  id: row.id,
  conversationId: row.conversationId,
  authorId: row.authorId,
  authorName,
  clientId: row.clientId,
  body: row.body,
  status: row.status,
  reviewerId: row.reviewerId,
  reviewComment: row.reviewComment,
  messageId: row.messageId,
  createdAt: row.createdAt.toISOString(),
  reviewedAt: row.reviewedAt?.toISOString() ?? null,
});

async function draftById(db: Db, workspaceId: string, draftId: string): Promise<Draft> {
  const [row] = await db
    .select({ draft: schema.messageDrafts, authorName: operatorShownName })
    .from(schema.messageDrafts)
    .innerJoin(schema.operators, eq(schema.operators.id, schema.messageDrafts.authorId))
    .where(and(eq(schema.messageDrafts.id, draftId), eq(schema.messageDrafts.workspaceId, workspaceId)))
    .limit(1);
  if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such draft");
  return toDraft(row.draft, row.authorName);
}

/**
 * Hold a trainee's reply as a draft: it is not a message (no seq, never synced or pushed to the visitor).
 * A retry with the same clientId returns the stored draft.
 */
export async function createDraft(db: Db, actor: OperatorActor, input: TMessageSend): Promise<{ draft: Draft; events: DomainEventOf<"draft.created">[] }> {
  const conversation = await getConversation(db, actor, input.conversationId);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.messageDrafts)
      .values({ workspaceId: actor.workspaceId, conversationId: conversation.id, authorId: actor.operatorId, clientId: input.clientId, body: input.body })
      .onConflictDoNothing()
      .returning({ id: schema.messageDrafts.id });
    const [row] = await tx
      .select()
      .from(schema.messageDrafts)
      .where(and(eq(schema.messageDrafts.conversationId, conversation.id), eq(schema.messageDrafts.clientId, input.clientId)))
      .limit(1);
    if (!row || row.authorId !== actor.operatorId) throw new DomainError(ErrorCodes.VALIDATION, "clientId: already used by another draft");
    const draft = toDraft(row, actor.name);
    // A retried draft is announced again (its first announcement may have died with its node), recorded once.
    const events = [domainEvent("draft.created", actor.workspaceId, actor, { draft }, { id: draft.id })];
    if (inserted.length > 0) await recordEvents(tx, events);
    return { draft, events };
  });
}

/** A conversation's drafts, oldest first; any operator of the workspace may see them (never visitors). */
export async function listDrafts(db: Db, actor: OperatorActor, conversationId: string): Promise<Draft[]> {
  const conversation = await getConversation(db, actor, conversationId);
  const rows = await db
    .select({ draft: schema.messageDrafts, authorName: operatorShownName })
    .from(schema.messageDrafts)
    .innerJoin(schema.operators, eq(schema.operators.id, schema.messageDrafts.authorId))
    .where(and(eq(schema.messageDrafts.conversationId, conversation.id), eq(schema.messageDrafts.workspaceId, actor.workspaceId)))
    .orderBy(asc(schema.messageDrafts.createdAt));
  return rows.map((r) => toDraft(r.draft, r.authorName));
}

/**
 * The drafts waiting for review in the workspace, oldest first, at most 200: the reviewers' queue. A trainee sees
 * only their own.
 */
export async function listPendingDrafts(db: Db, actor: OperatorActor): Promise<Draft[]> {
  const d = schema.messageDrafts;
  const rows = await db
    .select({ draft: d, authorName: operatorShownName })
    .from(d)
    .innerJoin(schema.operators, eq(schema.operators.id, d.authorId))
    .where(and(eq(d.workspaceId, actor.workspaceId), eq(d.status, "pending"), actor.role === "trainee" ? eq(d.authorId, actor.operatorId) : undefined))
    .orderBy(asc(d.createdAt))
    .limit(200);
  return rows.map((r) => toDraft(r.draft, r.authorName));
}

/**
 * Approve or reject a pending draft (supervisors and admins). The decision is claimed by one conditional
 * UPDATE, so two reviewers cannot both decide. An approved draft is sent through sendMessage with the trainee
 * as author and the draft's clientId (so a retried approval cannot send twice); if sending fails the draft
 * goes back to pending.
 */
export async function reviewDraft(
  db: Db,
  actor: OperatorActor,
  input: TDraftReview,
): Promise<{ draft: Draft; sent: SentMessage | null; events: DomainEvent[] }> {
  authorize(actor, "draft:review");
  const current = await draftById(db, actor.workspaceId, input.draftId);
  const now = new Date();
  const [claimed] = await db
    .update(schema.messageDrafts)
    .set({
      status: input.decision === "approve" ? "approved" : "rejected",
      reviewerId: actor.operatorId,
      reviewComment: input.decision === "reject" ? input.comment : null,
      reviewedAt: now,
    })
    .where(and(eq(schema.messageDrafts.id, current.id), eq(schema.messageDrafts.workspaceId, actor.workspaceId), eq(schema.messageDrafts.status, "pending")))
    .returning();
  if (!claimed) throw new DomainError(ErrorCodes.VALIDATION, "this draft was already reviewed");
  if (input.decision === "reject") {
    const draft = toDraft(claimed, current.authorName);
    const events = [domainEvent("draft.reviewed", actor.workspaceId, actor, { draft })];
    await recordEvents(db, events);
    return { draft, sent: null, events };
  }

  const [author] = await db.select().from(schema.operators).where(eq(schema.operators.id, claimed.authorId)).limit(1);
  const authorActor: OperatorActor = {
    kind: "operator",
    workspaceId: actor.workspaceId,
    operatorId: claimed.authorId,
    name: author?.displayName ?? author?.name ?? current.authorName,
    role: author?.role ?? "trainee",
  };
  let sent: SentMessage;
  try {
    sent = await sendMessage(db, authorActor, { conversationId: claimed.conversationId, clientId: claimed.clientId, body: claimed.body }, { approvedDraft: true });
  } catch (err) {
    await db
      .update(schema.messageDrafts)
      .set({ status: "pending", reviewerId: null, reviewedAt: null })
      .where(eq(schema.messageDrafts.id, claimed.id));
    throw err;
  }
  const [done] = await db.update(schema.messageDrafts).set({ messageId: sent.message.id }).where(eq(schema.messageDrafts.id, claimed.id)).returning();
  const draft = toDraft(done ?? claimed, current.authorName);
  const reviewed = domainEvent("draft.reviewed", actor.workspaceId, actor, { draft });
  await recordEvents(db, [reviewed]);
  // The approved draft goes out through the normal path (the visitor's tabs and every operator), then its review.
  return { draft, sent, events: [...sent.events, reviewed] };
}
