import {
  ErrorCodes,
  SESSION_COOKIE,
  ZAcceptInvitationBody,
  ZChangePasswordBody,
  ZId,
  ZInviteOperatorBody,
  ZOperatorPatchBody,
  ZPasswordResetBody,
  ZPasswordResetRequestBody,
  parsePayload,
  type ApiError,
} from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import { listAudit } from "../domain/operators/audit-log";
import { acceptInvitation, inviteOperator, listInvitations, listOperatorAccounts, updateOperator } from "../domain/operators/manage-operators";
import { changePassword, requestPasswordReset, resetPassword } from "../domain/operators/passwords";
import { resolveSession } from "../domain/operators/sign-in";
import { HTTP_STATUS, toApiError } from "../errors-to-api";
import type { Mailer } from "../mail/mailer";
import type { RateLimits } from "../rate-limits";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

export interface AccountsDeps {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  rateLimits: RateLimits;
  /** Origin for links in mails (e.g. https://kaiwa.example.com); the request's origin when unset (development). */
  publicUrl?: string;
  /** Disconnect the sockets of these sessions (SHA-256 of their tokens) on every node. */
  endSessions: (tokenHashes: string[]) => void;
}

function fail(res: Response, error: ApiError) {
  res.status(HTTP_STATUS[error.code]).json({ error });
}

const sessionToken = (req: Request) => parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = parsePayload(schema, value ?? {});
  if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
  return parsed.value;
}

/**
 * Accounts and roles under /api: operators, invitations and the audit log (admins), change password (signed in),
 * accept an invitation and reset a password (through one-time links).
 */
export function createAccountsRouter(deps: AccountsDeps) {
  const { db, logger, mailer } = deps;
  const router = express.Router();
  // Parsed per route, so a broken body sent to another router's path still reaches that router's own handler.
  const json = express.json({ limit: "16kb" });

  const origin = (req: Request) => deps.publicUrl?.replace(/\/$/, "") ?? `${req.protocol}://${req.get("host")}`;
  const actorOf = async (req: Request): Promise<OperatorActor> => {
    const token = sessionToken(req);
    const operator = token ? await resolveSession(db, token) : null;
    if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
    return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
  };
  const handle = (run: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      res.json({ data: await run(req) });
    } catch (err) {
      fail(res, toApiError(err, logger));
    }
  };

  router.get(
    "/operators",
    handle(async (req) => {
      const actor = await actorOf(req);
      return { operators: await listOperatorAccounts(db, actor), invitations: await listInvitations(db, actor) };
    }),
  );

  router.post(
    "/operators/invitations",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const { invitation, token } = await inviteOperator(db, actor, parse(ZInviteOperatorBody, req.body));
      const link = `${origin(req)}/accept-invitation#token=${token}`;
      await mailer.send({
        to: invitation.email,
        subject: "You are invited to Kaiwa / Kaiwa への招待",
        text: `${actor.name} invited you to answer chats on Kaiwa. Choose your password here (valid 7 days):\n${link}\n`,
      });
      // The admin may also copy the link and hand it over themselves.
      return { invitation, link };
    }),
  );

  router.patch(
    "/operators/:operatorId",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const id = parsePayload(ZId, req.params.operatorId);
      if (!id.ok) throw new DomainError(ErrorCodes.NOT_FOUND, "no such operator");
      const { operator, sessionHashes } = await updateOperator(db, actor, id.value, parse(ZOperatorPatchBody, req.body));
      deps.endSessions(sessionHashes);
      return { operator };
    }),
  );

  router.get(
    "/audit",
    handle(async (req) => {
      const actor = await actorOf(req);
      const before = typeof req.query.before === "string" ? new Date(req.query.before) : undefined;
      return { entries: await listAudit(db, actor, before && !Number.isNaN(before.getTime()) ? { before } : {}) };
    }),
  );

  router.post(
    "/auth/invitations/accept",
    json,
    handle(async (req) => ({ operator: await acceptInvitation(db, parse(ZAcceptInvitationBody, req.body)) })),
  );

  router.post(
    "/auth/password",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const { sessionHashes } = await changePassword(db, actor, sessionToken(req)!, parse(ZChangePasswordBody, req.body));
      deps.endSessions(sessionHashes);
      return { ok: true };
    }),
  );

  router.post(
    "/auth/password-reset/request",
    json,
    handle(async (req) => {
      const { email } = parse(ZPasswordResetRequestBody, req.body);
      // Each request counts against the address's sign-in budget (10 in 15 min), so nobody floods a mailbox.
      const limitKey = `reset|${email.toLowerCase()}`;
      await deps.rateLimits.assertLoginAllowed(limitKey);
      await deps.rateLimits.loginFailed(limitKey);
      const reset = await requestPasswordReset(db, email);
      if (reset) {
        const link = `${origin(req)}/reset-password#token=${reset.token}`;
        await mailer.send({
          to: reset.email,
          subject: "Reset your Kaiwa password / Kaiwa パスワードの再設定",
          text: `Hello ${reset.name}, set a new password here (valid 1 hour, once):\n${link}\nIf you did not ask for this, ignore this mail.\n`,
        });
      }
      // The same answer whether or not the address is known.
      return { ok: true };
    }),
  );

  router.post(
    "/auth/password-reset",
    json,
    handle(async (req) => {
      const { sessionHashes } = await resetPassword(db, parse(ZPasswordResetBody, req.body));
      deps.endSessions(sessionHashes);
      return { ok: true };
    }),
  );

  // Body-parser failures of these routes (malformed JSON, too large) answer in the API's shape.
  router.use((err: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.parse.failed") return fail(res, { code: ErrorCodes.VALIDATION, message: "body is not valid JSON" });
    if (err.type === "entity.too.large") return fail(res, { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: "body is too large" });
    fail(res, toApiError(err, logger));
  });

  return router;
}
