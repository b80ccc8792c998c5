import { ErrorCodes, type AuthorKind, type Conversation, type DomainEventOf, type Message, type TMessageSend } from "@kaiwa/shared";
import { and, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import type { Actor } from "../actor";
import { assignOnReply } from "../conversations/assign-on-reply";
import { getConversation } from "../conversations/get-conversation";
import { DomainError } from "../errors";
import { authorize } from "../operators/authorize";
import { messageColumns, operatorShownName, toMessage } from "../mappers";

const PREVIEW_LENGTH = 200;

/** The first PREVIEW_LENGTH code points, so an emoji is never cut in half. */
const preview = (body: string) => Array.from(body).slice(0, PREVIEW_LENGTH).join("");

export interface SentMessage {
  message: Message;
  conversation: Conversation;
  /** False when this was a retry of a message already stored. */
  created: boolean;
  /**
   * `message.created`, with the message's id as the event's id, also for a retry: if the node that stored the
   * first attempt died before its listeners ran, this is how they hear of it (clients drop a message they hold).
   * Then `conversation.assigned` when an operator's reply made them the assignee.
   */
  events: (DomainEventOf<"message.created"> | DomainEventOf<"conversation.assigned">)[];
}

/** The `message.created` event of a stored message. */
export function messageCreated(actor: Actor, conversation: Conversation, message: Message, attachment: DomainEventOf<"message.created">["data"]["attachment"] = null) {
  return domainEvent("message.created", actor.workspaceId, actor, { conversation, message, attachment }, { id: message.id, occurredAt: message.createdAt });
}

interface SentRow extends Record<string, unknown> {
  message_id: string;
  seq: number;
  id: string;
  site_id: string;
  visitor_id: string;
  channel: Conversation["channel"];
  status: Conversation["status"];
  assignee_id: string | null;
  last_seq: number;
  last_message_body: string | null;
  last_message_author_kind: AuthorKind | null;
  created_ms: number | string;
  waiting_ms: number | string | null;
  visitor_name: string | null;
  visitor_email: string | null;
}

/**
 * Store a message in one statement, which Postgres runs atomically: bump the conversation's `last_seq`
 * (its row lock orders concurrent sends, so seq has no gaps) and insert the message with that seq. A retried
 * clientId hits the unique (conversation_id, client_id) index, the whole statement rolls back, and the stored
 * message is returned instead. One round trip on the common path is what keeps sends fast.
 */
export async function sendMessage(db: Db, actor: Actor, input: TMessageSend, opts: { approvedDraft?: boolean } = {}): Promise<SentMessage> {
  // A trainee's reply reaches the visitor only through an approved draft (domain/messages/drafts.ts).
  if (!opts.approvedDraft) authorize(actor, "message:send");
  const now = new Date().toISOString();
  const isOperator = actor.kind === "operator";
  const authorId = isOperator ? actor.operatorId : null;
  // A visitor writing into a resolved conversation reopens it; the partial unique index refuses that when a
  // newer conversation is already open (CONVERSATION_CLOSED below).
  const reopen = actor.kind === "visitor";
  const visitorScope = actor.kind === "visitor" ? sql`and visitor_id = ${actor.visitorId}::uuid` : sql``;
  let rows: SentRow[];
  try {
    const result = (await db.execute(sql`
      with c as (
        update conversations set
          last_seq = last_seq + 1,
          last_message_body = ${preview(input.body)},
          last_message_author_kind = ${actor.kind},
          last_message_author_id = ${authorId}::uuid,
          last_message_at = ${now}::timestamptz,
          last_activity_at = ${now}::timestamptz,
          waiting_since = case ${actor.kind}::text when 'visitor' then coalesce(waiting_since, ${now}::timestamptz)
            when 'operator' then null else waiting_since end,
          status = case when ${reopen}::boolean and status = 'resolved' then 'open' else status end,
          resolved_at = case when ${reopen}::boolean and status = 'resolved' then null else resolved_at end,
          first_operator_reply_at = case when ${isOperator}::boolean
            then coalesce(first_operator_reply_at, ${now}::timestamptz) else first_operator_reply_at end
        where id = ${input.conversationId}::uuid and workspace_id = ${actor.workspaceId}::uuid ${visitorScope}
        returning *
      ), m as (
        insert into messages (workspace_id, conversation_id, seq, client_id, author_kind, author_id, body, created_at)
        select c.workspace_id, c.id, c.last_seq, ${input.clientId}, ${actor.kind}, ${authorId}::uuid, ${input.body}, ${now}::timestamptz
        from c
        returning id, seq
      )
      select m.id as message_id, m.seq, c.id, c.site_id, c.visitor_id, c.channel, c.status, c.assignee_id, c.last_seq,
        c.last_message_body, c.last_message_author_kind, extract(epoch from c.created_at) * 1000 as created_ms,
        extract(epoch from c.waiting_since) * 1000 as waiting_ms,
        v.name as visitor_name, v.email as visitor_email
      from m, c join visitors v on v.id = c.visitor_id`)) as unknown as { rows: SentRow[] };
    rows = result.rows;
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === "messages_conversation_client_key") return storedRetry(db, actor, input);
    if (constraint === "conversations_one_open_per_visitor") {
      throw new DomainError(ErrorCodes.CONVERSATION_CLOSED, "this conversation is closed; write in the open one");
    }
    throw err;
  }
  const row = rows[0];
  if (!row) throw new DomainError(ErrorCodes.CONVERSATION_NOT_FOUND, "no such conversation");
  const message: Message = {
    id: row.message_id,
    conversationId: row.id,
    seq: Number(row.seq),
    clientId: input.clientId,
    authorKind: actor.kind,
    authorId,
    authorName: isOperator ? actor.name : null,
    body: input.body,
    createdAt: now,
  };
  const conversation: Conversation = {
    id: row.id,
    siteId: row.site_id,
    channel: row.channel,
    status: row.status,
    visitor: { id: row.visitor_id, name: row.visitor_name, email: row.visitor_email },
    assigneeId: row.assignee_id,
    lastSeq: Number(row.last_seq),
    lastMessage: { body: row.last_message_body ?? "", authorKind: actor.kind, authorId, createdAt: now, seq: Number(row.last_seq) },
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    lastActivityAt: now,
    waitingSince: row.waiting_ms === null ? null : new Date(Number(row.waiting_ms)).toISOString(),
  };
  const created = messageCreated(actor, conversation, message);
  // Replying takes an unassigned conversation (a per-site switch); an approved trainee draft does not.
  if (actor.kind === "operator" && conversation.assigneeId === null && !opts.approvedDraft) {
    const assigned = await assignOnReply(db, actor, conversation);
    return { message, conversation: assigned.conversation, created: true, events: [created, ...assigned.events] };
  }
  return { message, conversation, created: true, events: [created] };
}

