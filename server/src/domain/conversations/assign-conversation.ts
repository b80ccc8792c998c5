import { ErrorCodes, type AssignmentEvent, type Conversation, type DomainEventOf, type TConversationAssign } from "@kaiwa/shared";
import { and, eq, isNull } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { recordActivity } from "./activity";
import { conversationScope, getConversation } from "./get-conversation";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/**
 * Assign a conversation to an operator of the same workspace (to yourself: claim; from someone to someone
 * else: transfer, with an optional note), or to nobody. Each holder's period is kept in
 * conversation_assignments (closed with ended_at) for analytics. Trainees may only claim.
 */
export async function assignConversation(
  db: Db,
  actor: OperatorActor | null,
  workspaceId: string,
  input: TConversationAssign,
  opts: { auto?: boolean; onlyIfUnassigned?: boolean } = {},
): Promise<{ conversation: Conversation; event: AssignmentEvent | null; events: DomainEventOf<"conversation.assigned">[] }> {
  const c = schema.conversations;
  const target = input.operatorId;
  if (actor && actor.role === "trainee" && target !== actor.operatorId) {
    throw new DomainError(ErrorCodes.FORBIDDEN, "trainees may only assign conversations to themselves");
  }
  const scopeActor: Actor = actor ?? { kind: "operator", workspaceId, operatorId: "", name: "", role: "admin" };
  const now = new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: c.id, assigneeId: c.assigneeId })
      .from(c)
      .where(and(eq(c.id, input.conversationId), conversationScope(scopeActor)))
      .for("update");
    if (!row) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");
    if (target) {
      const [op] = await tx
        .select({ id: schema.operators.id })
        .from(schema.operators)
        .where(and(eq(schema.operators.id, target), eq(schema.operators.workspaceId, workspaceId), eq(schema.operators.active, true)));
      if (!op) throw new DomainError(ErrorCodes.VALIDATION, "operatorId: no such operator in this workspace");
    }
    const unchanged = async () => ({ conversation: await getConversation(tx, scopeActor, row.id), event: null, events: [] });
    if (row.assigneeId === target) return unchanged();
    if (opts.onlyIfUnassigned && row.assigneeId) return unchanged(); // someone took it meanwhile
    const reason: AssignmentEvent["reason"] = opts.auto
      ? "auto"
      : target === null
        ? "unassign"
        : actor && target === actor.operatorId
          ? "claim"
          : row.assigneeId
            ? "transfer"
            : "assign";
    await tx
      .update(schema.conversationAssignments)
      .set({ endedAt: now })
      .where(
        and(
          eq(schema.conversationAssignments.workspaceId, workspaceId),
          eq(schema.conversationAssignments.conversationId, row.id),
          isNull(schema.conversationAssignments.endedAt),
        ),
      );
    if (target) {
      await tx.insert(schema.conversationAssignments).values({
        workspaceId,
        conversationId: row.id,
        operatorId: target,
        assignedById: actor?.operatorId ?? null,
        reason: reason === "unassign" ? "assign" : reason,
        note: input.note || null,
        startedAt: now,
      });
    }
    await tx.update(c).set({ assigneeId: target, lastActivityAt: now }).where(eq(c.id, row.id));
    const event: AssignmentEvent = {
      conversationId: row.id,
      operatorId: target,
      previousOperatorId: row.assigneeId,
      assignedById: actor?.operatorId ?? null,
      reason,
      note: input.note || null,
      at: now.toISOString(),
    };
    const conversation = await getConversation(tx, scopeActor, row.id);
    const events = [domainEvent("conversation.assigned", workspaceId, actor, { conversation, assignment: event })];
    await recordEvents(tx, events);
    await recordActivity(tx, events[0]!);
    return { conversation, event, events };
  });
}

/** The assignment periods of a conversation, oldest first (for analytics and the conversation's history). */
export async function listAssignmentPeriods(db: Db, actor: OperatorActor, conversationId: string) {
  await getConversation(db, actor, conversationId);
  const a = schema.conversationAssignments;
  return db
    .select({ operatorId: a.operatorId, assignedById: a.assignedById, reason: a.reason, note: a.note, startedAt: a.startedAt, endedAt: a.endedAt })
    .from(a)
    .where(and(eq(a.workspaceId, actor.workspaceId), eq(a.conversationId, conversationId)))
    .orderBy(a.startedAt);
}
