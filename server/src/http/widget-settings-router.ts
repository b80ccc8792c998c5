import { ErrorCodes, SESSION_COOKIE, ZId, ZWidgetSettingsPatch, parsePayload, type ApiError } from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import { resolveSession } from "../domain/operators/sign-in";
import { getWidgetSettings, updateWidgetSettings } from "../domain/widget/widget-settings";
import { HTTP_STATUS, toApiError } from "../errors-to-api";

function fail(res: Response, error: ApiError) {
  res.status(HTTP_STATUS[error.code]).json({ error });
}

async function operatorOf(db: Db, req: Request): Promise<Extract<Actor, { kind: "operator" }>> {
  const session = parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];
  const operator = session ? await resolveSession(db, session) : null;
  if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
  return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
}

/** `GET` and `PATCH /api/sites/:siteId/widget`: an admin reads or changes a site's widget settings. */
export function createWidgetSettingsRouter(deps: { db: Db; logger: Logger }) {
  const { db, logger } = deps;
  const router = express.Router();
  const handle = (run: (actor: Extract<Actor, { kind: "operator" }>, siteId: string, req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    const siteId = parsePayload(ZId, req.params.siteId);
    if (!siteId.ok) return fail(res, { code: ErrorCodes.NOT_FOUND, message: "no such site" });
    try {
      res.json({ data: { settings: await run(await operatorOf(db, req), siteId.value, req) } });
    } catch (err) {
      fail(res, toApiError(err, logger));
    }
  };
  router.get("/sites/:siteId/widget", handle((actor, siteId) => getWidgetSettings(db, actor, siteId)));
  router.patch(
    "/sites/:siteId/widget",
    handle(async (actor, siteId, req) => {
      const patch = parsePayload(ZWidgetSettingsPatch, req.body ?? {});
      if (!patch.ok) throw new DomainError(patch.error.code, patch.error.message);
      return updateWidgetSettings(db, actor, siteId, patch.value);
    }),
  );
  return router;
}
