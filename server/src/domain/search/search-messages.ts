import { ErrorCodes, type Conversation, type Message } from "@kaiwa/shared";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { messageColumns, operatorShownName, toConversation, toMessage } from "../mappers";
import { CJK_RUN, searchWords, wordForms } from "./word-forms";

export const SEARCH_MAX_RESULTS = 50;

/** Above this many candidate matches a search walks the newest messages instead of sorting all matches. */
const DENSE_MATCHES = 2000;

/**
 * The tsquery for a search text, split as the database splits message bodies: CJK runs into bigrams (all must
 * match), other words lower-cased and matched as prefixes ("deliv" finds "delivery"), each also by its other forms
 * when given (`wordForms`: "packages" finds "package"). Null when nothing is searchable.
 */
export function toTsQuery(text: string, forms: Map<string, string[]> = new Map()): string | null {
  const lower = text.toLowerCase();
  const terms: string[] = [];
  for (const run of lower.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) terms.push(`'${run}'`);
    for (let i = 0; i + 1 < chars.length; i++) terms.push(`'${chars[i]}${chars[i + 1]}'`);
  }
  for (const word of searchWords(text)) {
    const alternatives = forms.get(word) ?? [word];
    terms.push(alternatives.length === 1 ? `'${word}':*` : `(${alternatives.map((f) => `'${f}':*`).join(" | ")})`);
  }
  return terms.length > 0 ? [...new Set(terms)].join(" & ") : null;
}

export interface SearchHit {
  message: Message;
  conversation: Conversation;
}

/**
 * Messages of the operator's workspace matching `text`, newest first. Bigram and prefix matches are confirmed
 * against the literal CJK phrases, so "配送" does not match a message that merely has "配" and "送" apart.
 */
export async function searchMessages(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: { q: string; limit?: number },
): Promise<SearchHit[]> {
  const tsq = toTsQuery(input.q, await wordForms(db, searchWords(input.q)));
  if (!tsq) throw new DomainError(ErrorCodes.VALIDATION, "q: nothing searchable in the query");
  const m = schema.messages;
  const matches = sql`${m.searchTokens} @@ to_tsquery('simple', ${tsq})`;
  const conditions: SQL[] = [eq(m.workspaceId, actor.workspaceId), matches];
  for (const phrase of input.q.toLowerCase().match(CJK_RUN) ?? []) conditions.push(sql`strpos(lower(${m.body}), ${phrase}) > 0`);
  const limit = Math.min(input.limit ?? 20, SEARCH_MAX_RESULTS);
  const select = (tx: Db) =>
    tx
      .select({ message: messageColumns, authorName: operatorShownName })
      .from(m)
      .leftJoin(schema.operators, eq(schema.operators.id, m.authorId))
      .where(and(...conditions))
      .orderBy(desc(m.createdAt))
      .limit(limit);
  // The planner multiplies the frequencies of terms as if they were independent, so it thinks a common Japanese
  // phrase (whose bigrams always come together) is rare and sorts every match. For such a phrase count the
  // candidates first (capped): few, and the GIN index is right; many, and walking the newest messages until
  // `limit` match is right, so say so. Single terms and separate words the planner estimates well enough.
  const correlatedBigrams = (input.q.match(CJK_RUN) ?? []).some((run) => Array.from(run).length > 2);
  const candidates = correlatedBigrams
    ? await db.select({ one: sql`1` }).from(m).where(and(eq(m.workspaceId, actor.workspaceId), matches)).limit(DENSE_MATCHES)
    : [];
  const rows =
    candidates.length < DENSE_MATCHES
      ? await select(db)
      : await db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_bitmapscan = off`);
          return select(tx);
        });
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.message.conversationId))];
  const convs = await db
    .select({ conversation: schema.conversations, visitor: schema.visitors })
    .from(schema.conversations)
    .innerJoin(schema.visitors, eq(schema.visitors.id, schema.conversations.visitorId))
    .where(and(eq(schema.conversations.workspaceId, actor.workspaceId), inArray(schema.conversations.id, ids)));
  const byId = new Map(convs.map((c) => [c.conversation.id, toConversation(c.conversation, c.visitor)]));
  return rows.flatMap((r) => {
    const conversation = byId.get(r.message.conversationId);
    return conversation ? [{ message: toMessage(r.message, r.authorName), conversation }] : [];
  });
}
