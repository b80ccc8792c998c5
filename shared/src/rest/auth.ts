// Signing in and out, the signed-in operator, passwords and invitation links.
import { z } from "zod";
import { ZAcceptInvitationBody, ZChangePasswordBody, ZOperatorRole, ZPasswordResetBody, ZPasswordResetRequestBody, ZProfileBody } from "../accounts";
import { ErrorCodes } from "../errors";
import { ZLoginBody } from "../schemas";
import { ZOk, defineRoute } from "./define-route";

/** A signed-in operator as the console knows them. */
export const ZOperator = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZOperatorRole,
  /** The name on their messages, as visitors see it; null: `name`. */
  displayName: z.string().nullable().default(null),
  /** Their console's language; null: the browser's. */
  locale: z.enum(["ja", "en"]).nullable().default(null),
  /** A sign-off they can add to a reply. */
  signature: z.string().nullable().default(null),
});

const ZOperatorAnswer = z.object({ operator: ZOperator });

/** One of the caller's own sign-ins. */
export const ZOwnSession = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  /** The session of this request. */
  current: z.boolean(),
});
export type OwnSession = z.infer<typeof ZOwnSession>;

export const authRoutes = {
  login: defineRoute({
    method: "post",
    path: "/api/auth/login",
    summary: "Sign in; sets the `kaiwa_session` cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)",
    description: "After 10 failed sign-ins for one email from one address within 15 minutes, RATE_LIMITED until the window ends.",
    auth: "public",
    body: ZLoginBody,
    response: ZOperatorAnswer,
    errors: [ErrorCodes.INVALID_CREDENTIALS, ErrorCodes.RATE_LIMITED],
  }),
  logout: defineRoute({
    method: "post",
    path: "/api/auth/logout",
    summary: "Sign out: ends the session, clears the cookie and disconnects that session's sockets on every node",
    description: "Succeeds with or without a valid cookie.",
    auth: "public",
    response: ZOk,
  }),
  me: defineRoute({
    method: "get",
    path: "/api/auth/me",
    summary: "The signed-in operator",
    auth: "operator",
    response: ZOperatorAnswer,
  }),
  acceptInvitation: defineRoute({
    method: "post",
    path: "/api/auth/invitations/accept",
    summary: "Accept an invitation: the token from the mailed link and the new operator's password",
    auth: "public",
    body: ZAcceptInvitationBody,
    bodyLimit: "16kb",
    response: ZOperatorAnswer,
    errors: [ErrorCodes.LINK_INVALID],
  }),
  changePassword: defineRoute({
    method: "post",
    path: "/api/auth/password",
    summary: "Change the caller's password; the caller's other sessions end",
    auth: "operator",
    body: ZChangePasswordBody,
    bodyLimit: "16kb",
    response: ZOk,
    errors: [ErrorCodes.INVALID_CREDENTIALS],
  }),
  updateProfile: defineRoute({
    method: "patch",
    path: "/api/auth/profile",
    summary: "Change the caller's own name, display name (shown to visitors), language or signature",
    auth: "operator",
    body: ZProfileBody,
    bodyLimit: "16kb",
    response: ZOperatorAnswer,
  }),
  sessions: defineRoute({
    method: "get",
    path: "/api/auth/sessions",
    summary: "The caller's sessions (each browser signed in), newest first",
    auth: "operator",
    response: z.object({ sessions: z.array(ZOwnSession) }),
  }),
  endOtherSessions: defineRoute({
    method: "post",
    path: "/api/auth/sessions/end-others",
    summary: "Sign out everywhere else: every session of the caller but this one ends, and their consoles close",
    auth: "operator",
    response: z.object({ ended: z.number().int() }),
  }),
  requestPasswordReset: defineRoute({
    method: "post",
    path: "/api/auth/password-reset/request",
    summary: "Mail a one-time password reset link; the same answer whether or not the address is known",
    auth: "public",
    body: ZPasswordResetRequestBody,
    bodyLimit: "16kb",
    response: ZOk,
    errors: [ErrorCodes.RATE_LIMITED],
  }),
  resetPassword: defineRoute({
    method: "post",
    path: "/api/auth/password-reset",
    summary: "Set a new password with the token from the mailed link; every session of that operator ends",
    auth: "public",
    body: ZPasswordResetBody,
    bodyLimit: "16kb",
    response: ZOk,
    errors: [ErrorCodes.LINK_INVALID],
  }),
};
