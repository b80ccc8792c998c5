import { REST } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { getInboxSettings, setInboxSettings } from "../domain/inbox/auto-assign";
import { createSite } from "../domain/widget/create-site";
import { listSiteSummaries } from "../domain/widget/list-site-summaries";
import { getWidgetSettings, updateWidgetSettings } from "../domain/widget/widget-settings";
import { withEvents, type Publish } from "../events/with-events";
import { mountRoutes } from "./rest";

/**
 * The sites of the operator's workspace (REST.sites): `GET /api/sites` (any operator: names and public keys),
 * `POST /api/sites` (admins: a new site), `GET`/`PATCH /api/sites/:siteId/widget` (admins: the widget's settings),
 * `GET`/`PATCH /api/sites/:siteId/inbox` (automatic assignment; any operator reads, admins change).
 */
export function createWidgetSettingsRouter(deps: { db: Db; logger: Logger; publish?: Publish }) {
  const { db } = deps;
  return mountRoutes(express.Router(), REST.sites, {
    list: async ({ caller }) => ({ sites: await listSiteSummaries(db, caller) }),
    create: async ({ caller, body }) => {
      const { settings, events } = await createSite(db, caller, body);
      return withEvents({ settings }, events);
    },
    widget: async ({ caller, params }) => ({ settings: await getWidgetSettings(db, caller, params.siteId) }),
    updateWidget: async ({ caller, params, body }) => {
      const { settings, events } = await updateWidgetSettings(db, caller, params.siteId, body);
      return withEvents({ settings }, events);
    },
    inbox: async ({ caller, params }) => ({ inbox: await getInboxSettings(db, caller, params.siteId) }),
    updateInbox: async ({ caller, params, body }) => {
      const { settings, events } = await setInboxSettings(db, caller, { siteId: params.siteId, ...body });
      return withEvents({ inbox: settings }, events);
    },
  }, deps);
}
