import { DEFAULT_TAG_COLOR, ErrorCodes, type DomainEventOf, type TTagCreateBody, type WorkspaceTag } from "@kaiwa/shared";
import { schema, type Db } from "../../db/client";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";
import { summarizeTags, tagName, type OperatorActor } from "./tag-rows";

/** Define a tag (admins); a name already typed on conversations becomes defined, an already defined one is refused. */
export async function createTag(
  db: Db,
  actor: OperatorActor,
  input: TTagCreateBody,
): Promise<{ tag: WorkspaceTag; events: DomainEventOf<"tags.changed">[] }> {
  authorize(actor, "settings:change");
  const name = tagName(input.name);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.workspaceTags)
      .values({ workspaceId: actor.workspaceId, name, color: input.color ?? DEFAULT_TAG_COLOR, description: input.description ?? null })
      .onConflictDoNothing()
      .returning({ name: schema.workspaceTags.name });
    if (inserted.length === 0) throw new DomainError(ErrorCodes.VALIDATION, `name: the tag "${name}" already exists`);
    await recordAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "tag.created", detail: { name } });
    const [tag] = await summarizeTags(tx, actor.workspaceId, [name]);
    const events = [domainEvent("tags.changed", actor.workspaceId, actor, { name, change: "created", conversations: [] })];
    await recordEvents(tx, events);
    return { tag: tag!, events };
  });
}
