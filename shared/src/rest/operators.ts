// Operators, invitations and the audit log: admins only.
import { z } from "zod";
import { ZInviteOperatorBody, ZOperatorPatchBody, ZOperatorRole } from "../accounts";
import { ZTimestamp } from "../models";
import { ZId } from "../schemas";
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
    description: "A workspace keeps at least one active admin (FORBIDDEN otherwise).",
    auth: "operator",
    roles: admins,
    params: z.object({ operatorId: ZId }),
    paramsNotFound: "no such operator",
    body: ZOperatorPatchBody,
    bodyLimit: "16kb",
    response: z.object({ operator: ZOperatorAccount }),
  }),
  audit: defineRoute({
    method: "get",
    path: "/api/audit",
    summary: "The audit log: the 100 newest entries, or those before `before`",
    auth: "operator",
    roles: admins,
    query: z.object({
      /** An ISO time; entries older than it (a value that is not a time is ignored). */
      before: z.string().optional().meta({ description: "An ISO time: only entries older than it (a value that is not a time is ignored)" }),
    }),
    response: z.object({ entries: z.array(ZAuditEntry) }),
  }),
};
