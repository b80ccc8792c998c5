import { ErrorCodes, type DomainEventOf, type TChangePasswordBody, type TPasswordResetBody } from "@kaiwa/shared";
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { hashPassword, verifyPassword } from "../auth/password";
import { hashToken, randomToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { recordAudit } from "./audit-log";
import { sessionsEnded } from "./sessions-ended";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** A reset link is good for one hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Change the signed-in operator's password after checking the current one. Their other sessions end (the one
 * in use is kept); returns the SHA-256 of the ended sessions' tokens so the transport disconnects them.
 */
export async function changePassword(
  db: Db,
  actor: OperatorActor,
  currentSessionToken: string,
  input: TChangePasswordBody,
): Promise<{ sessionHashes: string[]; events: DomainEventOf<"operator.sessions_ended">[] }> {
  const [row] = await db.select().from(schema.operators).where(and(eq(schema.operators.id, actor.operatorId), eq(schema.operators.workspaceId, actor.workspaceId))).limit(1);
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new DomainError(ErrorCodes.INVALID_CREDENTIALS, "the current password is wrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const keep = hashToken(currentSessionToken);
  const ended = await db.transaction(async (tx) => {
    await tx.update(schema.operators).set({ passwordHash }).where(eq(schema.operators.id, row.id));
    // A reset link asked for before the change must not undo it.
    await tx.update(schema.passwordResets).set({ usedAt: new Date() }).where(and(eq(schema.passwordResets.operatorId, row.id), isNull(schema.passwordResets.usedAt)));
    return tx
      .delete(schema.operatorSessions)
      .where(and(eq(schema.operatorSessions.operatorId, row.id), ne(schema.operatorSessions.tokenHash, keep)))
      .returning({ tokenHash: schema.operatorSessions.tokenHash });
  });
  await recordAudit(db, { workspaceId: row.workspaceId, actorId: row.id, action: "operator.password_changed", targetId: row.id });
  const sessionHashes = ended.map((s) => s.tokenHash);
  return { sessionHashes, events: sessionsEnded(row.workspaceId, actor, row.id, sessionHashes, "password_changed") };
}

/**
 * Start a reset for `email`: returns the one-time token to mail, or null when no active operator has that
 * address (the transport answers the same either way, so addresses cannot be probed).
 */
export async function requestPasswordReset(db: Db, email: string): Promise<{ token: string; email: string; name: string } | null> {
  const [row] = await db.select().from(schema.operators).where(and(eq(schema.operators.email, email.toLowerCase()), eq(schema.operators.active, true))).limit(1);
  if (!row) return null;
  const token = randomToken();
  await db.insert(schema.passwordResets).values({ operatorId: row.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS) });
  await recordAudit(db, { workspaceId: row.workspaceId, actorId: null, action: "operator.password_reset_requested", targetId: row.id });
  return { token, email: row.email, name: row.name };
}

/**
 * Set a new password through a reset link. The token is single use (claimed by one UPDATE), expires, and is
 * stored only as its SHA-256; every session of the operator ends. Returns the ended sessions' token hashes.
 */
export async function resetPassword(
  db: Db,
  input: TPasswordResetBody,
): Promise<{ sessionHashes: string[]; events: DomainEventOf<"operator.sessions_ended">[] }> {
  // The link is looked up before the (deliberately slow) password hash: a bogus token costs nothing.
  const [live] = await db
    .select({ id: schema.passwordResets.id })
    .from(schema.passwordResets)
    .where(and(eq(schema.passwordResets.tokenHash, hashToken(input.token)), isNull(schema.passwordResets.usedAt), gt(schema.passwordResets.expiresAt, new Date())))
    .limit(1);
  if (!live) throw new DomainError(ErrorCodes.LINK_INVALID, "this reset link is unknown, expired or already used");
  const passwordHash = await hashPassword(input.newPassword);
  const result = await db.transaction(async (tx) => {
    const [reset] = await tx
      .update(schema.passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(schema.passwordResets.tokenHash, hashToken(input.token)), isNull(schema.passwordResets.usedAt), gt(schema.passwordResets.expiresAt, new Date())))
      .returning();
    if (!reset) throw new DomainError(ErrorCodes.LINK_INVALID, "this reset link is unknown, expired or already used");
    const [op] = await tx
      .update(schema.operators)
      .set({ passwordHash })
      .where(and(eq(schema.operators.id, reset.operatorId), eq(schema.operators.active, true)))
      .returning();
    if (!op) throw new DomainError(ErrorCodes.LINK_INVALID, "this account is deactivated");
    // Any other link still out for this operator dies with this one.
    await tx.update(schema.passwordResets).set({ usedAt: new Date() }).where(and(eq(schema.passwordResets.operatorId, op.id), isNull(schema.passwordResets.usedAt)));
    const ended = await tx.delete(schema.operatorSessions).where(eq(schema.operatorSessions.operatorId, op.id)).returning({ tokenHash: schema.operatorSessions.tokenHash });
    return { op, ended };
  });
  await recordAudit(db, { workspaceId: result.op.workspaceId, actorId: null, action: "operator.password_reset", targetId: result.op.id });
  const sessionHashes = result.ended.map((s) => s.tokenHash);
  return { sessionHashes, events: sessionsEnded(result.op.workspaceId, null, result.op.id, sessionHashes, "password_reset") };
}
