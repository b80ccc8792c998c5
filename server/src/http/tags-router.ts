import { REST, type TagChange } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { createTag } from "../domain/tags/create-tag";
import { deleteTag } from "../domain/tags/delete-tag";
import { listTags } from "../domain/tags/list-tags";
import { updateTag } from "../domain/tags/update-tag";
import type { Publish } from "../events/with-events";
import { workspaceRoom, type OperatorNamespace } from "../realtime/broadcast";
import { mountRoutes } from "./rest";

export interface TagsDeps {
  db: Db;
  logger: Logger;
  publish?: Publish;
  /** When given, a rename or delete pushes `conversation:tags` of every changed conversation to the workspace's consoles. */
  operators?: OperatorNamespace;
}

/** `/api/tags` (REST.tags): any operator lists the workspace's tags; admins create, rename, recolour, describe and delete them. */
export function createTagsRouter(deps: TagsDeps) {
  const { db } = deps;
  // After the commit: every node's consoles of the workspace update the chips of the changed conversations.
  const announce = (workspaceId: string, change: TagChange) => {
    if (!deps.operators) return;
    const room = deps.operators.to(workspaceRoom(workspaceId));
    for (const c of change.conversations) room.emit("conversation:tags", { conversationId: c.conversationId, tags: c.tags });
  };

  return mountRoutes(express.Router(), REST.tags, {
    list: async ({ caller }) => ({ tags: await listTags(db, caller) }),
    create: async ({ caller, body }) => ({ tag: await createTag(db, caller, body) }),
    update: async ({ caller, params, body }) => {
      const change = await updateTag(db, caller, params.name, body);
      // events: updateTag returns tags.changed; answer withEvents(reply, change.events) in place of announce.
      announce(caller.workspaceId, change);
      return { tag: change.tag, conversations: change.conversations.length };
    },
    delete: async ({ caller, params }) => {
      const change = await deleteTag(db, caller, params.name);
      // events: deleteTag returns tags.changed; answer withEvents(reply, change.events) in place of announce.
      announce(caller.workspaceId, change);
      return { conversations: change.conversations.length };
    },
  }, deps);
}
