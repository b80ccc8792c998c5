import { ErrorCodes, REST } from "@kaiwa/shared";
import express, { type Request } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { DomainError } from "../domain/errors";
import { listAudit } from "../domain/operators/audit-log";
import { acceptInvitation, inviteOperator, listInvitations, listOperatorAccounts, updateOperator } from "../domain/operators/manage-operators";
import { endOtherSessions, listOwnSessions, updateProfile } from "../domain/operators/own-account";
import { changePassword, requestPasswordReset, resetPassword } from "../domain/operators/passwords";
import { withEvents, type Publish } from "../events/with-events";
import type { Mailer } from "../mail/mailer";
import type { RateLimits } from "../rate-limits";
import { mountRoutes, sessionToken } from "./rest";

export interface AccountsDeps {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  rateLimits: RateLimits;
  publish?: Publish;
  /** Origin for links in mails (e.g. https://kaiwa.example.com); the request's origin when unset (development). */
  publicUrl?: string;
}

/**
 * Accounts and roles under /api (REST.operators and the password and invitation routes of REST.auth): operators,
 * invitations and the audit log (admins), change password (signed in), accept an invitation and reset a password
 * (through one-time links).
 */
export function createAccountsRouter(deps: AccountsDeps) {
  const { db, mailer } = deps;
  const router = express.Router();
  // Links in mails never take their host from the request (a forged Host would send them elsewhere): the configured
  // address, or on a developer's own machine the loopback address the request came to.
  const origin = (req: Request) => {
    if (deps.publicUrl) return deps.publicUrl.replace(/\/$/, "");
    const host = req.get("host") ?? "";
    if (/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(host)) return `http://${host}`;
    throw new DomainError(ErrorCodes.UNAVAILABLE, "set PUBLIC_URL to this app's address so mailed links point to it");
  };

  mountRoutes(router, REST.operators, {
    list: async ({ caller }) => ({ operators: await listOperatorAccounts(db, caller), invitations: await listInvitations(db, caller) }),
    invite: async ({ caller, body, req }) => {
      const base = origin(req);
      const { invitation, token } = await inviteOperator(db, caller, body);
      const link = `${base}/accept-invitation#token=${token}`;
      await mailer.send({
        to: invitation.email,
        subject: "You are invited to Kaiwa / Kaiwa への招待",
        text: `${caller.name} invited you to answer chats on Kaiwa. Choose your password here (valid 7 days):\n${link}\n`,
      });
      // The admin may also copy the link and hand it over themselves.
      return { invitation, link };
    },
    update: async ({ caller, params, body }) => {
      const { operator, events } = await updateOperator(db, caller, params.operatorId, body);
      return withEvents({ operator }, events);
    },
    audit: async ({ caller, query }) => {
      const before = query.before === undefined ? undefined : new Date(query.before);
      return { entries: await listAudit(db, caller, before && !Number.isNaN(before.getTime()) ? { before } : {}) };
    },
  }, deps);

  // Using a mailed link (which sets a password) counts like a sign-in attempt from the client's address.
  const attemptLink = (req: Request) => deps.rateLimits.attemptLogin(`link|${req.ip ?? "unknown"}`, req.ip ?? "unknown");

  const { acceptInvitation: accept, changePassword: change, requestPasswordReset: requestReset, resetPassword: reset } = REST.auth;
  mountRoutes(router, { accept, change, requestReset, reset }, {
    accept: async ({ body, req }) => {
      await attemptLink(req);
      return { operator: await acceptInvitation(db, body) };
    },
    change: async ({ caller, body, req }) => {
      const { events } = await changePassword(db, caller, sessionToken(req)!, body);
      return withEvents({ ok: true } as const, events);
    },
    requestReset: async ({ body, req }) => {
      const { email } = body;
      // Each request counts like a sign-in attempt, for the address it is for and the client's, so nobody floods a mailbox.
      await deps.rateLimits.attemptLogin(`reset|${email.toLowerCase()}`, req.ip ?? "unknown");
      const base = origin(req); // before the lookup: the answer must not depend on whether the address is known
      const found = await requestPasswordReset(db, email);
      if (found) {
        const link = `${base}/reset-password#token=${found.token}`;
        await mailer.send({
          to: found.email,
          subject: "Reset your Kaiwa password / Kaiwa パスワードの再設定",
          text: `Hello ${found.name}, set a new password here (valid 1 hour, once):\n${link}\nIf you did not ask for this, ignore this mail.\n`,
        });
      }
      // The same answer whether or not the address is known.
      return { ok: true } as const;
    },
    reset: async ({ body, req }) => {
      await attemptLink(req);
      const { events } = await resetPassword(db, body);
      return withEvents({ ok: true } as const, events);
    },
  }, deps);

  // The signed-in operator's own account: profile and sessions.
  const { updateProfile: profile, sessions, endOtherSessions: endOthers } = REST.auth;
  mountRoutes(router, { profile, sessions, endOthers }, {
    profile: async ({ caller, body }) => {
      const { operator, events } = await updateProfile(db, caller, body);
      return withEvents({ operator }, events);
    },
    sessions: async ({ caller, req }) => ({ sessions: await listOwnSessions(db, caller, sessionToken(req)!) }),
    endOthers: async ({ caller, req }) => {
      const { ended, events } = await endOtherSessions(db, caller, sessionToken(req)!);
      return withEvents({ ended }, events);
    },
  }, deps);

  return router;
}
