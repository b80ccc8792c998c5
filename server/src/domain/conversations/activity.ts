import type { Activity, DomainEventOf } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { operatorShownName } from "../mappers";
import { getConversation } from "./get-conversation";

type ActivityEvent = DomainEventOf<"conversation.assigned"> | DomainEventOf<"conversation.status_changed">;

/** The timeline entry a domain event makes (the same whether pushed live or listed later). */
export function activityOf(event: ActivityEvent): Activity {
  const actorId = event.actor.kind === "operator" ? event.actor.id : null;
  const base = { id: event.id, actorId, actorName: actorId ? event.actor.name : null, at: event.occurredAt };
  if (event.type === "conversation.assigned") {
    const a = event.data.assignment;
    return { ...base, kind: "assigned", conversationId: a.conversationId, reason: a.reason, operatorId: a.operatorId, previousOperatorId: a.previousOperatorId, note: a.note };
  }
  return { ...base, kind: "status", conversationId: event.data.conversation.id, from: event.data.from, to: event.data.to };
}

/** Keep the timeline entry of an assignment or status change, in the transaction of the change. */
export async function recordActivity(tx: Db, event: ActivityEvent): Promise<void> {
  const a = activityOf(event);
  const data: Record<string, string | null> =
    a.kind === "assigned"
      ? { reason: a.reason, operatorId: a.operatorId, previousOperatorId: a.previousOperatorId, note: a.note }
      : { from: a.from, to: a.to };
  await tx.insert(schema.conversationActivity).values({
    id: a.id,
    workspaceId: event.workspaceId,
    conversationId: a.conversationId,
    kind: a.kind,
    actorId: a.actorId,
    data,
    createdAt: new Date(a.at),
  });
}

/** A conversation's timeline (assignments and status changes), oldest first: operators of its workspace only. */
export async function listActivity(db: Db, actor: Extract<Actor, { kind: "operator" }>, conversationId: string): Promise<Activity[]> {
  const conversation = await getConversation(db, actor, conversationId);
  const t = schema.conversationActivity;
  const rows = await db
    .select({ row: t, actorName: operatorShownName })
    .from(t)
    .leftJoin(schema.operators, eq(schema.operators.id, t.actorId))
    .where(and(eq(t.workspaceId, actor.workspaceId), eq(t.conversationId, conversation.id)))
    .orderBy(asc(t.createdAt), asc(t.id));
  return rows.map(({ row, actorName }): Activity => {
    const base = { id: row.id, conversationId: row.conversationId, actorId: row.actorId, actorName: row.actorId ? actorName : null, at: row.createdAt.toISOString() };
    const d = row.data;
    if (row.kind === "assigned") {
      return {
        ...base,
        kind: "assigned",
        reason: (d.reason ?? "assign") as Extract<Activity, { kind: "assigned" }>["reason"],
        operatorId: d.operatorId ?? null,
        previousOperatorId: d.previousOperatorId ?? null,
        note: d.note ?? null,
      };
    }
    return { ...base, kind: "status", from: (d.from ?? "open") as Extract<Activity, { kind: "status" }>["from"], to: (d.to ?? "open") as Extract<Activity, { kind: "status" }>["to"] };
  });
}
