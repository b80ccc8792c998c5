import type { WorkspaceTag } from "@kaiwa/shared";
import type { Db } from "../../db/client";
import { summarizeTags, type OperatorActor } from "./tag-rows";

/** Every tag of the caller's workspace (defined and typed-only) with its open-conversation count; any operator may read. */
export async function listTags(db: Db, actor: OperatorActor): Promise<WorkspaceTag[]> {
  return summarizeTags(db, actor.workspaceId);
}
