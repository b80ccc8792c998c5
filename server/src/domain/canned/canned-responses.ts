import { ErrorCodes, type CannedResponse, type TCannedSave } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { isUniqueViolation } from "../conversations/set-conversation-status";
import { DomainError } from "../errors";

type OperatorActor = Extract<Actor, { kind: "operator" }>;
const c = schema.cannedResponses;
const columns = { id: c.id, shortcut: c.shortcut, body: c.body };

/** The workspace's canned responses, by shortcut. */
export async function listCanned(db: Db, actor: OperatorActor): Promise<CannedResponse[]> {
  return db.select(columns).from(c).where(eq(c.workspaceId, actor.workspaceId)).orderBy(asc(c.shortcut));
}

/** Admins, supervisors and operators keep the workspace's canned responses (trainees only use them). */
export async function saveCanned(db: Db, actor: OperatorActor, input: TCannedSave): Promise<CannedResponse> {
  if (actor.role === "trainee") throw new DomainError(ErrorCodes.FORBIDDEN, "trainees cannot edit canned responses");
  const shortcut = input.shortcut.trim().toLowerCase();
  try {
    if (input.id) {
      const [row] = await db
        .update(c)
        .set({ shortcut, body: input.body })
        .where(and(eq(c.id, input.id), eq(c.workspaceId, actor.workspaceId)))
        .returning(columns);
      if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such canned response");
      return row;
    }
    const [row] = await db
      .insert(c)
      .values({ workspaceId: actor.workspaceId, shortcut, body: input.body, createdById: actor.operatorId })
      .returning(columns);
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError(ErrorCodes.VALIDATION, "shortcut: already used by another canned response");
    throw err;
  }
}

export async function deleteCanned(db: Db, actor: OperatorActor, id: string): Promise<{ id: string }> {
  if (actor.role === "trainee") throw new DomainError(ErrorCodes.FORBIDDEN, "trainees cannot edit canned responses");
  const gone = await db.delete(c).where(and(eq(c.id, id), eq(c.workspaceId, actor.workspaceId))).returning({ id: c.id });
  if (gone.length === 0) throw new DomainError(ErrorCodes.NOT_FOUND, "no such canned response");
  return { id };
}
