// Accounts and roles on every storage backend, like domain-contract.ts: invitations, roles,
// deactivation, the audit log, passwords and trainee drafts.
import { ErrorCodes } from "@kaiwa/shared";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";
import { schema, type Db } from "../../src/db/client";
import type { Actor } from "../../src/domain/actor";
import { hashToken } from "../../src/domain/auth/tokens";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { createDraft, listDrafts, listPendingDrafts, reviewDraft } from "../../src/domain/messages/drafts";
import { syncMessages } from "../../src/domain/messages/read-messages";
import { sendMessage } from "../../src/domain/messages/send-message";
import { listAudit } from "../../src/domain/operators/audit-log";
import { acceptInvitation, inviteOperator, listInvitations, listOperatorAccounts, updateOperator } from "../../src/domain/operators/manage-operators";
import { changePassword, requestPasswordReset, resetPassword } from "../../src/domain/operators/passwords";
import { resolveSession, signIn } from "../../src/domain/operators/sign-in";
import { updateWidgetSettings } from "../../src/domain/widget/widget-settings";
import { clientId, newVisitor, PASSWORD, seedWorkspace } from "../support/fixtures";

type OperatorActor = Extract<Actor, { kind: "operator" }>;
const rejectsWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

/** Run the accounts contract against a database opened by `open` (migrated here, closed after). */
export function accountsContract(backend: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(!!opts.skip)(`accounts contract on ${backend}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    const admin = (w: Awaited<ReturnType<typeof seedWorkspace>>): OperatorActor => ({ ...w.operatorActor(w.admin), role: "admin" });
    /** Invite and accept: a new operator of `role` in w's workspace, with its actor. */
    async function join(w: Awaited<ReturnType<typeof seedWorkspace>>, role: OperatorActor["role"]) {
      const email = `${role}-${clientId().slice(0, 8)}@example.com`;
      const { token } = await inviteOperator(db, admin(w), { email, name: `New ${role}`, role });
      const op = await acceptInvitation(db, { token, password: PASSWORD });
      const actor: OperatorActor = { kind: "operator", workspaceId: op.workspaceId, operatorId: op.id, name: op.name, role: op.role };
      return { op, actor, email };
    }

    it("invites an operator through a single-use link; only admins invite; the token is stored hashed", async () => {
      const w = await seedWorkspace(db);
      await rejectsWith(inviteOperator(db, w.operatorActor(), { email: "x@example.com", name: "X", role: "operator" }), ErrorCodes.FORBIDDEN);
      const { invitation, token } = await inviteOperator(db, admin(w), { email: "New.Person@Example.com", name: "New", role: "supervisor" });
      expect(invitation).toMatchObject({ email: "new.person@example.com", role: "supervisor", acceptedAt: null });
      const [row] = await db.select().from(schema.operatorInvitations).where(eq(schema.operatorInvitations.id, invitation.id));
      expect(row!.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify(row)).not.toContain(token);
      expect((await listInvitations(db, admin(w))).map((i) => i.id)).toEqual([invitation.id]);
      const op = await acceptInvitation(db, { token, password: "a new long password" });
      expect(op).toMatchObject({ workspaceId: w.workspace.id, role: "supervisor", email: "new.person@example.com" });
      await rejectsWith(acceptInvitation(db, { token, password: "a new long password" }), ErrorCodes.LINK_INVALID);
      await rejectsWith(acceptInvitation(db, { token: "x".repeat(43), password: "a new long password" }), ErrorCodes.LINK_INVALID);
      expect((await signIn(db, { email: "new.person@example.com", password: "a new long password" })).operator.id).toBe(op.id);
      await rejectsWith(inviteOperator(db, admin(w), { email: "new.person@example.com", name: "Again", role: "operator" }), ErrorCodes.VALIDATION);
    });

    it("refuses an expired invitation", async () => {
      const w = await seedWorkspace(db);
      const { invitation, token } = await inviteOperator(db, admin(w), { email: `late-${clientId().slice(0, 8)}@example.com`, name: "Late", role: "operator" });
      await db.update(schema.operatorInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.operatorInvitations.id, invitation.id));
      await rejectsWith(acceptInvitation(db, { token, password: PASSWORD }), ErrorCodes.LINK_INVALID);
    });

    it("changes roles and deactivates (admins, own workspace only); deactivation ends sessions; the last admin stays", async () => {
      const [w, other] = [await seedWorkspace(db), await seedWorkspace(db)];
      const { op, email } = await join(w, "operator");
      const { sessionToken } = await signIn(db, { email, password: PASSWORD });
      await rejectsWith(updateOperator(db, w.operatorActor(), op.id, { role: "admin" }), ErrorCodes.FORBIDDEN);
      await rejectsWith(updateOperator(db, admin(other), op.id, { active: false }), ErrorCodes.NOT_FOUND);
      const promoted = await updateOperator(db, admin(w), op.id, { role: "supervisor" });
      expect(promoted.operator.role).toBe("supervisor");
      expect(promoted.sessionHashes).toEqual([hashToken(sessionToken)]); // to reconnect with the new role
      expect(await resolveSession(db, sessionToken)).toMatchObject({ role: "supervisor" });
      const off = await updateOperator(db, admin(w), op.id, { active: false });
      expect(off.operator.active).toBe(false);
      expect(off.sessionHashes).toEqual([hashToken(sessionToken)]);
      expect(await resolveSession(db, sessionToken)).toBeNull();
      await rejectsWith(signIn(db, { email, password: PASSWORD }), ErrorCodes.INVALID_CREDENTIALS);
      await rejectsWith(updateOperator(db, admin(w), w.admin.id, { role: "operator" }), ErrorCodes.LAST_ADMIN);
      await rejectsWith(updateOperator(db, admin(w), w.admin.id, { active: false }), ErrorCodes.LAST_ADMIN);
      expect((await listOperatorAccounts(db, admin(w))).find((o) => o.id === op.id)).toMatchObject({ active: false, role: "supervisor" });
      await rejectsWith(listOperatorAccounts(db, w.operatorActor()), ErrorCodes.FORBIDDEN);
    });

    it("records every change in the workspace's audit log, which only admins read", async () => {
      const [w, other] = [await seedWorkspace(db), await seedWorkspace(db)];
      const { op } = await join(w, "trainee");
      await updateOperator(db, admin(w), op.id, { role: "operator" });
      const limited = await updateOperator(db, admin(w), op.id, { capacity: 2 });
      expect(limited).toMatchObject({ operator: { capacity: 2 }, sessionHashes: [] }); // no need to reconnect
      await updateOperator(db, admin(w), op.id, { capacity: 2 }); // unchanged: not recorded again
      await updateOperator(db, admin(w), op.id, { active: false });
      const actions = (await listAudit(db, admin(w))).map((e) => e.action);
      expect(actions).toEqual(["operator.deactivated", "operator.capacity_changed", "operator.role_changed", "operator.joined", "operator.invited"]);
      expect((await listAudit(db, admin(w))).find((e) => e.action === "operator.capacity_changed")).toMatchObject({ detail: { from: null, to: 2 } });
      const roleChange = (await listAudit(db, admin(w))).find((e) => e.action === "operator.role_changed");
      expect(roleChange).toMatchObject({ actorId: w.admin.id, targetId: op.id, detail: { from: "trainee", to: "operator" } });
      expect(await listAudit(db, admin(other))).toEqual([]);
      await rejectsWith(listAudit(db, w.operatorActor()), ErrorCodes.FORBIDDEN);
    });

    it("changes a password after checking the current one; other sessions end", async () => {
      const w = await seedWorkspace(db);
      const { actor, email } = await join(w, "operator");
      const here = await signIn(db, { email, password: PASSWORD });
      const elsewhere = await signIn(db, { email, password: PASSWORD });
      await rejectsWith(changePassword(db, actor, here.sessionToken, { currentPassword: "wrong", newPassword: "another long password" }), ErrorCodes.INVALID_CREDENTIALS);
      const { sessionHashes } = await changePassword(db, actor, here.sessionToken, { currentPassword: PASSWORD, newPassword: "another long password" });
      expect(sessionHashes).toEqual([hashToken(elsewhere.sessionToken)]);
      expect(await resolveSession(db, here.sessionToken)).not.toBeNull();
      expect(await resolveSession(db, elsewhere.sessionToken)).toBeNull();
      await signIn(db, { email, password: "another long password" });
      await rejectsWith(signIn(db, { email, password: PASSWORD }), ErrorCodes.INVALID_CREDENTIALS);
    });

    it("resets a forgotten password through a hashed, expiring, single-use link", async () => {
      const w = await seedWorkspace(db);
      const { email } = await join(w, "operator");
      expect(await requestPasswordReset(db, "nobody@example.com")).toBeNull();
      const session = await signIn(db, { email, password: PASSWORD });
      const reset = await requestPasswordReset(db, email.toUpperCase());
      expect(reset?.email).toBe(email);
      const [row] = await db.select().from(schema.passwordResets).where(eq(schema.passwordResets.tokenHash, hashToken(reset!.token)));
      expect(row).toBeDefined();
      const { sessionHashes } = await resetPassword(db, { token: reset!.token, newPassword: "reset long password" });
      expect(sessionHashes).toEqual([hashToken(session.sessionToken)]);
      expect(await resolveSession(db, session.sessionToken)).toBeNull();
      await signIn(db, { email, password: "reset long password" });
      await rejectsWith(resetPassword(db, { token: reset!.token, newPassword: "yet another password" }), ErrorCodes.LINK_INVALID);
      const late = await requestPasswordReset(db, email);
      await db.update(schema.passwordResets).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(schema.passwordResets.tokenHash, hashToken(late!.token)));
      await rejectsWith(resetPassword(db, { token: late!.token, newPassword: "yet another password" }), ErrorCodes.LINK_INVALID);
    });

    it("holds a trainee's reply as a draft the visitor never sees; a supervisor approves it (sent, trainee as author) or rejects it", async () => {
      const w = await seedWorkspace(db);
      const trainee = (await join(w, "trainee")).actor;
      const supervisor = (await join(w, "supervisor")).actor;
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: "hello" });
      await rejectsWith(sendMessage(db, trainee, { conversationId: conversation.id, clientId: clientId(), body: "direct" }), ErrorCodes.FORBIDDEN);

      const cid = clientId();
      const { draft } = await createDraft(db, trainee, { conversationId: conversation.id, clientId: cid, body: "Welcome! How can I help?" });
      expect((await createDraft(db, trainee, { conversationId: conversation.id, clientId: cid, body: "Welcome! How can I help?" })).draft).toMatchObject({ id: draft.id });
      expect(draft).toMatchObject({ status: "pending", authorId: trainee.operatorId, messageId: null });
      const visitorView = await syncMessages(db, v.actor, { conversationId: conversation.id, afterSeq: 0 });
      expect(visitorView.messages.map((m) => m.body)).toEqual(["hello"]);
      expect((await listDrafts(db, w.operatorActor(), conversation.id)).map((d) => d.id)).toEqual([draft.id]);
      // The reviewers' queue holds it; another trainee's queue (their own drafts) and another workspace's do not.
      expect((await listPendingDrafts(db, supervisor)).map((d) => d.id)).toEqual([draft.id]);
      expect((await listPendingDrafts(db, trainee)).map((d) => d.id)).toEqual([draft.id]);
      expect(await listPendingDrafts(db, (await join(w, "trainee")).actor)).toEqual([]);

      await rejectsWith(reviewDraft(db, w.operatorActor(), { draftId: draft.id, decision: "approve" }), ErrorCodes.FORBIDDEN);
      await rejectsWith(reviewDraft(db, trainee, { draftId: draft.id, decision: "approve" }), ErrorCodes.FORBIDDEN);
      const other = await seedWorkspace(db);
      expect(await listPendingDrafts(db, admin(other))).toEqual([]);
      await rejectsWith(reviewDraft(db, admin(other), { draftId: draft.id, decision: "approve" }), ErrorCodes.NOT_FOUND);
      await rejectsWith(listDrafts(db, other.operatorActor(), conversation.id), ErrorCodes.CONVERSATION_NOT_FOUND);

      const approved = await reviewDraft(db, supervisor, { draftId: draft.id, decision: "approve" });
      expect(approved.draft).toMatchObject({ status: "approved", reviewerId: supervisor.operatorId });
      expect(approved.sent!.message).toMatchObject({ authorKind: "operator", authorId: trainee.operatorId, seq: 2, body: "Welcome! How can I help?" });
      expect(approved.draft.messageId).toBe(approved.sent!.message.id);
      expect(await listPendingDrafts(db, supervisor)).toEqual([]);
      await rejectsWith(reviewDraft(db, admin(w), { draftId: draft.id, decision: "reject", comment: "late" }), ErrorCodes.VALIDATION);

      const { draft: second } = await createDraft(db, trainee, { conversationId: conversation.id, clientId: clientId(), body: "We are closed forever" });
      const rejected = await reviewDraft(db, admin(w), { draftId: second.id, decision: "reject", comment: "Not true; check the hours" });
      expect(rejected).toMatchObject({ sent: null, draft: { status: "rejected", reviewComment: "Not true; check the hours" } });
      const after = await syncMessages(db, v.actor, { conversationId: conversation.id, afterSeq: 0 });
      expect(after.messages.map((m) => [m.seq, m.body])).toEqual([[1, "hello"], [2, "Welcome! How can I help?"]]);
    });

    it("only admins change settings", async () => {
      const w = await seedWorkspace(db);
      const supervisor = (await join(w, "supervisor")).actor;
      await rejectsWith(updateWidgetSettings(db, supervisor, w.site.id, { greeting: "hi" }), ErrorCodes.FORBIDDEN);
      await rejectsWith(updateWidgetSettings(db, w.operatorActor(), w.site.id, { greeting: "hi" }), ErrorCodes.FORBIDDEN);
      await expect(updateWidgetSettings(db, admin(w), w.site.id, { greeting: "hi" })).resolves.toBeDefined();
    });
  });
}
