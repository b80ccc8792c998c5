import { REST } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { deleteCanned, listCanned, saveCanned } from "../domain/canned/canned-responses";
import { withEvents, type Publish } from "../events/with-events";
import { mountRoutes } from "./rest";

/**
 * `/api/canned` (REST.canned): the workspace's canned responses for the settings page. Any operator reads them;
 * admins, supervisors and operators add, change and delete them (trainees only use them). Every change reaches the
 * workspace's open consoles on every node as `canned:changed`.
 */
export function createCannedRouter(deps: { db: Db; logger: Logger; publish?: Publish }) {
  const { db } = deps;
  return mountRoutes(express.Router(), REST.canned, {
    list: async ({ caller }) => ({ canned: await listCanned(db, caller) }),
    create: async ({ caller, body }) => {
      const { canned, events } = await saveCanned(db, caller, body);
      return withEvents({ canned }, events);
    },
    update: async ({ caller, params, body }) => {
      const { canned, events } = await saveCanned(db, caller, { ...body, id: params.id });
      return withEvents({ canned }, events);
    },
    delete: async ({ caller, params }) => {
      const { id, events } = await deleteCanned(db, caller, params.id);
      return withEvents({ id }, events);
    },
  }, deps);
}
