import { DEFAULT_TAG_COLOR, ErrorCodes, type DomainEventOf, type TTagPatchBody, type TagChange } from "@kaiwa/shared";
import { and, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";
import { lockWorkspaceTags, summarizeTags, tagName, tagsOfConversations, type OperatorActor } from "./tag-rows";

/**
 * Rename, recolour or describe a tag (admins), in one transaction. A rename moves the tag on every conversation of
 * the workspace; a conversation that already carries the new name keeps it once, and renaming onto another defined
 * tag merges the two (that tag's colour and description stay unless the patch gives others). A tag only typed on
 * conversations becomes defined. Answers the tag and each conversation whose tags changed.
 */
export async function updateTag(
  db: Db,
  actor: OperatorActor,
  rawName: string,
  patch: TTagPatchBody,
): Promise<TagChange & { events: DomainEventOf<"tags.changed">[] }> {
  authorize(actor, "settings:change");
  const from = tagName(rawName);
  const to = patch.name === undefined ? from : tagName(patch.name);
  const w = schema.workspaceTags;
  const ws = actor.workspaceId;
  return db.transaction(async (tx) => {
    await lockWorkspaceTags(tx, ws);
    const rowOf = async (name: string) => (await tx.select().from(w).where(and(eq(w.workspaceId, ws), eq(w.name, name))))[0];
    const source = await rowOf(from);
    let moved: string[] = [];
    if (to !== from) {
      // One statement: take the old name off and put the new one on; ON CONFLICT merges a conversation that had both.
      const result = (await tx.execute(sql`
        with moved as (
          delete from conversation_tags where workspace_id = ${ws}::uuid and tag = ${from}
          returning conversation_id, created_at
        ), added as (
          insert into conversation_tags (workspace_id, conversation_id, tag, created_at)
          select ${ws}::uuid, conversation_id, ${to}, created_at from moved
          on conflict do nothing
        )
        select conversation_id from moved`)) as unknown as { rows: { conversation_id: string }[] };
      moved = result.rows.map((r) => r.conversation_id);
    }
    const used =
      to !== from
        ? moved.length > 0
        : (await tx
            .select({ one: sql<number>`1` })
            .from(schema.conversationTags)
            .where(and(eq(schema.conversationTags.workspaceId, ws), eq(schema.conversationTags.tag, from)))
            .limit(1)).length > 0;
    // Thrown inside the transaction: nothing was changed (the rename moved no row).
    if (!source && !used) throw new DomainError(ErrorCodes.NOT_FOUND, `no tag "${from}"`);

    const target = to === from ? source : await rowOf(to);
    const color = patch.color ?? target?.color ?? source?.color ?? DEFAULT_TAG_COLOR;
    const description = patch.description !== undefined ? patch.description : target ? target.description : (source?.description ?? null);
    if (target) {
      await tx.update(w).set({ color, description }).where(and(eq(w.workspaceId, ws), eq(w.name, to)));
    } else {
      // The old definition moves to the new name, keeping its creation time; a typed-only tag becomes defined.
      await tx.insert(w).values({ workspaceId: ws, name: to, color, description, ...(source ? { createdAt: source.createdAt } : {}) });
    }
    if (source && to !== from) await tx.delete(w).where(and(eq(w.workspaceId, ws), eq(w.name, from)));

    const changes = Object.keys(patch).filter((k) => k !== "name" || to !== from);
    if (changes.length > 0) {
      await recordAudit(tx, { workspaceId: ws, actorId: actor.operatorId, action: "tag.changed", detail: { name: from, ...(to !== from ? { to } : {}), changed: changes.join(" ") } });
    }
    const [tag] = await summarizeTags(tx, ws, [to]);
    const conversations = await tagsOfConversations(tx, ws, moved);
    const events = [domainEvent("tags.changed", ws, actor, { name: from, change: "updated", conversations })];
    await recordEvents(tx, events);
    return { tag: tag ?? null, conversations, events };
  });
}
