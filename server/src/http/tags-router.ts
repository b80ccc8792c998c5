import { ZTagCreateBody, ZTagPatchBody, type TagChange } from "@kaiwa/shared";
import express, { type Request } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { createTag } from "../domain/tags/create-tag";
import { deleteTag } from "../domain/tags/delete-tag";
import { listTags } from "../domain/tags/list-tags";
import { updateTag } from "../domain/tags/update-tag";
import { workspaceRoom, type OperatorNamespace } from "../realtime/broadcast";
import { bodyErrors, jsonHandler, parseBody, requireOperator } from "./rest";

export interface TagsDeps {
  db: Db;
  logger: Logger;
  /** When given, a rename or delete pushes `conversation:tags` of every changed conversation to the workspace's consoles. */
  operators?: OperatorNamespace;
}

/** `/api/tags`: any operator lists the workspace's tags; admins create, rename, recolour, describe and delete them. */
export function createTagsRouter(deps: TagsDeps) {
  const { db, logger } = deps;
  const router = express.Router();
  const json = express.json({ limit: "16kb" });

  const actorOf = (req: Request) => requireOperator(db, req);
  const handle = (run: (req: Request) => Promise<unknown>) => jsonHandler(logger, run);
  // After the commit: every node's consoles of the workspace update the chips of the changed conversations.
  const announce = (workspaceId: string, change: TagChange) => {
    if (!deps.operators) return;
    const room = deps.operators.to(workspaceRoom(workspaceId));
    for (const c of change.conversations) room.emit("conversation:tags", { conversationId: c.conversationId, tags: c.tags });
  };

  router.get(
    "/tags",
    handle(async (req) => ({ tags: await listTags(db, await actorOf(req)) })),
  );

  router.post(
    "/tags",
    json,
    handle(async (req) => ({ tag: await createTag(db, await actorOf(req), parseBody(ZTagCreateBody, req.body)) })),
  );

  router.patch(
    "/tags/:name",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const change = await updateTag(db, actor, String(req.params.name), parseBody(ZTagPatchBody, req.body));
      announce(actor.workspaceId, change);
      return { tag: change.tag, conversations: change.conversations.length };
    }),
  );

  router.delete(
    "/tags/:name",
    handle(async (req) => {
      const actor = await actorOf(req);
      const change = await deleteTag(db, actor, String(req.params.name));
      announce(actor.workspaceId, change);
      return { conversations: change.conversations.length };
    }),
  );

  // Body-parser failures of these routes (malformed JSON, too large) answer in the API's shape.
  router.use(bodyErrors(logger));

  return router;
}
