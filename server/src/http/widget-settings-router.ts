import { ErrorCodes, ZId, ZSiteCreate, ZSiteInboxPatch, ZWidgetSettingsPatch, parsePayload } from "@kaiwa/shared";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { getInboxSettings, setInboxSettings } from "../domain/inbox/auto-assign";
import { createSite } from "../domain/widget/create-site";
import { listSiteSummaries } from "../domain/widget/list-site-summaries";
import { getWidgetSettings, updateWidgetSettings } from "../domain/widget/widget-settings";
import { toApiError } from "../errors-to-api";
import { parseBody, requireOperator, sendError } from "./rest";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/**
 * The sites of the operator's workspace: `GET /api/sites` (any operator: names and public keys),
 * `POST /api/sites` (admins: a new site), `GET`/`PATCH /api/sites/:siteId/widget` (admins: the widget's settings),
 * `GET`/`PATCH /api/sites/:siteId/inbox` (automatic assignment; any operator reads, admins change).
 */
export function createWidgetSettingsRouter(deps: { db: Db; logger: Logger }) {
  const { db, logger } = deps;
  const router = express.Router();
  const answer = (key: string, run: (actor: OperatorActor, req: Request) => Promise<unknown>, status = 200) => async (req: Request, res: Response) => {
    try {
      const value = await run(await requireOperator(db, req), req);
      res.status(status).json({ data: { [key]: value } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  };
  const perSite = (key: string, run: (actor: OperatorActor, siteId: string, req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    const siteId = parsePayload(ZId, req.params.siteId);
    if (!siteId.ok) return sendError(res, { code: ErrorCodes.NOT_FOUND, message: "no such site" });
    return answer(key, (actor) => run(actor, siteId.value, req))(req, res);
  };

  router.get("/sites", answer("sites", (actor) => listSiteSummaries(db, actor)));
  router.post("/sites", answer("settings", (actor, req) => createSite(db, actor, parseBody(ZSiteCreate, req.body)), 201));

  router.get("/sites/:siteId/widget", perSite("settings", (actor, siteId) => getWidgetSettings(db, actor, siteId)));
  router.patch("/sites/:siteId/widget", perSite("settings", (actor, siteId, req) => updateWidgetSettings(db, actor, siteId, parseBody(ZWidgetSettingsPatch, req.body))));

  router.get("/sites/:siteId/inbox", perSite("inbox", (actor, siteId) => getInboxSettings(db, actor, siteId)));
  router.patch(
    "/sites/:siteId/inbox",
    perSite("inbox", (actor, siteId, req) => setInboxSettings(db, actor, { siteId, ...parseBody(ZSiteInboxPatch, req.body) })),
  );
  return router;
}
