import { ErrorCodes, REST, SESSION_COOKIE } from "@kaiwa/shared";
import { sql } from "drizzle-orm";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { DomainError } from "../domain/errors";
import { resolveSession, signIn, signOut } from "../domain/operators/sign-in";
import { getSiteSettings, openVisitorSession } from "../domain/visitors/open-visitor-session";
import { withEvents, type Publish } from "../events/with-events";
import type { RateLimits } from "../rate-limits";
import { createAttachmentsRouter } from "./attachments-router";
import { openApiDocument } from "./openapi";
import { mountRoutes, sendError, sessionToken } from "./rest";
import { createWidgetSettingsRouter } from "./widget-settings-router";

export interface ApiDeps {
  db: Db;
  logger: Logger;
  rateLimits: RateLimits;
  /** Publishes the domain events REST handlers report; nothing until the app wires it. */
  publish?: Publish;
  /** What /api/health reports. */
  describe: { database: string; bus: string };
}

/**
 * The REST API under /api: health and the OpenAPI document (REST.system), operator sign-in (REST.auth), the widget's
 * visitor routes (REST.visitor), attachments and sites; then 404 NOT_FOUND for any other /api path.
 */
export function createApiRouter(deps: ApiDeps) {
  const { db } = deps;
  const router = express.Router();

  mountRoutes(router, REST.system, {
    health: async () => {
      await db.execute(sql`select 1`);
      return { ok: true, ...deps.describe } as const;
    },
    openapi: async () => openApiDocument(),
  }, deps);

  const { login, logout, me } = REST.auth;
  mountRoutes(router, { login, logout, me }, {
    login: async ({ body, req, res }) => {
      // Every attempt counts for the account (whatever address it comes from) and for the address (whatever account
      // it tries) before the password is checked; a success clears the account's count.
      const account = body.email.toLowerCase();
      const address = req.ip ?? "unknown";
      await deps.rateLimits.attemptLogin(account, address);
      const { operator, sessionToken: token, expiresAt } = await signIn(db, body);
      await deps.rateLimits.loginSucceeded(account, address);
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        // Secure whenever the request came over HTTPS (behind Heroku's router: X-Forwarded-Proto, with TRUST_PROXY).
        secure: req.secure,
        path: "/",
        expires: expiresAt,
      });
      return { operator };
    },
    logout: async ({ req, res }) => {
      const token = sessionToken(req);
      const { events } = token ? await signOut(db, token) : { events: [] };
      res.clearCookie(SESSION_COOKIE, { path: "/" });
      return withEvents({ ok: true } as const, events);
    },
    me: async ({ req }) => {
      const operator = await resolveSession(db, sessionToken(req)!);
      if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
      return { operator };
    },
  }, deps);

  mountRoutes(router, REST.visitor, {
    site: async ({ params }) => ({ site: await getSiteSettings(db, params.siteKey) }),
    session: async ({ body, req }) =>
      openVisitorSession(db, body, { beforeNewVisitor: (siteId) => deps.rateLimits.consumeNewVisitor(req.ip ?? "unknown", siteId) }),
  }, deps);

  router.use(createAttachmentsRouter(deps));
  router.use(createWidgetSettingsRouter(deps));

  router.use((_req, res) => sendError(res, { code: ErrorCodes.NOT_FOUND, message: "no such endpoint" }));

  return router;
}
