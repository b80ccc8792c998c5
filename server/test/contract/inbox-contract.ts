// The inbox domain (views, assignment periods, counts, filters) on every storage backend, like domain-contract.ts.
import { ErrorCodes, INBOX_PAGE_SIZE } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";
import { type Db } from "../../src/db/client";
import { activityOf, listActivity } from "../../src/domain/conversations/activity";
import { assignConversation, listAssignmentPeriods } from "../../src/domain/conversations/assign-conversation";
import { listConversations } from "../../src/domain/conversations/list-conversations";
import { setTags, starConversation } from "../../src/domain/conversations/marks";
import { addNote, listNotes } from "../../src/domain/conversations/notes";
import { syncMessages } from "../../src/domain/messages/read-messages";
import { setConversationStatus } from "../../src/domain/conversations/set-conversation-status";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { deleteCanned, listCanned, saveCanned } from "../../src/domain/canned/canned-responses";
import { assignWaiting, autoAssign, getInboxSettings, setInboxSettings } from "../../src/domain/inbox/auto-assign";
import { countInbox } from "../../src/domain/inbox/count-inbox";
import { listOperators } from "../../src/domain/inbox/list-operators";
import { listSites } from "../../src/domain/inbox/list-sites";
import { visitorDetails } from "../../src/domain/inbox/visitor-details";
import { searchContacts } from "../../src/domain/search/search-contacts";
import { searchNotes } from "../../src/domain/search/search-notes";
import { updateVisitor } from "../../src/domain/visitors/update-visitor";
import { updateOperator } from "../../src/domain/operators/manage-operators";
import { sendMessage } from "../../src/domain/messages/send-message";
import { clientId, newVisitor, seedWorkspace } from "../support/fixtures";

const rejectsWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

