// Admin-defined tags (list, create, rename with merge, recolour, delete, who may) on every storage backend.
import { ErrorCodes, ZTagCreateBody, ZTagPatchBody, type TTagCreateBody, type TTagPatchBody } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";
import { type Db } from "../../src/db/client";
import { listConversations } from "../../src/domain/conversations/list-conversations";
import { marksOf, setTags } from "../../src/domain/conversations/marks";
import { setConversationStatus } from "../../src/domain/conversations/set-conversation-status";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { sendMessage } from "../../src/domain/messages/send-message";
import { createTag as createTagParsed } from "../../src/domain/tags/create-tag";
import { deleteTag } from "../../src/domain/tags/delete-tag";
import { listTags } from "../../src/domain/tags/list-tags";
import { listAudit } from "../../src/domain/operators/audit-log";
import { updateTag as updateTagParsed } from "../../src/domain/tags/update-tag";
import { clientId, newVisitor, seedWorkspace } from "../support/fixtures";

const rejectsWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

// Bodies go through the shared schemas first, as the router parses them.
type Admin = Parameters<typeof createTagParsed>[1];
const createTag = (db: Db, actor: Admin, body: z.input<typeof ZTagCreateBody>) => createTagParsed(db, actor, ZTagCreateBody.parse(body) as TTagCreateBody);
const updateTag = (db: Db, actor: Admin, name: string, body: z.input<typeof ZTagPatchBody>) => updateTagParsed(db, actor, name, ZTagPatchBody.parse(body) as TTagPatchBody);

