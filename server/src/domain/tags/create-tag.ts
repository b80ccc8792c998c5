import { DEFAULT_TAG_COLOR, ErrorCodes, type TTagCreateBody, type WorkspaceTag } from "@kaiwa/shared";
import { schema, type Db } from "../../db/client";
import { DomainError } from "../errors";
import { recordAudit } from "../operators/audit-log";
import { authorize } from "../operators/authorize";
import { summarizeTags, tagName, type OperatorActor } from "./tag-rows";

/** Define a tag (admins); a name already typed on conversations becomes defined, an already defined one is refused. */
export async function createTag(db: Db, actor: OperatorActor, input: TTagCreateBody): Promise<WorkspaceTag> {
  authorize(actor, "settings:change");
  const name = tagName(input.name);
  const inserted = await db
    .insert(schema.workspaceTags)
    .values({ workspaceId: actor.workspaceId, name, color: input.color ?? DEFAULT_TAG_COLOR, description: input.description ?? null })
    .onConflictDoNothing()
    .returning({ name: schema.workspaceTags.name });
  if (inserted.length === 0) throw new DomainError(ErrorCodes.VALIDATION, `name: the tag "${name}" already exists`);
  await recordAudit(db, { workspaceId: actor.workspaceId, actorId: actor.operatorId, action: "tag.created", detail: { name } });
  const [tag] = await summarizeTags(db, actor.workspaceId, [name]);
  return tag!;
}
