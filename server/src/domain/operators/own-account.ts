import type { DomainEventOf, Operator, TProfileBody } from "@kaiwa/shared";
import { ErrorCodes } from "@kaiwa/shared";
import { and, desc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import type { Actor } from "../actor";
import { hashToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { sessionsEnded } from "./sessions-ended";
import { toOperator } from "./sign-in";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/**
 * The signed-in operator changes their own name, the name visitors see on their messages, their console's language
 * or their signature. Reported as `operator.updated` with the fields that changed.
 */
export async function updateProfile(
  db: Db,
  actor: OperatorActor,
  input: TProfileBody,
): Promise<{ operator: Operator; events: DomainEventOf<"operator.updated">[] }> {
  const o = schema.operators;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(o).where(and(eq(o.id, actor.operatorId), eq(o.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      // A blank signature is no signature.
      ...(input.signature !== undefined ? { signature: input.signature?.trim() ? input.signature : null } : {}),
    };
    const fields = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== before[k]);
    if (fields.length === 0) return { operator: toOperator(before), events: [] };
    const [after] = await tx.update(o).set(patch).where(eq(o.id, before.id)).returning();
    const events = [domainEvent("operator.updated", actor.workspaceId, actor, { operatorId: before.id, fields: [...fields] })];
    await recordEvents(tx, events);
    return { operator: toOperator(after ?? before), events };
  });
}

/** The caller's sessions (each browser signed in), newest first; `current` is the one of this request. */
export async function listOwnSessions(db: Db, actor: OperatorActor, currentSessionToken: string) {
  const s = schema.operatorSessions;
  const current = hashToken(currentSessionToken);
  const rows = await db
    .select({ id: s.id, tokenHash: s.tokenHash, createdAt: s.createdAt, expiresAt: s.expiresAt })
    .from(s)
    .where(eq(s.operatorId, actor.operatorId))
    .orderBy(desc(s.createdAt));
  const now = Date.now();
  return rows
    .filter((r) => r.expiresAt.getTime() > now)
    .map((r) => ({ id: r.id, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), current: r.tokenHash === current }));
}

/** Sign out everywhere else: every session of the caller but this one ends (their consoles close through the event). */
export async function endOtherSessions(
  db: Db,
  actor: OperatorActor,
  currentSessionToken: string,
): Promise<{ ended: number; events: DomainEventOf<"operator.sessions_ended">[] }> {
  const s = schema.operatorSessions;
  const ended = await db
    .delete(s)
    .where(and(eq(s.operatorId, actor.operatorId), ne(s.tokenHash, hashToken(currentSessionToken))))
    .returning({ tokenHash: s.tokenHash });
  return { ended: ended.length, events: sessionsEnded(actor.workspaceId, actor, actor.operatorId, ended.map((e) => e.tokenHash), "signed_out") };
}
