import { ErrorCodes, type CannedResponse, type DomainEventOf, type TCannedSave } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { isUniqueViolation } from "../conversations/set-conversation-status";
import { DomainError } from "../errors";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";

type OperatorActor = Extract<Actor, { kind: "operator" }>;
const c = schema.cannedResponses;
const columns = { id: c.id, shortcut: c.shortcut, body: c.body };

/** The workspace's canned responses, by shortcut. */
export async function listCanned(db: Db, actor: Pick<OperatorActor, "workspaceId">): Promise<CannedResponse[]> {
  return db.select(columns).from(c).where(eq(c.workspaceId, actor.workspaceId)).orderBy(asc(c.shortcut));
}

/** Admins, supervisors and operators keep the workspace's canned responses (trainees only use them). */
export async function saveCanned(
  db: Db,
  actor: OperatorActor,
  input: TCannedSave,
): Promise<{ canned: CannedResponse; events: DomainEventOf<"canned.changed">[] }> {
  if (actor.role === "trainee") throw new DomainError(ErrorCodes.FORBIDDEN, "trainees cannot edit canned responses");
  const shortcut = input.shortcut.trim().toLowerCase();
  try {
    return await db.transaction(async (tx) => {
      const [row] = input.id
        ? await tx
            .update(c)
            .set({ shortcut, body: input.body })
            .where(and(eq(c.id, input.id), eq(c.workspaceId, actor.workspaceId)))
            .returning(columns)
        : await tx
            .insert(c)
            .values({ workspaceId: actor.workspaceId, shortcut, body: input.body, createdById: actor.operatorId })
            .returning(columns);
      if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such canned response");
      const events = [domainEvent("canned.changed", actor.workspaceId, actor, { id: row.id, canned: row })];
      await recordEvents(tx, events);
      return { canned: row, events };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError(ErrorCodes.VALIDATION, "shortcut: already used by another canned response");
    throw err;
  }
}

/** Delete one of the workspace's canned responses. */
export async function deleteCanned(db: Db, actor: OperatorActor, id: string): Promise<{ id: string; events: DomainEventOf<"canned.changed">[] }> {
  if (actor.role === "trainee") throw new DomainError(ErrorCodes.FORBIDDEN, "trainees cannot edit canned responses");
  return db.transaction(async (tx) => {
    const gone = await tx.delete(c).where(and(eq(c.id, id), eq(c.workspaceId, actor.workspaceId))).returning({ id: c.id });
    if (gone.length === 0) throw new DomainError(ErrorCodes.NOT_FOUND, "no such canned response");
    const events = [domainEvent("canned.changed", actor.workspaceId, actor, { id, canned: null })];
    await recordEvents(tx, events);
    return { id, events };
  });
}
