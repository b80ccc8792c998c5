import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { listCanned } from "../domain/canned/canned-responses";
import { workspaceRoom, type OperatorNamespace } from "./rooms";

/**
 * After a canned response was added, changed or deleted (from the console or the settings page): every console
 * of the workspace, on every node, gets the whole list again (it is small and this keeps them exactly in step).
 */
export function announceCanned(nsp: OperatorNamespace, db: Db, logger: Logger, actor: Extract<Actor, { kind: "operator" }>): void {
  listCanned(db, actor).then(
    (list) => nsp.to(workspaceRoom(actor.workspaceId)).emit("canned:changed", list),
    (err: unknown) => logger.warn({ err }, "canned responses broadcast failed"),
  );
}
