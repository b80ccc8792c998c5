import { ErrorCodes, type Attachment, type TAttachmentSend } from "@kaiwa/shared";
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { getConversation } from "../conversations/get-conversation";
import { DomainError } from "../errors";
import { authorize } from "../operators/authorize";
import { messageCreated, sendMessage, type SentMessage } from "../messages/send-message";
import { sniffType } from "./sniff-type";

type AttachmentRow = typeof schema.attachments.$inferSelect;

const columns = {
  id: schema.attachments.id,
  conversationId: schema.attachments.conversationId,
  messageId: schema.attachments.messageId,
  name: schema.attachments.name,
  contentType: schema.attachments.contentType,
  size: schema.attachments.size,
  createdAt: schema.attachments.createdAt,
};

function toAttachment(row: Omit<AttachmentRow, "data" | "workspaceId" | "uploaderKind">): Attachment {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Keep a name printable and short; it is only ever shown as text and in a quoted header. */
export function cleanFileName(name: string): string {
  const cleaned = Array.from(name.replace(/[\u0000-\u001f\u007f"\\/]/g, "_").trim()).slice(0, 120).join("");
  return cleaned || "file";
}

/** Uploaded files not yet posted that one conversation may hold. */
export const UNPOSTED_PER_CONVERSATION = 5;
/** Bytes of uploaded files not yet posted that one site may hold. */
export const UNPOSTED_BYTES_PER_SITE = 500 * 1024 * 1024;
/** How long an uploaded file may wait to be posted before it is removed. */
export const UNPOSTED_TTL_MS = 24 * 60 * 60 * 1000;

/** Remove uploaded files never posted within `ttlMs`; resolves with how many. Safe on every node at once. */
export async function deleteAbandonedUploads(db: Db, ttlMs = UNPOSTED_TTL_MS): Promise<number> {
  const gone = await db
    .delete(schema.attachments)
    .where(and(isNull(schema.attachments.messageId), lt(schema.attachments.createdAt, new Date(Date.now() - ttlMs))))
    .returning({ id: schema.attachments.id });
  return gone.length;
}

/**
 * Store an uploaded file in a conversation the actor may write in: a visitor's own, or any of an operator's workspace.
 * The size limit is the conversation's site's; the type is read from the bytes. It is shown to nobody until
 * `postAttachment` makes it a message.
 */
export async function uploadAttachment(
  db: Db,
  actor: Actor,
  input: { conversationId: string; name: string; bytes: Buffer },
): Promise<Attachment> {
  const conversation = await getConversation(db, actor, input.conversationId);
  const siteId = conversation.siteId;
  const [settings] = await db
    .select({ max: schema.siteWidgetSettings.maxUploadBytes })
    .from(schema.siteWidgetSettings)
    .where(eq(schema.siteWidgetSettings.siteId, siteId));
  const max = settings?.max ?? 5 * 1024 * 1024;
  if (input.bytes.length > max) throw new DomainError(ErrorCodes.FILE_TOO_LARGE, `files up to ${max} bytes are accepted here`);
  if (input.bytes.length === 0) throw new DomainError(ErrorCodes.VALIDATION, "the file is empty");
  const contentType = sniffType(input.bytes);
  if (!contentType) throw new DomainError(ErrorCodes.FILE_TYPE_NOT_ALLOWED, "images (PNG, JPEG, GIF, WebP) and PDF files are accepted");
  // A visitor's files uploaded but not (yet) posted are bounded per conversation and per site (anyone can open the
  // widget; operators are the team's own), and every unposted file is removed after a day.
  const pending = await db
    .select({
      inConversation: sql<number>`count(*) filter (where ${schema.attachments.conversationId} = ${conversation.id}::uuid)::int`,
      siteBytes: sql<number>`coalesce(sum(${schema.attachments.size}), 0)::bigint`,
    })
    .from(schema.attachments)
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.attachments.conversationId))
    .where(
      and(
        eq(schema.attachments.workspaceId, actor.workspaceId),
        eq(schema.conversations.siteId, siteId),
        eq(schema.attachments.uploaderKind, "visitor"),
        isNull(schema.attachments.messageId),
      ),
    );
  if (actor.kind === "visitor" && Number(pending[0]?.inConversation ?? 0) >= UNPOSTED_PER_CONVERSATION) {
    throw new DomainError(ErrorCodes.RATE_LIMITED, `at most ${UNPOSTED_PER_CONVERSATION} files may wait to be sent; send or wait for them first`);
  }
  if (actor.kind === "visitor" && Number(pending[0]?.siteBytes ?? 0) + input.bytes.length > UNPOSTED_BYTES_PER_SITE) {
    throw new DomainError(ErrorCodes.RATE_LIMITED, "too many files are waiting to be sent on this site; try again later");
  }
  const [row] = await db
    .insert(schema.attachments)
    .values({
      workspaceId: actor.workspaceId,
      conversationId: conversation.id,
      uploaderKind: actor.kind,
      name: cleanFileName(input.name),
      contentType,
      size: input.bytes.length,
      data: input.bytes,
    })
    .returning(columns);
  if (!row) throw new Error("attachment insert returned nothing");
  return toAttachment(row);
}

/**
 * Post an uploaded attachment as a message ("📎 name") by whoever uploaded it (the visitor, or an operator). Retrying
 * with the same clientId returns the stored message, like `message:send`.
 */
export async function postAttachment(
  db: Db,
  actor: Actor,
  input: TAttachmentSend,
): Promise<SentMessage & { attachment: Attachment }> {
  // A trainee is refused before anything is looked up, whichever conversation is named (their replies go as drafts).
  if (actor.kind === "operator") authorize(actor, "message:send");
  const [row] = await db
    .select(columns)
    .from(schema.attachments)
    .where(
      and(
        eq(schema.attachments.id, input.attachmentId),
        eq(schema.attachments.conversationId, input.conversationId),
        eq(schema.attachments.workspaceId, actor.workspaceId),
        eq(schema.attachments.uploaderKind, actor.kind),
      ),
    );
  // Only a conversation the actor may write in (sendMessage checks that) and an unposted file of the same kind of author.
  if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such attachment in this conversation");
  const sent = await sendMessage(db, actor, { conversationId: input.conversationId, clientId: input.clientId, body: `📎 ${row.name}` });
  if (row.messageId && row.messageId !== sent.message.id) throw new DomainError(ErrorCodes.VALIDATION, "this attachment was already sent");
  if (!row.messageId) {
    await db
      .update(schema.attachments)
      .set({ messageId: sent.message.id })
      .where(and(eq(schema.attachments.id, row.id), isNull(schema.attachments.messageId)));
  }
  const attachment = toAttachment({ ...row, messageId: sent.message.id });
  // The message carries the attachment; an operator's reply may also have taken the conversation (assigned).
  const others = sent.events.filter((e) => e.type !== "message.created");
  return { ...sent, attachment, events: [messageCreated(actor, sent.conversation, sent.message, attachment), ...others] };
}

/** The posted attachments of a conversation the actor may read, oldest first. */
export async function listAttachments(db: Db, actor: Actor, conversationId: string): Promise<Attachment[]> {
  const conversation = await getConversation(db, actor, conversationId);
  const rows = await db
    .select(columns)
    .from(schema.attachments)
    .where(and(eq(schema.attachments.conversationId, conversation.id), eq(schema.attachments.workspaceId, actor.workspaceId)))
    .orderBy(asc(schema.attachments.createdAt));
  return rows.filter((r) => r.messageId !== null).map(toAttachment);
}

/** One attachment's bytes, for someone who may read its conversation; NOT_FOUND otherwise (strangers learn nothing). */
export async function readAttachment(db: Db, actor: Actor, attachmentId: string): Promise<AttachmentRow> {
  const [row] = await db
    .select()
    .from(schema.attachments)
    .where(and(eq(schema.attachments.id, attachmentId), eq(schema.attachments.workspaceId, actor.workspaceId)));
  if (!row) throw new DomainError(ErrorCodes.NOT_FOUND, "no such attachment");
  try {
    await getConversation(db, actor, row.conversationId);
  } catch {
    throw new DomainError(ErrorCodes.NOT_FOUND, "no such attachment");
  }
  return row;
}
