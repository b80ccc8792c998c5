import type { AuditEntry } from "@kaiwa/shared";
import { and, desc, eq, lt } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { authorize } from "./authorize";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** Record one change; `actorId` null when the subject acted through a one-time link. */
export async function recordAudit(
  db: Db,
  entry: { workspaceId: string; actorId: string | null; action: string; targetId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(schema.auditLog).values({
    workspaceId: entry.workspaceId,
    actorId: entry.actorId,
    action: entry.action,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? {},
  });
}

/** The workspace's audit log, newest first, 100 a page (admins only). */
export async function listAudit(db: Db, actor: OperatorActor, opts: { before?: Date } = {}): Promise<AuditEntry[]> {
  authorize(actor, "audit:read");
  const rows = await db
    .select({ entry: schema.auditLog, actorName: schema.operators.name })
    .from(schema.auditLog)
    .leftJoin(schema.operators, eq(schema.operators.id, schema.auditLog.actorId))
    .where(and(eq(schema.auditLog.workspaceId, actor.workspaceId), opts.before ? lt(schema.auditLog.createdAt, opts.before) : undefined))
    .orderBy(desc(schema.auditLog.createdAt))
    .limit(100);
  return rows.map(({ entry, actorName }) => ({
    id: entry.id,
    actorId: entry.actorId,
    actorName,
    action: entry.action,
    targetId: entry.targetId,
    detail: entry.detail,
    createdAt: entry.createdAt.toISOString(),
  }));
}
