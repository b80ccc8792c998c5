import { ErrorCodes, SESSION_COOKIE, ZId, ZSiteCreate, ZSiteInboxPatch, ZWidgetSettingsPatch, parsePayload, type ApiError } from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import { getInboxSettings, setInboxSettings } from "../domain/inbox/auto-assign";
import { resolveSession } from "../domain/operators/sign-in";
import { createSite } from "../domain/widget/create-site";
import { listSiteSummaries } from "../domain/widget/list-site-summaries";
import { getWidgetSettings, updateWidgetSettings } from "../domain/widget/widget-settings";
import { HTTP_STATUS, toApiError } from "../errors-to-api";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

function fail(res: Response, error: ApiError) {
  res.status(HTTP_STATUS[error.code]).json({ error });
}

async function operatorOf(db: Db, req: Request): Promise<OperatorActor> {
  const session = parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];
  const operator = session ? await resolveSession(db, session) : null;
  if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
  return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
}

function bodyOf<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = parsePayload(schema, req.body ?? {});
  if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
  return parsed.value;
}

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
      const value = await run(await operatorOf(db, req), req);
      res.status(status).json({ data: { [key]: value } });
    } catch (err) {
      fail(res, toApiError(err, logger));
    }
  };
  const perSite = (key: string, run: (actor: OperatorActor, siteId: string, req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    const siteId = parsePayload(ZId, req.params.siteId);
    if (!siteId.ok) return fail(res, { code: ErrorCodes.NOT_FOUND, message: "no such site" });
    return answer(key, (actor) => run(actor, siteId.value, req))(req, res);
  };

  router.get("/sites", answer("sites", (actor) => listSiteSummaries(db, actor)));
  router.post("/sites", answer("settings", (actor, req) => createSite(db, actor, bodyOf(ZSiteCreate, req)), 201));

  router.get("/sites/:siteId/widget", perSite("settings", (actor, siteId) => getWidgetSettings(db, actor, siteId)));
  router.patch("/sites/:siteId/widget", perSite("settings", (actor, siteId, req) => updateWidgetSettings(db, actor, siteId, bodyOf(ZWidgetSettingsPatch, req))));

  router.get("/sites/:siteId/inbox", perSite("inbox", (actor, siteId) => getInboxSettings(db, actor, siteId)));
  router.patch(
    "/sites/:siteId/inbox",
    perSite("inbox", (actor, siteId, req) => setInboxSettings(db, actor, { siteId, ...bodyOf(ZSiteInboxPatch, req) })),
  );
  return router;
}