/** A retry of a stored send: answer with the stored message, as long as the same author sent it. */
async function storedRetry(db: Db, actor: Actor, input: TMessageSend): Promise<SentMessage> {
  const conversation = await getConversation(db, actor, input.conversationId);
  const [row] = await db
    .select({ message: messageColumns, authorName: operatorShownName })
    .from(schema.messages)
    .leftJoin(schema.operators, eq(schema.operators.id, schema.messages.authorId))
    .where(and(eq(schema.messages.conversationId, conversation.id), eq(schema.messages.clientId, input.clientId)))
    .limit(1);
  if (!row) throw new Error("unique violation on a message that is not there");
  const sameAuthor =
    row.message.authorKind === actor.kind && row.message.authorId === (actor.kind === "operator" ? actor.operatorId : null);
  if (!sameAuthor) throw new DomainError(ErrorCodes.VALIDATION, "clientId: already used by another message");
  const message = toMessage(row.message, row.authorName);
  return { message, conversation, created: false, events: [messageCreated(actor, conversation, message)] };
}

/** The constraint a Postgres unique_violation (23505) names, through pg or PGlite and drizzle's wrapping. */
export function uniqueViolation(err: unknown): string | null {
  for (let e = err as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined, d = 0; e && d < 5; e = e.cause as typeof e, d++) {
    if (e.code === "23505") return e.constraint ?? /"([^"]+)"/.exec(e.message ?? "")?.[1] ?? "";
  }
  return null;
}
