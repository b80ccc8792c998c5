import { ErrorCodes, ZCannedSaveSchema, ZId, parsePayload } from "@kaiwa/shared";
import express, { type Request } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { deleteCanned, listCanned, saveCanned } from "../domain/canned/canned-responses";
import { DomainError } from "../domain/errors";
import type { OperatorNamespace } from "../realtime/broadcast";
import { announceCanned } from "../realtime/canned-broadcast";
import { bodyErrors, jsonHandler, parseBody, requireOperator } from "./rest";

/** The `:id` of `/api/canned/:id`: an unknown shape is simply not found. */
function cannedId(req: Request): string {
  const id = parsePayload(ZId, req.params.id);
  if (!id.ok) throw new DomainError(ErrorCodes.NOT_FOUND, "no such canned response");
  return id.value;
}

/**
 * `/api/canned`: the workspace's canned responses for the settings page. Any operator reads them; admins,
 * supervisors and operators add, change and delete them (trainees only use them). Every change reaches the
 * workspace's open consoles on every node as `canned:changed`.
 */
export function createCannedRouter(deps: { db: Db; logger: Logger; operators?: OperatorNamespace }) {
  const { db, logger } = deps;
  const router = express.Router();
  const json = express.json({ limit: "16kb" });
  const changed = async <T>(req: Request, run: (actor: Awaited<ReturnType<typeof requireOperator>>) => Promise<T>): Promise<T> => {
    const actor = await requireOperator(db, req);
    const result = await run(actor);
    if (deps.operators) announceCanned(deps.operators, db, logger, actor);
    return result;
  };

  router.get(
    "/canned",
    jsonHandler(logger, async (req) => ({ canned: await listCanned(db, await requireOperator(db, req)) })),
  );
  router.post(
    "/canned",
    json,
    jsonHandler(logger, (req) => changed(req, async (actor) => ({ canned: await saveCanned(db, actor, parseBody(ZCannedSaveSchema.omit({ id: true }), req.body)) })), 201),
  );
  router.patch(
    "/canned/:id",
    json,
    jsonHandler(logger, (req) =>
      changed(req, async (actor) => ({ canned: await saveCanned(db, actor, { ...parseBody(ZCannedSaveSchema.omit({ id: true }), req.body), id: cannedId(req) }) })),
    ),
  );
  router.delete(
    "/canned/:id",
    jsonHandler(logger, (req) => changed(req, (actor) => deleteCanned(db, actor, cannedId(req)))),
  );
  router.use(bodyErrors(logger));
  return router;
}
