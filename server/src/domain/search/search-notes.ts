import { ErrorCodes, type Conversation, type Note, type TSearchMessages } from "@kaiwa/shared";
import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { operatorShownName, toConversation } from "../mappers";
import { SEARCH_MAX_RESULTS } from "./search-messages";
import { CJK_RUN, searchWords, wordForms } from "./word-forms";

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Internal notes of the operator's workspace holding every searched word (in any of its forms) and CJK phrase,
 * newest first, with their conversations. Notes are few next to messages: matched by substring, no index of words.
 */
export async function searchNotes(
  db: Db,
  actor: Extract<Actor, { kind: "operator" }>,
  input: TSearchMessages,
): Promise<{ note: Note; conversation: Conversation }[]> {
  const n = schema.conversationNotes;
  const words = searchWords(input.q);
  const phrases = [...new Set(input.q.toLowerCase().match(CJK_RUN) ?? [])];
  if (words.length === 0 && phrases.length === 0) throw new DomainError(ErrorCodes.VALIDATION, "q: nothing searchable in the query");
  const forms = await wordForms(db, words);
  const contains = (s: string) => sql`lower(${n.body}) like ${`%${likeLiteral(s)}%`}`;
  const conditions: SQL[] = [eq(n.workspaceId, actor.workspaceId), ...phrases.map(contains)];
  for (const w of words) conditions.push(or(...(forms.get(w) ?? [w]).map(contains)) as SQL);
  const rows = await db
    .select({ note: n, authorName: operatorShownName })
    .from(n)
    .leftJoin(schema.operators, eq(schema.operators.id, n.authorId))
    .where(and(...conditions))
    .orderBy(desc(n.createdAt))
    .limit(Math.min(input.limit ?? 20, SEARCH_MAX_RESULTS));
  if (rows.length === 0) return [];
  const convs = await db
    .select({ conversation: schema.conversations, visitor: schema.visitors })
    .from(schema.conversations)
    .innerJoin(schema.visitors, eq(schema.visitors.id, schema.conversations.visitorId))
    .where(and(eq(schema.conversations.workspaceId, actor.workspaceId), inArray(schema.conversations.id, [...new Set(rows.map((r) => r.note.conversationId))])));
  const byId = new Map(convs.map((c) => [c.conversation.id, toConversation(c.conversation, c.visitor)]));
  return rows.flatMap(({ note, authorName }) => {
    const conversation = byId.get(note.conversationId);
    if (!conversation) return [];
    return [{ note: { id: note.id, conversationId: note.conversationId, authorId: note.authorId, authorName, body: note.body, createdAt: note.createdAt.toISOString() }, conversation }];
  });
}
