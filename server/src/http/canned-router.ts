import { REST } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { deleteCanned, listCanned, saveCanned } from "../domain/canned/canned-responses";
import type { Publish } from "../events/with-events";
import type { OperatorNamespace } from "../realtime/broadcast";
import { announceCanned } from "../realtime/canned-broadcast";
import { mountRoutes, type OperatorActor } from "./rest";

/**
 * `/api/canned` (REST.canned): the workspace's canned responses for the settings page. Any operator reads them;
 * admins, supervisors and operators add, change and delete them (trainees only use them). Every change reaches the
 * workspace's open consoles on every node as `canned:changed`.
 */
export function createCannedRouter(deps: { db: Db; logger: Logger; publish?: Publish; operators?: OperatorNamespace }) {
  const { db, logger } = deps;
  // events: saveCanned and deleteCanned return canned.changed; answer withEvents(reply, events) in place of
  // announceCanned, which pushes canned:changed to the workspace's consoles today.
  const changed = <T>(actor: OperatorActor, reply: T): T => {
    if (deps.operators) announceCanned(deps.operators, db, logger, actor);
    return reply;
  };

  return mountRoutes(express.Router(), REST.canned, {
    list: async ({ caller }) => ({ canned: await listCanned(db, caller) }),
    create: async ({ caller, body }) => {
      const { canned } = await saveCanned(db, caller, body);
      return changed(caller, { canned });
    },
    update: async ({ caller, params, body }) => {
      const { canned } = await saveCanned(db, caller, { ...body, id: params.id });
      return changed(caller, { canned });
    },
    delete: async ({ caller, params }) => {
      const { id } = await deleteCanned(db, caller, params.id);
      return changed(caller, { id });
    },
  }, deps);
}
