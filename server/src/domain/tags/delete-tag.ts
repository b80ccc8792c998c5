import { ErrorCodes, type DomainEventOf, type TagChange } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";
import { lockWorkspaceTags, tagName, tagsOfConversations, type OperatorActor } from "./tag-rows";

/** Delete a tag (admins): its definition and the tag on every conversation of the workspace, in one transaction. */
export async function deleteTag(db: Db, actor: OperatorActor, rawName: string): Promise<TagChange & { events: DomainEventOf<"tags.changed">[] }> {
  authorize(actor, "settings:change");
  const name = tagName(rawName);
  const ws = actor.workspaceId;
  const w = schema.workspaceTags;
  const t = schema.conversationTags;
  return db.transaction(async (tx) => {
    await lockWorkspaceTags(tx, ws);
    const defined = await tx.delete(w).where(and(eq(w.workspaceId, ws), eq(w.name, name))).returning({ name: w.name });
    const removed = await tx.delete(t).where(and(eq(t.workspaceId, ws), eq(t.tag, name))).returning({ conversationId: t.conversationId });
    if (defined.length === 0 && removed.length === 0) throw new DomainError(ErrorCodes.NOT_FOUND, `no tag "${name}"`);
    await recordAudit(tx, { workspaceId: ws, actorId: actor.operatorId, action: "tag.deleted", detail: { name, conversations: removed.length } });
    const conversations = await tagsOfConversations(tx, ws, removed.map((r) => r.conversationId));
    const events = [domainEvent("tags.changed", ws, actor, { name, change: "deleted", conversations })];
    await recordEvents(tx, events);
    return { tag: null, conversations, events };
  });
}
