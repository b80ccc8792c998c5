import { REST } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { createTag } from "../domain/tags/create-tag";
import { deleteTag } from "../domain/tags/delete-tag";
import { listTags } from "../domain/tags/list-tags";
import { updateTag } from "../domain/tags/update-tag";
import { withEvents, type Publish } from "../events/with-events";
import { mountRoutes } from "./rest";

export interface TagsDeps {
  db: Db;
  logger: Logger;
  publish?: Publish;
}

/** `/api/tags` (REST.tags): any operator lists the workspace's tags; admins create, rename, recolour, describe and delete them. */
export function createTagsRouter(deps: TagsDeps) {
  const { db } = deps;
  return mountRoutes(express.Router(), REST.tags, {
    list: async ({ caller }) => ({ tags: await listTags(db, caller) }),
    create: async ({ caller, body }) => {
      const { tag, events } = await createTag(db, caller, body);
      return withEvents({ tag }, events);
    },
    update: async ({ caller, params, body }) => {
      const change = await updateTag(db, caller, params.name, body);
      return withEvents({ tag: change.tag, conversations: change.conversations.length }, change.events);
    },
    delete: async ({ caller, params }) => {
      const change = await deleteTag(db, caller, params.name);
      return withEvents({ conversations: change.conversations.length }, change.events);
    },
  }, deps);
}
