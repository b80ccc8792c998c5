import {
  ErrorCodes,
  ZAcceptInvitationBody,
  ZChangePasswordBody,
  ZId,
  ZInviteOperatorBody,
  ZOperatorPatchBody,
  ZPasswordResetBody,
  ZPasswordResetRequestBody,
  parsePayload,
} from "@kaiwa/shared";
import express, { type Request } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { DomainError } from "../domain/errors";
import { listAudit } from "../domain/operators/audit-log";
import { acceptInvitation, inviteOperator, listInvitations, listOperatorAccounts, updateOperator } from "../domain/operators/manage-operators";
import { changePassword, requestPasswordReset, resetPassword } from "../domain/operators/passwords";
import type { Mailer } from "../mail/mailer";
import type { RateLimits } from "../rate-limits";
import { bodyErrors, jsonHandler, parseBody, requireOperator, sessionToken } from "./rest";

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
  const actorOf = (req: Request) => requireOperator(db, req);
  const handle = (run: (req: Request) => Promise<unknown>) => jsonHandler(logger, run);

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
      const { invitation, token } = await inviteOperator(db, actor, parseBody(ZInviteOperatorBody, req.body));
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
      const { operator, sessionHashes } = await updateOperator(db, actor, id.value, parseBody(ZOperatorPatchBody, req.body));
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
    handle(async (req) => ({ operator: await acceptInvitation(db, parseBody(ZAcceptInvitationBody, req.body)) })),
  );

  router.post(
    "/auth/password",
    json,
    handle(async (req) => {
      const actor = await actorOf(req);
      const { sessionHashes } = await changePassword(db, actor, sessionToken(req)!, parseBody(ZChangePasswordBody, req.body));
      deps.endSessions(sessionHashes);
      return { ok: true };
    }),
  );

  router.post(
    "/auth/password-reset/request",
    json,
    handle(async (req) => {
      const { email } = parseBody(ZPasswordResetRequestBody, req.body);
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
      const { sessionHashes } = await resetPassword(db, parseBody(ZPasswordResetBody, req.body));
      deps.endSessions(sessionHashes);
      return { ok: true };
    }),
  );

  // Body-parser failures of these routes (malformed JSON, too large) answer in the API's shape.
  router.use(bodyErrors(logger));

  return router;
}