/** Run the tags contract against a database opened by `open` (migrated here, closed after). */
export function tagsContract(backend: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(!!opts.skip)(`tags contract on ${backend}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    type Workspace = Awaited<ReturnType<typeof seedWorkspace>>;
    const adminOf = (w: Workspace) => ({ ...w.operatorActor(w.admin), role: "admin" as const });
    async function conversationIn(w: Workspace, tags: string[] = []) {
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: "hello" });
      if (tags.length > 0) await setTags(db, w.operatorActor(), { conversationId: conversation.id, tags });
      return conversation;
    }
    const tagsOf = async (w: Workspace, id: string) => (await marksOf(db, w.operatorActor(), [id]))[0]!.tags;
    const byName = async (w: Workspace) => Object.fromEntries((await listTags(db, w.operatorActor())).map((t) => [t.name, t]));

    it("lists defined tags and tags only typed on conversations, counting unresolved conversations", async () => {
      const w = await seedWorkspace(db);
      const admin = adminOf(w);
      expect(await listTags(db, w.operatorActor())).toEqual([]);
      const { tag: created } = await createTag(db, admin, { name: "  Billing ", color: "#DC2626", description: "Invoices and refunds" });
      expect(created).toMatchObject({ name: "billing", defined: true, color: "#dc2626", description: "Invoices and refunds", openConversations: 0 });
      await createTag(db, admin, { name: "unused" });
      await conversationIn(w, ["billing", "urgent"]);
      const pending = await conversationIn(w, ["billing"]);
      await setConversationStatus(db, w.operatorActor(), { conversationId: pending.id, status: "pending" });
      const resolved = await conversationIn(w, ["billing", "urgent"]);
      await setConversationStatus(db, w.operatorActor(), { conversationId: resolved.id, status: "resolved" });
      const tags = await listTags(db, w.operatorActor());
      expect(tags.map((t) => [t.name, t.defined, t.color, t.openConversations])).toEqual([
        ["billing", true, "#dc2626", 2],
        ["unused", true, "#64748b", 0],
        ["urgent", false, null, 1],
      ]);
      // Any operator reads them; a trainee too.
      expect(await listTags(db, { ...w.operatorActor(), role: "trainee" })).toHaveLength(3);
    });

    it("creates with the conversations' normalisation, refuses a duplicate and defines a typed-only tag", async () => {
      const w = await seedWorkspace(db);
      const admin = adminOf(w);
      await createTag(db, admin, { name: "VIP" });
      await rejectsWith(createTag(db, admin, { name: " vip " }), ErrorCodes.VALIDATION);
      const c = await conversationIn(w, ["返品"]);
      const { tag: defined } = await createTag(db, admin, { name: "返品", color: "#16a34a" });
      expect(defined).toMatchObject({ name: "返品", defined: true, color: "#16a34a", openConversations: 1 });
      expect(await tagsOf(w, c.id)).toEqual(["返品"]);
      // An empty name is refused by the schema and by the domain itself.
      expect(ZTagCreateBody.safeParse({ name: "   " }).success).toBe(false);
      await rejectsWith(createTagParsed(db, admin, { name: "   " }), ErrorCodes.VALIDATION);
    });

    it("renames on every conversation in one go, merging where the conversation already has the new name", async () => {
      const w = await seedWorkspace(db);
      const admin = adminOf(w);
      await createTag(db, admin, { name: "refund", color: "#dc2626", description: "money back" });
      const onlyOld = await conversationIn(w, ["refund", "vip"]);
      const both = await conversationIn(w, ["refund", "refunds"]);
      const untouched = await conversationIn(w, ["vip"]);
      const change = await updateTag(db, admin, "Refund", { name: " Refunds " });
      expect(change.tag).toMatchObject({ name: "refunds", defined: true, color: "#dc2626", description: "money back", openConversations: 2 });
      expect(change.conversations.sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual(
        [
          { conversationId: onlyOld.id, tags: ["refunds", "vip"] },
          { conversationId: both.id, tags: ["refunds"] },
        ].sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
      );
      expect(await tagsOf(w, both.id)).toEqual(["refunds"]);
      expect(await tagsOf(w, untouched.id)).toEqual(["vip"]);
      const tags = await byName(w);
      expect(tags.refund).toBeUndefined();
      expect(tags.refunds).toMatchObject({ defined: true, openConversations: 2 });
      // The inbox's tag filter follows the new name.
      const filtered = await listConversations(db, w.operatorActor(), { view: "open", tag: "refunds" });
      expect(filtered.conversations.map((c) => c.id).sort()).toEqual([onlyOld.id, both.id].sort());
      expect((await listConversations(db, w.operatorActor(), { view: "open", tag: "refund" })).conversations).toEqual([]);
      // The old name is gone.
      await rejectsWith(updateTag(db, admin, "refund", { color: "#000000" }), ErrorCodes.NOT_FOUND);
    });

    it("renaming onto another defined tag merges the two; recolours and describes in place", async () => {
      const w = await seedWorkspace(db);
      const admin = adminOf(w);
      await createTag(db, admin, { name: "bug", color: "#dc2626" });
      await createTag(db, admin, { name: "defect", color: "#2563eb", description: "product defects" });
      const c = await conversationIn(w, ["bug", "defect"]);
      const merged = await updateTag(db, admin, "bug", { name: "defect" });
      expect(merged.tag).toMatchObject({ name: "defect", color: "#2563eb", description: "product defects", openConversations: 1 });
      expect(await tagsOf(w, c.id)).toEqual(["defect"]);
      expect(Object.keys(await byName(w))).toEqual(["defect"]);
      const recoloured = await updateTag(db, admin, "defect", { color: "#A855F7", description: "" });
      expect(recoloured).toMatchObject({ tag: { name: "defect", color: "#a855f7", description: null }, conversations: [] });
      // A typed-only tag becomes defined when an admin recolours it.
      await conversationIn(w, ["later"]);
      expect((await updateTag(db, admin, "later", { color: "#f59e0b" })).tag).toMatchObject({ name: "later", defined: true, color: "#f59e0b" });
      await rejectsWith(updateTag(db, admin, "nothing-here", { color: "#f59e0b" }), ErrorCodes.NOT_FOUND);
    });

    it("deletes a tag from the workspace and from every conversation", async () => {
      const w = await seedWorkspace(db);
      const admin = adminOf(w);
      await createTag(db, admin, { name: "spam", color: "#000000" });
      const c1 = await conversationIn(w, ["spam", "vip"]);
      const c2 = await conversationIn(w, ["spam"]);
      const change = await deleteTag(db, admin, "SPAM");
      expect(change.conversations.sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual(
        [
          { conversationId: c1.id, tags: ["vip"] },
          { conversationId: c2.id, tags: [] },
        ].sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
      );
      expect(await tagsOf(w, c1.id)).toEqual(["vip"]);
      expect(Object.keys(await byName(w))).toEqual(["vip"]);
      // A typed-only tag can be deleted too; an unknown one is not found.
      await deleteTag(db, admin, "vip");
      expect(await listTags(db, admin)).toEqual([]);
      await rejectsWith(deleteTag(db, admin, "spam"), ErrorCodes.NOT_FOUND);
      // Each change is in the workspace's audit log.
      expect((await listAudit(db, admin)).map((e) => [e.action, e.detail.name])).toEqual([
        ["tag.deleted", "vip"],
        ["tag.deleted", "spam"],
        ["tag.created", "spam"],
      ]);
    });

    it("only admins change tags, and only their own workspace's", async () => {
      const [a, b] = [await seedWorkspace(db), await seedWorkspace(db)];
      await createTag(db, adminOf(a), { name: "secret", color: "#dc2626", description: "A's own" });
      const c = await conversationIn(a, ["secret", "typed"]);
      for (const role of ["operator", "supervisor", "trainee"] as const) {
        const actor = { ...a.operatorActor(), role };
        await rejectsWith(createTag(db, actor, { name: "mine" }), ErrorCodes.FORBIDDEN);
        await rejectsWith(updateTag(db, actor, "secret", { name: "public" }), ErrorCodes.FORBIDDEN);
        await rejectsWith(deleteTag(db, actor, "secret"), ErrorCodes.FORBIDDEN);
      }
      // Workspace B sees none of A's tags and cannot reach them by name.
      expect(await listTags(db, b.operatorActor())).toEqual([]);
      expect(await listTags(db, adminOf(b))).toEqual([]);
      await rejectsWith(updateTag(db, adminOf(b), "secret", { name: "leaked" }), ErrorCodes.NOT_FOUND);
      await rejectsWith(updateTag(db, adminOf(b), "typed", { name: "leaked" }), ErrorCodes.NOT_FOUND);
      await rejectsWith(deleteTag(db, adminOf(b), "secret"), ErrorCodes.NOT_FOUND);
      await rejectsWith(deleteTag(db, adminOf(b), "typed"), ErrorCodes.NOT_FOUND);
      // B's own tag of the same name is B's alone; renaming it leaves A's conversations alone.
      await createTag(db, adminOf(b), { name: "secret", color: "#16a34a" });
      await updateTag(db, adminOf(b), "secret", { name: "open" });
      expect(await tagsOf(a, c.id)).toEqual(["secret", "typed"]);
      expect((await byName(a)).secret).toMatchObject({ color: "#dc2626", description: "A's own", openConversations: 1 });
      expect(Object.keys(await byName(b))).toEqual(["open"]);
    });
  });
}
