import { ErrorCodes, INBOX_PAGE_SIZE, ZId, type ConversationPage, type TConversationList } from "@kaiwa/shared";
import { and, asc, desc, eq, exists, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { toConversation } from "../mappers";
import { marksOf } from "./marks";

/** One inbox page for an operator (a view, filters), most recent activity or longest waiting first, by keyset cursor. */
export async function listConversations(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TConversationList,
): Promise<ConversationPage> {
  const c = schema.conversations;
  const conditions: SQL[] = [eq(c.workspaceId, actor.workspaceId)];
  if (input.view) {
    if (input.view === "resolved") conditions.push(eq(c.status, "resolved"));
    else if (input.view === "pending") conditions.push(eq(c.status, "pending"));
    else conditions.push(ne(c.status, "resolved"));
    if (input.view === "unassigned") conditions.push(isNull(c.assigneeId));
    if (input.view === "mine") conditions.push(eq(c.assigneeId, actor.operatorId));
  } else {
    const status = input.status ?? "open";
    if (status !== "all") conditions.push(eq(c.status, status));
  }
  if (input.siteId) conditions.push(eq(c.siteId, input.siteId));
  if (input.assigneeId) conditions.push(eq(c.assigneeId, input.assigneeId));
  if (input.unreplied) conditions.push(eq(c.lastMessageAuthorKind, "visitor"));
  if (input.tag) {
    const t = schema.conversationTags;
    conditions.push(exists(db.select({ one: t.tag }).from(t).where(and(eq(t.conversationId, c.id), eq(t.tag, input.tag)))));
  }
  if (input.starred) {
    const st = schema.conversationStars;
    conditions.push(exists(db.select({ one: st.conversationId }).from(st).where(and(eq(st.operatorId, actor.operatorId), eq(st.conversationId, c.id)))));
  }
  // Longest waiting: the visitors still waiting for an answer first, the longest wait on top (waiting_since); then
  // the answered ones, idle longest first. Keyed by (answered, that time, id), the index conversations_unresolved_waiting_idx.
  const waiting = input.sort === "waiting";
  const answered = sql<boolean>`(${c.waitingSince} is null)`;
  const waitKey = sql<Date>`coalesce(${c.waitingSince}, ${c.lastActivityAt})`;
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    conditions.push(
      waiting
        ? sql`(${answered}, ${waitKey}, ${c.id}) > (${cursor.answered ?? false}::boolean, ${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`
        : (or(lt(c.lastActivityAt, cursor.at), and(eq(c.lastActivityAt, cursor.at), lt(c.id, cursor.id))) as SQL),
    );
  }
  const rows = await db
    .select({ conversation: c, visitor: schema.visitors })
    .from(c)
    .innerJoin(schema.visitors, eq(schema.visitors.id, c.visitorId))
    .where(and(...conditions))
    .orderBy(...(waiting ? [asc(answered), asc(waitKey), asc(c.id)] : [desc(c.lastActivityAt), desc(c.id)]))
    .limit(INBOX_PAGE_SIZE + 1);
  const page = rows.slice(0, INBOX_PAGE_SIZE);
  const last = page[page.length - 1]?.conversation;
  return {
    marks: await marksOf(db, actor, page.map((r) => r.conversation.id)),
    conversations: page.map((r) => toConversation(r.conversation, r.visitor)),
    nextCursor:
      rows.length > INBOX_PAGE_SIZE && last
        ? waiting
          ? encodeCursor(last.waitingSince ?? last.lastActivityAt, last.id, last.waitingSince === null)
          : encodeCursor(last.lastActivityAt, last.id)
        : null,
  };
}

function encodeCursor(at: Date, id: string, answered?: boolean): string {
  return Buffer.from(JSON.stringify(answered === undefined ? [at.toISOString(), id] : [at.toISOString(), id, answered])).toString("base64url");
}

// A cursor is ours (`encodeCursor`), but it comes back from the client: anything else is refused here, before a
// forged id or a time Postgres cannot hold (JavaScript reads years up to 275760) reaches a query.
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): { at: Date; id: string; answered?: boolean } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    decoded = null;
  }
  // Two parts, or three for the waiting sort: [time, id, answered].
  if (Array.isArray(decoded) && (decoded.length === 2 || (decoded.length === 3 && typeof decoded[2] === "boolean"))) {
    const [at, id, answered] = decoded as unknown[];
    const date = typeof at === "string" && CURSOR_TIME.test(at) ? new Date(at) : null;
    if (date && !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && ZId.safeParse(id).success) {
      return { at: date, id: id as string, ...(typeof answered === "boolean" ? { answered } : {}) };
    }
  }
  throw new DomainError(ErrorCodes.VALIDATION, "cursor: not a cursor from a previous page");
}
