import {
  ErrorCodes,
  type DomainEvent,
  type Invitation,
  type Operator,
  type OperatorAccount,
  type TAcceptInvitationBody,
  type TInviteOperatorBody,
  type TOperatorPatchBody,
} from "@kaiwa/shared";
import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { hashPassword } from "../auth/password";
import { hashToken, randomToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { recordAudit } from "./audit-log";
import { authorize } from "./authorize";
import { sessionsEnded } from "./sessions-ended";
import { toOperator } from "./sign-in";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** An invitation link is good for 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const toAccount = (row: typeof schema.operators.$inferSelect): OperatorAccount => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  active: row.active,
  capacity: row.capacity,
  createdAt: row.createdAt.toISOString(),
});

const toInvitation = (row: typeof schema.operatorInvitations.$inferSelect): Invitation => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  expiresAt: row.expiresAt.toISOString(),
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
});

/** Every operator of the actor's workspace (admins only), oldest first. */
export async function listOperatorAccounts(db: Db, actor: OperatorActor): Promise<OperatorAccount[]> {
  authorize(actor, "operators:manage");
  const rows = await db.select().from(schema.operators).where(eq(schema.operators.workspaceId, actor.workspaceId)).orderBy(asc(schema.operators.createdAt));
  return rows.map(toAccount);
}

/** Open invitations of the workspace (admins only). */
export async function listInvitations(db: Db, actor: OperatorActor): Promise<Invitation[]> {
  authorize(actor, "operators:manage");
  const rows = await db
    .select()
    .from(schema.operatorInvitations)
    .where(and(eq(schema.operatorInvitations.workspaceId, actor.workspaceId), isNull(schema.operatorInvitations.acceptedAt), gt(schema.operatorInvitations.expiresAt, new Date())))
    .orderBy(asc(schema.operatorInvitations.createdAt));
  return rows.map(toInvitation);
}

/** Invite someone (admins only); the caller mails the returned token as a one-time link. */
export async function inviteOperator(db: Db, actor: OperatorActor, input: TInviteOperatorBody): Promise<{ invitation: Invitation; token: string }> {
  authorize(actor, "operators:manage");
  const email = input.email.toLowerCase();
  // Only this workspace's own operators are named: whether an address has an account in another workspace is
  // not the inviting admin's business (that invitation simply cannot be accepted; its link says so to the invitee).
  const [existing] = await db
    .select({ id: schema.operators.id })
    .from(schema.operators)
    .where(and(eq(schema.operators.email, email), eq(schema.operators.workspaceId, actor.workspaceId)))
    .limit(1);
  if (existing) throw new DomainError(ErrorCodes.VALIDATION, "email: already an operator of this workspace");
  const token = randomToken();
  const [row] = await db
    .insert(schema.operatorInvitations)
    .values({
      workspaceId: actor.workspaceId,
      email,
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: actor.operatorId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning();
  if (!row) throw new Error("invitation insert returned nothing");
  await recordAudit(db, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "operator.invited", targetId: row.id, detail: { email, role: input.role } });
  return { invitation: toInvitation(row), token };
}

/** Accept an invitation through its link: the operator is created with the chosen password. Single use. */
export async function acceptInvitation(db: Db, input: TAcceptInvitationBody): Promise<Operator> {
  // The link is looked up before the (deliberately slow) password hash: a bogus token costs nothing.
  const [live] = await db
    .select({ id: schema.operatorInvitations.id })
    .from(schema.operatorInvitations)
    .where(and(eq(schema.operatorInvitations.tokenHash, hashToken(input.token)), isNull(schema.operatorInvitations.acceptedAt), gt(schema.operatorInvitations.expiresAt, new Date())))
    .limit(1);
  if (!live) throw new DomainError(ErrorCodes.LINK_INVALID, "this invitation is unknown, expired or already used");
  const passwordHash = await hashPassword(input.password);
  const operator = await db.transaction(async (tx) => {
    const [inv] = await tx
      .update(schema.operatorInvitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(schema.operatorInvitations.tokenHash, hashToken(input.token)), isNull(schema.operatorInvitations.acceptedAt), gt(schema.operatorInvitations.expiresAt, new Date())))
      .returning();
    if (!inv) throw new DomainError(ErrorCodes.LINK_INVALID, "this invitation is unknown, expired or already used");
    const [taken] = await tx.select({ id: schema.operators.id }).from(schema.operators).where(eq(schema.operators.email, inv.email)).limit(1);
    if (taken) throw new DomainError(ErrorCodes.LINK_INVALID, "this address already has a Kaiwa account; sign in with it, or ask for an invitation to another address");
    const [row] = await tx
      .insert(schema.operators)
      .values({ workspaceId: inv.workspaceId, email: inv.email, name: inv.name, role: inv.role, passwordHash })
      .returning();
    if (!row) throw new Error("operator insert returned nothing");
    return row;
  });
  await recordAudit(db, { workspaceId: operator.workspaceId, actorId: operator.id, action: "operator.joined", targetId: operator.id, detail: { email: operator.email, role: operator.role } });
  return toOperator(operator);
}

