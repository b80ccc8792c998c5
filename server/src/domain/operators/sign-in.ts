import { ErrorCodes, SESSION_TTL_MS, type DomainEventOf, type Operator, type TLoginBody } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { verifyPassword } from "../auth/password";
import { hashToken, randomToken } from "../auth/tokens";
import { DomainError } from "../errors";
import { sessionsEnded } from "./sessions-ended";

// Compared against when the email is unknown, so both failures take the same time.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(86);

/** Check email and password; on success open a session and return its token (for the cookie). */
export async function signIn(
  db: Db,
  input: TLoginBody,
): Promise<{ operator: Operator; sessionToken: string; expiresAt: Date }> {
  const [row] = await db
    .select()
    .from(schema.operators)
    .where(and(eq(schema.operators.email, input.email.toLowerCase()), eq(schema.operators.active, true)))
    .limit(1);
  const ok = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok) throw new DomainError(ErrorCodes.INVALID_CREDENTIALS, "email or password is wrong");
  const sessionToken = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(schema.operatorSessions).values({ operatorId: row.id, tokenHash: hashToken(sessionToken), expiresAt });
  return { operator: toOperator(row), sessionToken, expiresAt };
}

/** The operator behind a session token, or null when the session is unknown, expired or deactivated. */
export async function resolveSession(db: Db, sessionToken: string): Promise<Operator | null> {
  return (await resolveSessionUntil(db, sessionToken))?.operator ?? null;
}

/** `resolveSession` with the session's expiry, for connections that outlive a request. */
export async function resolveSessionUntil(db: Db, sessionToken: string): Promise<{ operator: Operator; expiresAt: Date } | null> {
  const [row] = await db
    .select({ operator: schema.operators, expiresAt: schema.operatorSessions.expiresAt })
    .from(schema.operatorSessions)
    .innerJoin(schema.operators, eq(schema.operators.id, schema.operatorSessions.operatorId))
    .where(eq(schema.operatorSessions.tokenHash, hashToken(sessionToken)))
    .limit(1);
  if (!row || row.expiresAt.getTime() < Date.now() || !row.operator.active) return null;
  return { operator: toOperator(row.operator), expiresAt: row.expiresAt };
}

/** End a session (its open consoles close through the event); unknown tokens are ignored. */
export async function signOut(db: Db, sessionToken: string): Promise<{ events: DomainEventOf<"operator.sessions_ended">[] }> {
  const tokenHash = hashToken(sessionToken);
  const [ended] = await db
    .delete(schema.operatorSessions)
    .where(eq(schema.operatorSessions.tokenHash, tokenHash))
    .returning({ operatorId: schema.operatorSessions.operatorId });
  if (!ended) return { events: [] };
  const [operator] = await db.select({ workspaceId: schema.operators.workspaceId }).from(schema.operators).where(eq(schema.operators.id, ended.operatorId));
  if (!operator) return { events: [] };
  return { events: sessionsEnded(operator.workspaceId, null, ended.operatorId, [tokenHash], "signed_out") };
}

/** A stored operator as the console knows them. */
export function toOperator(row: typeof schema.operators.$inferSelect): Operator {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    name: row.name,
    role: row.role,
    displayName: row.displayName,
    locale: row.locale,
    signature: row.signature,
  };
}
