import type { DomainEventOf, Note, TNoteAdd } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { operatorShownName } from "../mappers";
import { getConversation } from "./get-conversation";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/**
 * An internal note: kept in its own table, so the visitor's sync, history and message seq never see it
 * (and only the /operator namespace has events for it).
 */
export async function addNote(db: Db, actor: OperatorActor, input: TNoteAdd): Promise<{ note: Note; events: DomainEventOf<"note.added">[] }> {
  await getConversation(db, actor, input.conversationId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.conversationNotes)
      .values({ workspaceId: actor.workspaceId, conversationId: input.conversationId, authorId: actor.operatorId, body: input.body })
      .returning();
    const note: Note = {
      id: row!.id,
      conversationId: row!.conversationId,
      authorId: actor.operatorId,
      authorName: actor.name,
      body: row!.body,
      createdAt: row!.createdAt.toISOString(),
    };
    const events = [domainEvent("note.added", actor.workspaceId, actor, { note })];
    await recordEvents(tx, events);
    return { note, events };
  });
}

/** The notes of a conversation, oldest first. */
export async function listNotes(db: Db, actor: OperatorActor, conversationId: string): Promise<Note[]> {
  await getConversation(db, actor, conversationId);
  const n = schema.conversationNotes;
  const rows = await db
    .select({ note: n, authorName: operatorShownName })
    .from(n)
    .leftJoin(schema.operators, eq(schema.operators.id, n.authorId))
    .where(and(eq(n.workspaceId, actor.workspaceId), eq(n.conversationId, conversationId)))
    .orderBy(asc(n.createdAt), asc(n.id));
  return rows.map(({ note, authorName }) => ({
    id: note.id,
    conversationId: note.conversationId,
    authorId: note.authorId,
    authorName,
    body: note.body,
    createdAt: note.createdAt.toISOString(),
  }));
}