/** Run the inbox contract against a database opened by `open` (migrated here, closed after). */
export function inboxContract(backend: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(!!opts.skip)(`inbox contract on ${backend}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    async function conversationIn(w: Awaited<ReturnType<typeof seedWorkspace>>, body = "hello") {
      return (await visitorConversation(w, body)).conversation;
    }
    async function visitorConversation(w: Awaited<ReturnType<typeof seedWorkspace>>, body = "hello") {
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body });
      return { conversation, visitor: v };
    }
    const ids = (page: { conversations: { id: string }[] }) => page.conversations.map((c) => c.id);

    it("claims, transfers with a note and unassigns, keeping each holder's period", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const admin = { ...w.operatorActor(w.admin), role: "admin" as const };
      const c = await conversationIn(w);
      const claimed = await assignConversation(db, me, w.workspace.id, { conversationId: c.id, operatorId: me.operatorId });
      expect(claimed.conversation.assigneeId).toBe(me.operatorId);
      expect(claimed.event).toMatchObject({ reason: "claim", previousOperatorId: null });
      // Twice is a no-op without an event.
      expect((await assignConversation(db, me, w.workspace.id, { conversationId: c.id, operatorId: me.operatorId })).event).toBeNull();
      const moved = await assignConversation(db, me, w.workspace.id, { conversationId: c.id, operatorId: w.admin.id, note: "VIP, billing question" });
      expect(moved.event).toMatchObject({ reason: "transfer", previousOperatorId: me.operatorId, operatorId: w.admin.id, note: "VIP, billing question" });
      const freed = await assignConversation(db, admin, w.workspace.id, { conversationId: c.id, operatorId: null });
      expect(freed.conversation.assigneeId).toBeNull();
      expect(freed.event?.reason).toBe("unassign");
      const periods = await listAssignmentPeriods(db, me, c.id);
      expect(periods.map((p) => [p.operatorId, p.reason, p.note])).toEqual([
        [me.operatorId, "claim", null],
        [w.admin.id, "transfer", "VIP, billing question"],
      ]);
      expect(periods.every((p) => p.endedAt !== null)).toBe(true);
    });

    it("refuses other workspaces' conversations and operators; trainees may only claim", async () => {
      const [a, b] = [await seedWorkspace(db), await seedWorkspace(db)];
      const c = await conversationIn(a);
      await rejectsWith(assignConversation(db, b.operatorActor(), b.workspace.id, { conversationId: c.id, operatorId: b.operator.id }), ErrorCodes.CONVERSATION_NOT_FOUND);
      await rejectsWith(assignConversation(db, a.operatorActor(), a.workspace.id, { conversationId: c.id, operatorId: b.operator.id }), ErrorCodes.VALIDATION);
      const trainee = { ...a.operatorActor(), role: "trainee" as const };
      await rejectsWith(assignConversation(db, trainee, a.workspace.id, { conversationId: c.id, operatorId: a.admin.id }), ErrorCodes.FORBIDDEN);
      expect((await listOperators(db, a.workspace.id)).map((o) => o.id).sort()).toEqual([a.admin.id, a.operator.id].sort());
    });

    it("lists and counts the views: unassigned, mine, all open, resolved; pending counts as open", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const [c1, c2, c3, c4] = [await conversationIn(w), await conversationIn(w), await conversationIn(w), await conversationIn(w)];
      await assignConversation(db, me, w.workspace.id, { conversationId: c2.id, operatorId: me.operatorId });
      await assignConversation(db, me, w.workspace.id, { conversationId: c3.id, operatorId: w.admin.id });
      await setConversationStatus(db, me, { conversationId: c3.id, status: "pending" });
      await setConversationStatus(db, me, { conversationId: c4.id, status: "resolved" });
      expect(await countInbox(db, w.workspace.id)).toEqual({
        unassigned: 1,
        open: 3,
        pending: 1,
        resolved: 1,
        byAssignee: { [me.operatorId]: 1, [w.admin.id]: 1 },
      });
      expect(ids(await listConversations(db, me, { view: "unassigned" }))).toEqual([c1.id]);
      expect(ids(await listConversations(db, me, { view: "mine" }))).toEqual([c2.id]);
      expect(ids(await listConversations(db, me, { view: "open" })).sort()).toEqual([c1.id, c2.id, c3.id].sort());
      expect(ids(await listConversations(db, me, { view: "resolved" }))).toEqual([c4.id]);
      expect(ids(await listConversations(db, me, { view: "pending" }))).toEqual([c3.id]);
      expect(ids(await listConversations(db, me, { view: "open", assigneeId: w.admin.id }))).toEqual([c3.id]);
      expect(ids(await listConversations(db, me, { view: "open", siteId: w.site.id })).length).toBe(3);
      // Another workspace counts nothing of this one.
      const other = await seedWorkspace(db);
      expect(await countInbox(db, other.workspace.id)).toEqual({ unassigned: 0, open: 0, pending: 0, resolved: 0, byAssignee: {} });
      expect(ids(await listConversations(db, other.operatorActor(), { view: "open" }))).toEqual([]);
    });

    it("filters unreplied and sorts by waiting time: the longest unanswered wait first, then the answered ones", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      // C waits first but is answered; A's first unanswered message is older than B's, though A wrote again last.
      const c = await conversationIn(w, "c: first question");
      const a = await visitorConversation(w, "a: waiting since the start");
      const { conversation: b, visitor: bVisitor } = await visitorConversation(w, "b: waiting a little");
      await sendMessage(db, me, { conversationId: c.id, clientId: clientId(), body: "answered" });
      const again = await sendMessage(db, a.visitor.actor, { conversationId: a.conversation.id, clientId: clientId(), body: "a: hello??" });
      const unreplied = ids(await listConversations(db, me, { view: "open", unreplied: true }));
      expect(unreplied.sort()).toEqual([a.conversation.id, b.id].sort());
      expect(ids(await listConversations(db, me, { view: "open" }))).toEqual([a.conversation.id, c.id, b.id]);
      const byWaiting = await listConversations(db, me, { view: "open", sort: "waiting" });
      expect(ids(byWaiting)).toEqual([a.conversation.id, b.id, c.id]);
      // The wait is measured from the first unanswered message, and an answer ends it.
      const [first] = (await syncMessages(db, me, { conversationId: a.conversation.id, afterSeq: 0 })).messages;
      expect(again.conversation.waitingSince).toBe(first!.createdAt);
      expect(byWaiting.conversations.find((x) => x.id === c.id)?.waitingSince).toBeNull();
      // Resolving ends a wait too; writing again starts a new one.
      await setConversationStatus(db, me, { conversationId: b.id, status: "resolved" });
      const reopened = await sendMessage(db, bVisitor.actor, { conversationId: b.id, clientId: clientId(), body: "b: back again" });
      expect(reopened.conversation.waitingSince).toBe(reopened.message.createdAt);
    });

    it("pages the waiting sort with its cursor: every conversation once, unanswered first, longest wait on top", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const made = [];
      for (let i = 0; i < INBOX_PAGE_SIZE + 3; i++) made.push(await conversationIn(w, `q${i}`));
      for (const answered of [made[1]!, made[INBOX_PAGE_SIZE]!]) await sendMessage(db, me, { conversationId: answered.id, clientId: clientId(), body: "done" });
      const seen = [];
      let cursor: string | undefined;
      do {
        const page = await listConversations(db, me, { view: "open", sort: "waiting", ...(cursor ? { cursor } : {}) });
        seen.push(...page.conversations);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((x) => x.id)).size).toBe(INBOX_PAGE_SIZE + 3);
      const waits = seen.map((x) => x.waitingSince);
      expect(waits.slice(-2)).toEqual([null, null]);
      const unanswered = waits.slice(0, -2) as string[];
      expect([...unanswered].sort()).toEqual(unanswered);
    });

    it("assigns automatically to the least-loaded online operator under capacity, only when the site turns it on", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const admin = { ...w.operatorActor(w.admin), role: "admin" as const };
      const online = [w.admin.id, w.operator.id];
      const c1 = await conversationIn(w);
      expect(await autoAssign(db, w.workspace.id, c1, online)).toBeNull(); // off by default
      await rejectsWith(setInboxSettings(db, me, { siteId: w.site.id, autoAssign: true }), ErrorCodes.FORBIDDEN);
      expect((await setInboxSettings(db, admin, { siteId: w.site.id, autoAssign: true, capacity: 1 })).settings).toEqual({ siteId: w.site.id, autoAssign: true, capacity: 1, assignOnReply: true });
      expect(await getInboxSettings(db, me, w.site.id)).toMatchObject({ autoAssign: true, capacity: 1 });
      expect(await listSites(db, me)).toEqual([{ siteId: w.site.id, name: w.site.name, autoAssign: true, capacity: 1, assignOnReply: true, maxUploadBytes: 5 * 1024 * 1024 }]);
      const other = await seedWorkspace(db);
      await rejectsWith(getInboxSettings(db, other.operatorActor(), w.site.id), ErrorCodes.NOT_FOUND);

      // The admin already holds one: the operator is less loaded.
      await assignConversation(db, admin, w.workspace.id, { conversationId: c1.id, operatorId: w.admin.id });
      const c2 = await conversationIn(w);
      const first = await autoAssign(db, w.workspace.id, c2, online);
      expect(first?.conversation.assigneeId).toBe(w.operator.id);
      expect(first?.event?.reason).toBe("auto");
      // Both at capacity (1): the next one waits in Unassigned.
      const c3 = await conversationIn(w);
      expect(await autoAssign(db, w.workspace.id, c3, online)).toBeNull();
      // Offline operators get nothing; resolving frees capacity.
      await setConversationStatus(db, me, { conversationId: c2.id, status: "resolved" });
      expect(await autoAssign(db, w.workspace.id, c3, [w.admin.id])).toBeNull();
      // Freed capacity: the waiting conversation goes to the operator who has room, longest waiting first.
      const c4 = await conversationIn(w);
      const drained = await assignWaiting(db, w.workspace.id, online);
      expect(drained.map((r) => [r.conversation.id, r.conversation.assigneeId])).toEqual([[c3.id, w.operator.id]]);
      expect((await listAssignmentPeriods(db, me, c3.id)).map((p) => [p.reason, p.assignedById])).toEqual([["auto", null]]);
      // Everyone is full again: c4 waits.
      expect((await listConversations(db, me, { view: "unassigned" })).conversations.map((c) => c.id)).toEqual([c4.id]);

      // An operator's own limit overrides the site's: room for one more for the operator, none ever for the admin.
      await updateOperator(db, admin, w.operator.id, { capacity: 2 });
      await updateOperator(db, admin, w.admin.id, { capacity: 0 });
      await setConversationStatus(db, me, { conversationId: c1.id, status: "resolved" }); // the admin's
      expect((await autoAssign(db, w.workspace.id, c4, online))?.conversation.assigneeId).toBe(w.operator.id);
      expect(await autoAssign(db, w.workspace.id, await conversationIn(w), online)).toBeNull();
    });

    it("keeps each conversation's timeline: assignments and status changes, with who did them, for its workspace only", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const c = await conversationIn(w);
      const claimed = await assignConversation(db, me, w.workspace.id, { conversationId: c.id, operatorId: me.operatorId });
      await assignConversation(db, me, w.workspace.id, { conversationId: c.id, operatorId: w.admin.id, note: "billing" });
      await setConversationStatus(db, me, { conversationId: c.id, status: "pending" });
      await setConversationStatus(db, me, { conversationId: c.id, status: "pending" }); // no change, no entry
      const resolved = await setConversationStatus(db, me, {
        conversationId: c.id,
        status: "resolved",
        closingMessage: { clientId: clientId(), body: "Thanks for writing! Write here any time." },
      });
      expect(resolved.events.map((e) => e.type)).toEqual(["message.created", "conversation.status_changed"]);
      await setConversationStatus(db, me, { conversationId: c.id, status: "open" });
      const timeline = await listActivity(db, me, c.id);
      expect(timeline.map((a) => (a.kind === "assigned" ? [a.kind, a.reason, a.operatorId, a.note] : [a.kind, a.from, a.to]))).toEqual([
        ["assigned", "claim", me.operatorId, null],
        ["assigned", "transfer", w.admin.id, "billing"],
        ["status", "open", "pending"],
        ["status", "pending", "resolved"],
        ["status", "resolved", "open"],
      ]);
      expect(timeline.every((a) => a.actorId === me.operatorId && a.actorName === me.name)).toBe(true);
      // The entry pushed live is the one listed later.
      expect(timeline[0]).toEqual(activityOf(claimed.events[0]!));
      // The closing message went to the visitor before the resolve.
      const sync = await syncMessages(db, me, { conversationId: c.id, afterSeq: 0 });
      expect(sync.messages.at(-1)?.body).toBe("Thanks for writing! Write here any time.");
      await rejectsWith(listActivity(db, (await seedWorkspace(db)).operatorActor(), c.id), ErrorCodes.CONVERSATION_NOT_FOUND);
    });

    it("an operator who replies to an unassigned conversation takes it, unless the site turned that off", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const admin = { ...w.operatorActor(w.admin), role: "admin" as const };
      const c = await conversationIn(w);
      const reply = await sendMessage(db, me, { conversationId: c.id, clientId: clientId(), body: "Happy to help" });
      expect(reply.conversation.assigneeId).toBe(me.operatorId);
      expect(reply.events.map((e) => e.type)).toEqual(["message.created", "conversation.assigned"]);
      expect(reply.events[1]).toMatchObject({ data: { assignment: { reason: "claim", operatorId: me.operatorId } } });
      // A second operator answering too leaves it with the first, and a retry changes nothing.
      const second = await sendMessage(db, admin, { conversationId: c.id, clientId: clientId(), body: "Me too" });
      expect(second.conversation.assigneeId).toBe(me.operatorId);
      expect(second.events.map((e) => e.type)).toEqual(["message.created"]);
      expect(ids(await listConversations(db, me, { view: "mine" }))).toEqual([c.id]);

      const settings = await setInboxSettings(db, admin, { siteId: w.site.id, assignOnReply: false });
      expect(settings.settings.assignOnReply).toBe(false);
      expect(settings.events[0]?.data.changed).toEqual(["assignOnReply"]);
      const d = await conversationIn(w);
      const untouched = await sendMessage(db, me, { conversationId: d.id, clientId: clientId(), body: "Answered, not taken" });
      expect(untouched.conversation.assigneeId).toBeNull();
      expect(untouched.events.map((e) => e.type)).toEqual(["message.created"]);
    });

    it("keeps internal notes apart from the visitor's messages: sync and seq never see them", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const { conversation, visitor } = await visitorConversation(w);
      const { note } = await addNote(db, me, { conversationId: conversation.id, body: "社内メモ: refund approved" });
      expect(note).toMatchObject({ authorId: me.operatorId, authorName: me.name, body: "社内メモ: refund approved" });
      await sendMessage(db, me, { conversationId: conversation.id, clientId: clientId(), body: "We refunded you." });
      const seen = await syncMessages(db, visitor.actor, { conversationId: conversation.id, afterSeq: 0 });
      expect(seen.messages.map((m) => [m.seq, m.body])).toEqual([
        [1, "hello"],
        [2, "We refunded you."],
      ]);
      expect((await listNotes(db, me, conversation.id)).map((n) => n.body)).toEqual(["社内メモ: refund approved"]);
      const other = await seedWorkspace(db);
      await rejectsWith(addNote(db, other.operatorActor(), { conversationId: conversation.id, body: "x" }), ErrorCodes.CONVERSATION_NOT_FOUND);
      await rejectsWith(listNotes(db, other.operatorActor(), conversation.id), ErrorCodes.CONVERSATION_NOT_FOUND);
    });

    it("tags conversations for the team and stars them per operator; lists filter by both", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const admin = w.operatorActor(w.admin);
      const [c1, c2] = [await conversationIn(w), await conversationIn(w)];
      expect((await setTags(db, me, { conversationId: c1.id, tags: ["billing", "vip", "billing"] })).marks).toEqual({ conversationId: c1.id, tags: ["billing", "vip"], starred: false });
      expect((await setTags(db, me, { conversationId: c1.id, tags: ["vip", "返品"] })).marks.tags).toEqual(["vip", "返品"]);
      expect((await starConversation(db, me, { conversationId: c2.id, starred: true })).marks.starred).toBe(true);
      expect(ids(await listConversations(db, me, { view: "open", tag: "返品" }))).toEqual([c1.id]);
      expect(ids(await listConversations(db, me, { view: "open", starred: true }))).toEqual([c2.id]);
      expect(ids(await listConversations(db, admin, { view: "open", starred: true }))).toEqual([]); // stars are personal
      const page = await listConversations(db, me, { view: "open" });
      expect(page.marks?.find((m) => m.conversationId === c1.id)).toEqual({ conversationId: c1.id, tags: ["vip", "返品"], starred: false });
      expect(page.marks?.find((m) => m.conversationId === c2.id)?.starred).toBe(true);
      await starConversation(db, me, { conversationId: c2.id, starred: false });
      expect(ids(await listConversations(db, me, { view: "open", starred: true }))).toEqual([]);
      const other = await seedWorkspace(db);
      await rejectsWith(setTags(db, other.operatorActor(), { conversationId: c1.id, tags: ["x"] }), ErrorCodes.CONVERSATION_NOT_FOUND);
      expect(ids(await listConversations(db, other.operatorActor(), { view: "open", tag: "vip" }))).toEqual([]);
    });

    it("keeps canned responses per workspace with unique shortcuts; trainees only read them", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const { canned: saved } = await saveCanned(db, me, { shortcut: "Thanks", body: "ありがとうございます、{{visitor.name}} 様" });
      expect(saved).toMatchObject({ shortcut: "thanks" });
      await rejectsWith(saveCanned(db, me, { shortcut: "thanks", body: "again" }), ErrorCodes.VALIDATION);
      await saveCanned(db, me, { shortcut: "返品", body: "返品フォームはこちらです" });
      expect((await listCanned(db, me)).map((x) => x.shortcut)).toEqual(["thanks", "返品"]);
      expect((await saveCanned(db, me, { id: saved.id, shortcut: "thanks", body: "Thank you, {{visitor.name}}!" })).canned.body).toBe("Thank you, {{visitor.name}}!");
      await rejectsWith(saveCanned(db, { ...me, role: "trainee" }, { shortcut: "x", body: "y" }), ErrorCodes.FORBIDDEN);
      const other = await seedWorkspace(db);
      expect(await listCanned(db, other.operatorActor())).toEqual([]);
      await rejectsWith(deleteCanned(db, other.operatorActor(), saved.id), ErrorCodes.NOT_FOUND);
      await deleteCanned(db, me, saved.id);
      expect((await listCanned(db, me)).map((x) => x.shortcut)).toEqual(["返品"]);
    });

    it("searches internal notes (word forms too) and contacts by name and email, within the workspace", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const { conversation, visitor } = await visitorConversation(w, "hello");
      await updateVisitor(db, visitor.actor, { name: "Hanako Yamada", email: "hanako@example.jp" });
      await addNote(db, me, { conversationId: conversation.id, body: "Refund approved for both packages" });
      await addNote(db, me, { conversationId: conversation.id, body: "返金は承認済み" });
      const other = await seedWorkspace(db);
      const elsewhere = await visitorConversation(other, "hi");
      await updateVisitor(db, elsewhere.visitor.actor, { name: "Hanako Other", email: "hanako@other.example" });
      await addNote(db, other.operatorActor(), { conversationId: elsewhere.conversation.id, body: "Refund package elsewhere" });

      const notes = async (q: string) => (await searchNotes(db, me, { q })).map((h) => [h.note.body, h.conversation.id]);
      expect(await notes("refund package")).toEqual([["Refund approved for both packages", conversation.id]]);
      expect(await notes("承認")).toEqual([["返金は承認済み", conversation.id]]);
      expect(await notes("100%_")).toEqual([]);
      const contacts = async (q: string) => (await searchContacts(db, me, { q })).map((h) => [h.visitor.name, h.conversation.id]);
      expect(await contacts("hanako")).toEqual([["Hanako Yamada", conversation.id]]);
      expect(await contacts("EXAMPLE.JP")).toEqual([["Hanako Yamada", conversation.id]]);
      expect(await contacts("%")).toEqual([]);
    });

    it("shows the visitor panel: profile, the site's attributes and earlier conversations, within the workspace", async () => {
      const w = await seedWorkspace(db);
      const me = w.operatorActor();
      const { conversation: first, visitor } = await visitorConversation(w, "first");
      await setConversationStatus(db, me, { conversationId: first.id, status: "resolved" });
      await updateVisitor(db, visitor.actor, { name: "田中 花子", email: "hanako@example.com", attributes: { plan: "pro", seats: 3 } });
      const { conversation: second } = await startConversation(db, visitor.actor);
      const details = await visitorDetails(db, me, second.id);
      expect(details).toMatchObject({ name: "田中 花子", email: "hanako@example.com", attributes: { plan: "pro", seats: 3 } });
      expect(details.conversations.map((c) => [c.id, c.status, c.lastMessageBody])).toEqual([[first.id, "resolved", "first"]]);
      const other = await seedWorkspace(db);
      await rejectsWith(visitorDetails(db, other.operatorActor(), second.id), ErrorCodes.CONVERSATION_NOT_FOUND);
    });
  });
}
