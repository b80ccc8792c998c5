import {
  ErrorCodes,
  SESSION_COOKIE,
  ZLoginBody,
  ZSiteKey,
  ZVisitorSessionBody,
  parsePayload,
} from "@kaiwa/shared";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../db/client";
import { resolveSession, signIn, signOut } from "../domain/operators/sign-in";
import { createAttachmentsRouter } from "./attachments-router";
import { createWidgetSettingsRouter } from "./widget-settings-router";
import { getSiteSettings, openVisitorSession } from "../domain/visitors/open-visitor-session";
import { DomainError } from "../domain/errors";
import { toApiError } from "../errors-to-api";
import type { RateLimits } from "../rate-limits";
import { bodyErrors, sendError, sessionToken } from "./rest";

export interface ApiDeps {
  db: Db;
  logger: Logger;
  rateLimits: RateLimits;
  /** What /api/health reports. */
  describe: { database: string; bus: string };
  /** Disconnect an ended session's sockets on every node. */
  onSignOut?: (sessionToken: string) => void;
}

/** An express handler that validates the body, runs one domain call and answers `{ data }` or `{ error }`. */
function route<S extends z.ZodType, T>(
  logger: Logger,
  schema: S,
  run: (input: z.infer<S>, req: Request, res: Response) => Promise<T>,
) {
  return async (req: Request, res: Response) => {
    const parsed = parsePayload(schema, req.body ?? {});
    if (!parsed.ok) return sendError(res, parsed.error);
    try {
      const data = await run(parsed.value, req, res);
      res.json({ data });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  };
}

/** The REST API under /api: health, operator sign-in, visitor sessions. */
export function createApiRouter(deps: ApiDeps) {
  const { db, logger } = deps;
  const router = express.Router();
  router.use(express.json({ limit: "64kb" }));
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  router.get("/health", async (_req, res) => {
    try {
      await db.execute(sql`select 1`);
      res.json({ data: { ok: true, ...deps.describe } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  router.post(
    "/auth/login",
    route(logger, ZLoginBody, async (input, req, res) => {
      // Failed attempts are counted per email and address; a success clears the count.
      const limitKey = `${input.email.toLowerCase()}|${req.ip}`;
      await deps.rateLimits.assertLoginAllowed(limitKey);
      const { operator, sessionToken: token, expiresAt } = await signIn(db, input).catch(async (err) => {
        if (err instanceof DomainError && err.code === ErrorCodes.INVALID_CREDENTIALS) await deps.rateLimits.loginFailed(limitKey);
        throw err;
      });
      await deps.rateLimits.loginSucceeded(limitKey);
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        // Secure whenever the request came over HTTPS (Heroku's router sets X-Forwarded-Proto; trust proxy is on).
        secure: req.secure,
        path: "/",
        expires: expiresAt,
      });
      return { operator };
    }),
  );

  router.post("/auth/logout", async (req, res) => {
    const token = sessionToken(req);
    try {
      if (token) {
        await signOut(db, token);
        deps.onSignOut?.(token);
      }
      res.clearCookie(SESSION_COOKIE, { path: "/" });
      res.json({ data: { ok: true } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  router.get("/auth/me", async (req, res) => {
    const token = sessionToken(req);
    try {
      const operator = token ? await resolveSession(db, token) : null;
      if (!operator) return sendError(res, { code: ErrorCodes.UNAUTHENTICATED, message: "sign in first" });
      res.json({ data: { operator } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  // Public and cacheable: a widget shows its launcher and greeting before any visitor exists.
  router.get("/visitor/sites/:siteKey", async (req, res) => {
    const parsed = parsePayload(ZSiteKey, req.params.siteKey);
    if (!parsed.ok) return sendError(res, parsed.error);
    try {
      const site = await getSiteSettings(db, parsed.value);
      res.setHeader("Cache-Control", "public, max-age=60");
      res.json({ data: { site } });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  router.post("/visitor/session", route(logger, ZVisitorSessionBody, (input) => openVisitorSession(db, input)));

  router.use(createAttachmentsRouter({ db, logger, rateLimits: deps.rateLimits }));
  router.use(createWidgetSettingsRouter({ db, logger }));

  router.use((_req, res) => sendError(res, { code: ErrorCodes.NOT_FOUND, message: "no such endpoint" }));

  // Body-parser failures of these routes (malformed JSON, too large) answer in the API's shape.
  router.use(bodyErrors(logger));

  return router;
}