/** First key of the per-workspace advisory lock that serialises changes to operators. */
const OPERATORS_LOCK = 0x6f70;

/**
 * Change an operator's role or their own capacity for automatic assignment, or deactivate / reactivate them
 * (admins only). Deactivating ends their sessions;
 * a role change keeps them but their sockets must reconnect to pick up the new role. Returns the SHA-256 of
 * every session token the transport should disconnect. The last active admin cannot be demoted or deactivated.
 */
export async function updateOperator(
  db: Db,
  actor: OperatorActor,
  operatorId: string,
  patch: TOperatorPatchBody,
): Promise<{ operator: OperatorAccount; sessionHashes: string[]; events: DomainEvent[] }> {
  authorize(actor, "operators:manage");
  return db.transaction(async (tx) => {
    // One change of a workspace's operators at a time: two admins demoting each other at the same moment would
    // each see the other still an admin (and could deadlock on each other's rows).
    await tx.execute(sql`select pg_advisory_xact_lock(${OPERATORS_LOCK}, hashtext(${actor.workspaceId}))`);
    const [before] = await tx
      .select()
      .from(schema.operators)
      .where(and(eq(schema.operators.id, operatorId), eq(schema.operators.workspaceId, actor.workspaceId)))
      .for("update")
      .limit(1);
    if (!before) throw new DomainError(ErrorCodes.NOT_FOUND, "no such operator");
    const losesAdmin = before.role === "admin" && before.active && ((patch.role && patch.role !== "admin") || patch.active === false);
    if (losesAdmin) {
      const [other] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.operators)
        .where(and(eq(schema.operators.workspaceId, actor.workspaceId), eq(schema.operators.role, "admin"), eq(schema.operators.active, true), ne(schema.operators.id, operatorId)));
      if (!other || other.n === 0) throw new DomainError(ErrorCodes.LAST_ADMIN, "a workspace keeps at least one active admin");
    }
    const [after] = await tx
      .update(schema.operators)
      .set({
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
      })
      .where(eq(schema.operators.id, operatorId))
      .returning();
    if (!after) throw new Error("operator update returned nothing");
    const sessions = await tx.select({ tokenHash: schema.operatorSessions.tokenHash }).from(schema.operatorSessions).where(eq(schema.operatorSessions.operatorId, operatorId));
    if (patch.active === false) await tx.delete(schema.operatorSessions).where(eq(schema.operatorSessions.operatorId, operatorId));
    const changed = (patch.role && patch.role !== before.role) || (patch.active !== undefined && patch.active !== before.active);
    if (patch.role && patch.role !== before.role) {
      await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "operator.role_changed", targetId: operatorId, detail: { email: before.email, from: before.role, to: patch.role } });
    }
    if (patch.active !== undefined && patch.active !== before.active) {
      await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: patch.active ? "operator.reactivated" : "operator.deactivated", targetId: operatorId, detail: { email: before.email } });
    }
    if (patch.capacity !== undefined && patch.capacity !== before.capacity) {
      await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "operator.capacity_changed", targetId: operatorId, detail: { email: before.email, from: before.capacity, to: patch.capacity } });
    }
    const sessionHashes = changed ? sessions.map((s) => s.tokenHash) : [];
    const fields = (["role", "active", "capacity"] as const).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
    const updated = fields.length > 0 ? [domainEvent("operator.updated", actor.workspaceId, actor, { operatorId, fields: [...fields] })] : [];
    await recordEvents(tx, updated);
    return { operator: toAccount(after), sessionHashes, events: [...updated, ...sessionsEnded(actor.workspaceId, actor, operatorId, sessionHashes, "operator_updated")] };
  });
}
