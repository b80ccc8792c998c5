import { ErrorCodes, SESSION_COOKIE, ZTagCreateBody, ZTagPatchBody, parsePayload, type ApiError, type TagChange } from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/client";
import { DomainError } from "../domain/errors";
import { resolveSession } from "../domain/operators/sign-in";
import { createTag } from "../domain/tags/create-tag";
import { deleteTag } from "../domain/tags/delete-tag";
import { listTags } from "../domain/tags/list-tags";
import type { OperatorActor } from "../domain/tags/tag-rows";
import { updateTag } from "../domain/tags/update-tag";
import { HTTP_STATUS, toApiError } from "../errors-to-api";
import { workspaceRoom, type OperatorNamespace } from "../realtime/broadcast";

export interface TagsDeps {
  db: Db;
  logger: Logger;
  /** When given, a rename or delete pushes `conversation:tags` of every changed conversation to the workspace's consoles. */
  operators?: OperatorNamespace;
}

function fail(res: Response, error: ApiError) {
  res.status(HTTP_STATUS[error.code]).json({ error });
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = parsePayload(schema, value ?? {});
  if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
  return parsed.value;
}

/** `/api/tags`: any operator lists the workspace's tags; admins create, rename, recolour, describe and delete them. */
export function createTagsRouter(deps: TagsDeps) {
  const { db, logger } = deps;
  const router = express.Router();
  const json = express.json({ limit: "16kb" });

  const actorOf = async (req: Request): Promise<OperatorActor> => {
    const token = parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];
    const operator = token ? await resolveSession(db, token) : null;
    if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
    return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
  };
  const handle = (run: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      res.json({ data: await run(req) });
    } catch (err) {
      fail(res, toApiError(err, logger));
    }
  };
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
    handle(async (req) => ({ tag: await createTag(db, await actorOf(req), parse(ZTagCreateBody, req.body)) })),
  );

  router.patch(
    "/tags/:name",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const change = await updateTag(db, actor, String(req.params.name), parse(ZTagPatchBody, req.body));
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
  router.use((err: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.parse.failed") return fail(res, { code: ErrorCodes.VALIDATION, message: "body is not valid JSON" });
    if (err.type === "entity.too.large") return fail(res, { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: "body is too large" });
    fail(res, toApiError(err, logger));
  });

  return router;
}
