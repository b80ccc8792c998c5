// Operators, invitations and the audit log: admins only.
import { z } from "zod";
import { ErrorCodes } from "../errors";
import { ZInviteOperatorBody, ZOperatorPatchBody, ZOperatorRole } from "../accounts";
import { ZTimestamp } from "../models";
import { ZId } from "../schemas";
import { zText } from "../text";
import { defineRoute } from "./define-route";

/** An operator as an admin sees them in the operators page. */
export const ZOperatorAccount = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZOperatorRole,
  active: z.boolean(),
  /** Own limit for automatic assignment; null: the site's capacity. */
  capacity: z.number().int().nullable(),
  createdAt: ZTimestamp,
});

/** A sent invitation; `link` only in the answer to the admin who created it (for copying). */
export const ZInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZOperatorRole,
  expiresAt: ZTimestamp,
  acceptedAt: ZTimestamp.nullable(),
});

/** One line of the audit log. */
export const ZAuditEntry = z.object({
  id: z.uuid(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: ZTimestamp,
});

/**
 * `?before=` of the audit log: an ISO 8601 time that Postgres can compare (JavaScript also reads years beyond 9999 and
 * before 1, written `+275760-…` or `-000001-…`, which Postgres does not), normalised to `toISOString()`.
 */
export const ZAuditBefore = zText()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, "not an ISO 8601 time")
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, "not an ISO 8601 time between the years 1 and 9999")
  .transform((s) => new Date(s).toISOString());

const admins = ["admin"] as const;

export const operatorRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/operators",
    summary: "The workspace's operators and its invitations",
    auth: "operator",
    roles: admins,
    response: z.object({ operators: z.array(ZOperatorAccount), invitations: z.array(ZInvitation) }),
  }),
  invite: defineRoute({
    method: "post",
    path: "/api/operators/invitations",
    summary: "Invite an operator: the link is mailed, and returned for the admin to hand over",
    auth: "operator",
    roles: admins,
    body: ZInviteOperatorBody,
    bodyLimit: "16kb",
    response: z.object({ invitation: ZInvitation, link: z.string() }),
  }),
  update: defineRoute({
    method: "patch",
    path: "/api/operators/:operatorId",
    summary: "Change an operator's role, capacity, or deactivate them (their sessions end and their sockets are cut on every node)",
    description: "A workspace keeps at least one active admin (LAST_ADMIN otherwise).",
    auth: "operator",
    roles: admins,
    params: z.object({ operatorId: ZId }),
    paramsNotFound: "no such operator",
    body: ZOperatorPatchBody,
    bodyLimit: "16kb",
    response: z.object({ operator: ZOperatorAccount }),
    errors: [ErrorCodes.LAST_ADMIN],
  }),
  audit: defineRoute({
    method: "get",
    path: "/api/audit",
    summary: "The audit log: the 100 newest entries, or those before `before`",
    auth: "operator",
    roles: admins,
    query: z.object({
      /** An ISO 8601 time between the years 1 and 9999; only entries older than it. */
      before: ZAuditBefore.optional().meta({ description: "An ISO 8601 time (years 1 to 9999): only entries older than it; anything else is VALIDATION" }),
    }),
    response: z.object({ entries: z.array(ZAuditEntry) }),
  }),
};
