// Accounts and roles: the REST bodies, socket payloads and shapes of operators, invitations,
// the audit log and trainee drafts.
import { z } from "zod";
import { zText } from "./text";
import { ZId, ZMessageBody } from "./schemas";
import type { ZAuditEntry, ZInvitation, ZOperatorAccount } from "./rest/operators";
import type { OperatorRole } from "./types";

export const OPERATOR_ROLES = ["admin", "supervisor", "operator", "trainee"] as const satisfies readonly OperatorRole[];
export const ZOperatorRole = z.enum(OPERATOR_ROLES);

/** Passwords: at least 10 characters (long beats complex), at most 1024. */
export const ZNewPassword = zText().min(10, "a password has at least 10 characters").max(1024);

/** `POST /api/operators/invitations` (admins). */
export const ZInviteOperatorBody = z.strictObject({
  email: z.email().max(320),
  name: zText().trim().min(1).max(100),
  role: ZOperatorRole,
});
export type TInviteOperatorBody = z.infer<typeof ZInviteOperatorBody>;

/** `POST /api/auth/invitations/accept`: the token from the link and the new operator's password. */
export const ZAcceptInvitationBody = z.strictObject({ token: zText().min(20).max(200), password: ZNewPassword });
export type TAcceptInvitationBody = z.infer<typeof ZAcceptInvitationBody>;

/** `PATCH /api/operators/:id` (admins): change the role or deactivate. */
export const ZOperatorPatchBody = z
  .strictObject({
    role: ZOperatorRole.optional(),
    active: z.boolean().optional(),
    /** Most conversations automatic assignment gives this operator at once (0: none); null: the site's capacity. */
    capacity: z.number().int().min(0).max(100).nullable().optional(),
  })
  .refine((b) => b.role !== undefined || b.active !== undefined || b.capacity !== undefined, "give a role, active or capacity");
export type TOperatorPatchBody = z.infer<typeof ZOperatorPatchBody>;

/** `POST /api/auth/password` (signed in). */
export const ZChangePasswordBody = z.strictObject({ currentPassword: zText().min(1).max(1024), newPassword: ZNewPassword });

/** `PATCH /api/auth/profile`: the signed-in operator's own name, the name visitors see, language and signature (null clears). */
export const ZProfileBody = z.strictObject({
  name: zText().trim().min(1).max(100).optional(),
  displayName: zText().trim().min(1).max(100).nullable().optional(),
  locale: z.enum(["ja", "en"]).nullable().optional(),
  signature: zText().max(1000).nullable().optional(),
});
export type TProfileBody = z.infer<typeof ZProfileBody>;
export type TChangePasswordBody = z.infer<typeof ZChangePasswordBody>;

/** `POST /api/auth/password-reset/request`: always answers ok, known address or not. */
export const ZPasswordResetRequestBody = z.strictObject({ email: z.email().max(320) });
/** `POST /api/auth/password-reset`: the token from the link and the new password. */
export const ZPasswordResetBody = z.strictObject({ token: zText().min(20).max(200), newPassword: ZNewPassword });
export type TPasswordResetBody = z.infer<typeof ZPasswordResetBody>;

/** `draft:list`: the drafts of one conversation (pending and reviewed), oldest first. */
export const ZDraftListSchema = z.strictObject({ conversationId: ZId });
export type TDraftList = z.infer<typeof ZDraftListSchema>;

/** `draft:queue`: the workspace's drafts waiting for review, oldest first (a trainee: their own). */
export const ZDraftQueueSchema = z.strictObject({});

/** `draft:review` (supervisors and admins): approve (the draft is sent) or reject with a comment. */
export const ZDraftReviewSchema = z.discriminatedUnion("decision", [
  z.strictObject({ draftId: ZId, decision: z.literal("approve") }),
  z.strictObject({ draftId: ZId, decision: z.literal("reject"), comment: zText().trim().min(1).max(2000) }),
]);
export type TDraftReview = z.infer<typeof ZDraftReviewSchema>;

export { ZMessageBody as ZDraftBody };

/** An operator as an admin sees them in the operators page. */
export type OperatorAccount = z.infer<typeof ZOperatorAccount>;

/** A sent invitation; `link` only in the answer to the admin who created it (for copying). */
export type Invitation = z.infer<typeof ZInvitation>;

/** One line of the audit log. */
export type AuditEntry = z.infer<typeof ZAuditEntry>;

