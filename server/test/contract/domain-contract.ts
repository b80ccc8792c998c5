// One contract for the domain over every storage backend (PGlite and a real Postgres), after tldraw's
// storageContractSuite: the same behaviour must hold whichever database is underneath.
import { ErrorCodes, INBOX_PAGE_SIZE } from "@kaiwa/shared";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useContractDatabase, type ContractDatabase, type OpenContractDatabase } from "./contract-database";
import { schema, type Db } from "../../src/db/client";
import { getConversation } from "../../src/domain/conversations/get-conversation";
import { listConversations } from "../../src/domain/conversations/list-conversations";
import { setConversationStatus } from "../../src/domain/conversations/set-conversation-status";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { messageHistory, syncMessages } from "../../src/domain/messages/read-messages";
import { sendMessage } from "../../src/domain/messages/send-message";
import { resolveSession, signIn, signOut } from "../../src/domain/operators/sign-in";
import { searchMessages } from "../../src/domain/search/search-messages";
import { openVisitorSession } from "../../src/domain/visitors/open-visitor-session";
import { seedFirstRun } from "../../src/domain/workspaces/seed-first-run";
import { clientId, newVisitor, PASSWORD, seedWorkspace } from "../support/fixtures";

const rejectsWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

/** Run the domain contract against a database opened by `open` (migrated here, closed after). */
export function domainContract(
  backend: string,
  open: OpenContractDatabase,
  opts: { skip?: boolean } = {},
) {
  describe.skipIf(!!opts.skip)(`domain contract on ${backend}`, () => {
    let database: ContractDatabase;
    let db: Db;
    useContractDatabase(open, (d, opened) => {
      db = d;
      database = opened;
    });

    it("migrations can be applied again without harm", async () => {
      await database.migrate();
    });

    it("seeds the first workspace once, even when two nodes start together", async () => {
      const [a, b] = await Promise.all([
        seedFirstRun(db, { adminEmail: "first@example.com" }),
        seedFirstRun(db, { adminEmail: "first@example.com" }),
      ]);
      expect([a.seeded, b.seeded].filter(Boolean)).toHaveLength(1);
      const seeded = (a.seeded ? a : b) as Extract<typeof a, { seeded: true }>;
      expect(seeded.generatedPassword).toMatch(/^[A-Za-z0-9_-]{12,}$/);
      const { operator } = await signIn(db, { email: "FIRST@example.com", password: seeded.generatedPassword! });
      expect(operator.role).toBe("admin");
      const stored = await db.select().from(schema.operators).where(eq(schema.operators.id, operator.id));
      expect(stored[0]?.passwordHash).not.toContain(seeded.generatedPassword!);
      expect((await seedFirstRun(db, { adminEmail: "other@example.com" })).seeded).toBe(false);
    });

    it("signs operators in and out with server-side sessions", async () => {
      const w = await seedWorkspace(db);
      const { operator, sessionToken } = await signIn(db, { email: w.operator.email, password: PASSWORD });
      expect(operator).toMatchObject({ id: w.operator.id, workspaceId: w.workspace.id, role: "operator" });
      expect(await resolveSession(db, sessionToken)).toMatchObject({ id: w.operator.id });
      await signOut(db, sessionToken);
      expect(await resolveSession(db, sessionToken)).toBeNull();
      expect(await resolveSession(db, "not-a-real-token")).toBeNull();
    });

    it("refuses a wrong password and an unknown email alike", async () => {
      const w = await seedWorkspace(db);
      await rejectsWith(signIn(db, { email: w.operator.email, password: "wrong password" }), ErrorCodes.INVALID_CREDENTIALS);
      await rejectsWith(signIn(db, { email: "nobody@example.com", password: PASSWORD }), ErrorCodes.INVALID_CREDENTIALS);
    });

    it("gives a visitor a token on first contact and recognises it later", async () => {
      const w = await seedWorkspace(db);
      await rejectsWith(openVisitorSession(db, { siteKey: "site_unknown_key" }), ErrorCodes.UNKNOWN_SITE);
      const first = await openVisitorSession(db, { siteKey: w.site.publicKey });
      expect(first.token.length).toBeGreaterThanOrEqual(40);
      expect(first.conversationId).toBeNull();
      const again = await openVisitorSession(db, { siteKey: w.site.publicKey, token: first.token });
      expect(again.visitor.id).toBe(first.visitor.id);
      expect(again.token).toBe(first.token);
      const stored = await db.select().from(schema.visitors).where(eq(schema.visitors.id, first.visitor.id));
      expect(stored[0]?.tokenHash).not.toBe(first.token);
      const stranger = await openVisitorSession(db, { siteKey: w.site.publicKey, token: "x".repeat(43) });
      expect(stranger.visitor.id).not.toBe(first.visitor.id);
    });

    it("opens one conversation per visitor even when asked twice at once", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const [a, b] = await Promise.all([startConversation(db, v.actor), startConversation(db, v.actor)]);
      expect(a.conversation.id).toBe(b.conversation.id);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
      const resumed = await openVisitorSession(db, { siteKey: w.site.publicKey, token: v.token });
      expect(resumed.conversationId).toBe(a.conversation.id);
    });

    it("numbers messages 1..n without gaps under concurrent sends from both sides", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const sends = Array.from({ length: 30 }, (_, i) =>
        sendMessage(db, i % 2 ? w.operatorActor() : v.actor, { conversationId: conversation.id, clientId: clientId(), body: `m${i}` }),
      );
      const results = await Promise.all(sends);
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const sync = await syncMessages(db, v.actor, { conversationId: conversation.id, afterSeq: 0 });
      expect(sync.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(sync.conversation.lastSeq).toBe(30);
      const opMsg = sync.messages.find((m) => m.authorKind === "operator");
      expect(opMsg?.authorName).toBe(w.operator.name);
    });

    it("stores a retried send once and answers it with the stored message", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const input = { conversationId: conversation.id, clientId: clientId(), body: "hello" };
      const [a, b, c] = await Promise.all([sendMessage(db, v.actor, input), sendMessage(db, v.actor, input), sendMessage(db, v.actor, input)]);
      expect(new Set([a.message.id, b.message.id, c.message.id]).size).toBe(1);
      expect([a, b, c].filter((r) => r.created)).toHaveLength(1);
      const next = await sendMessage(db, v.actor, { ...input, clientId: clientId(), body: "second" });
      expect(next.message.seq).toBe(2);
      const rows = await db.select().from(schema.messages).where(eq(schema.messages.conversationId, conversation.id));
      expect(rows).toHaveLength(2);
    });

    it("keeps a visitor out of other visitors' conversations and operators out of other workspaces", async () => {
      const w = await seedWorkspace(db);
      const other = await seedWorkspace(db);
      const owner = await newVisitor(db, w.site.publicKey);
      const stranger = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, owner.actor);
      const input = { conversationId: conversation.id, clientId: clientId(), body: "mine" };
      await sendMessage(db, owner.actor, input);
      await rejectsWith(sendMessage(db, stranger.actor, { ...input, clientId: clientId() }), ErrorCodes.CONVERSATION_NOT_FOUND);
      await rejectsWith(syncMessages(db, stranger.actor, { conversationId: conversation.id, afterSeq: 0 }), ErrorCodes.CONVERSATION_NOT_FOUND);
      await rejectsWith(sendMessage(db, other.operatorActor(), { ...input, clientId: clientId() }), ErrorCodes.CONVERSATION_NOT_FOUND);
      await rejectsWith(
        messageHistory(db, other.operatorActor(), { conversationId: conversation.id }),
        ErrorCodes.CONVERSATION_NOT_FOUND,
      );
      await rejectsWith(
        setConversationStatus(db, other.operatorActor(), { conversationId: conversation.id, status: "resolved" }),
        ErrorCodes.CONVERSATION_NOT_FOUND,
      );
      const otherInbox = await listConversations(db, other.operatorActor(), { status: "all" });
      expect(otherInbox.conversations.map((c) => c.id)).not.toContain(conversation.id);
    });

    it("syncs what a client missed after a seq, and pages history backwards", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      for (let i = 1; i <= 12; i++) {
        await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: `n${i}` });
      }
      const missed = await syncMessages(db, w.operatorActor(), { conversationId: conversation.id, afterSeq: 9 });
      expect(missed.messages.map((m) => m.body)).toEqual(["n10", "n11", "n12"]);
      expect(missed.hasMore).toBe(false);
      const paged = await syncMessages(db, v.actor, { conversationId: conversation.id, afterSeq: 0, limit: 5 });
      expect(paged.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(paged.hasMore).toBe(true);
      const newest = await messageHistory(db, v.actor, { conversationId: conversation.id, limit: 5 });
      expect(newest.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
      const older = await messageHistory(db, v.actor, { conversationId: conversation.id, beforeSeq: 8, limit: 5 });
      expect(older.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
      expect(older.hasMore).toBe(true);
    });

    it("lists an operator's inbox newest first, by status, page by page", async () => {
      const w = await seedWorkspace(db);
      const ids: string[] = [];
      for (let i = 0; i < INBOX_PAGE_SIZE + 5; i++) {
        const v = await newVisitor(db, w.site.publicKey);
        const { conversation } = await startConversation(db, v.actor);
        await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: `hi ${i}` });
        ids.push(conversation.id);
      }
      const op = w.operatorActor();
      const first = await listConversations(db, op, {});
      expect(first.conversations).toHaveLength(INBOX_PAGE_SIZE);
      expect(first.conversations[0]?.id).toBe(ids[ids.length - 1]);
      expect(first.conversations[0]?.lastMessage?.body).toBe(`hi ${ids.length - 1}`);
      const second = await listConversations(db, op, { cursor: first.nextCursor! });
      expect(second.nextCursor).toBeNull();
      const all = [...first.conversations, ...second.conversations].map((c) => c.id);
      expect(new Set(all).size).toBe(ids.length);
      expect(new Set(all)).toEqual(new Set(ids));
      await rejectsWith(listConversations(db, op, { cursor: "garbage" }), ErrorCodes.VALIDATION);

      await setConversationStatus(db, op, { conversationId: ids[0]!, status: "resolved" });
      const resolved = await listConversations(db, op, { status: "resolved" });
      expect(resolved.conversations.map((c) => c.id)).toEqual([ids[0]]);
    });

    it("reopens a resolved conversation when the visitor writes, and records the first operator reply", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: "help" });
      const answered = await sendMessage(db, w.operatorActor(), { conversationId: conversation.id, clientId: clientId(), body: "sure" });
      // The inbox preview knows whose reply it is, in the send's answer and when the conversation is read again.
      expect(answered.conversation.lastMessage).toMatchObject({ authorKind: "operator", authorId: w.operator.id, body: "sure" });
      expect((await getConversation(db, w.operatorActor(), conversation.id)).lastMessage).toMatchObject({ authorId: w.operator.id });
      const { conversation: resolved } = await setConversationStatus(db, w.operatorActor(), { conversationId: conversation.id, status: "resolved" });
      expect(resolved.status).toBe("resolved");
      const reopened = await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: "one more" });
      expect(reopened.conversation.status).toBe("open");
      expect(reopened.conversation.lastMessage).toMatchObject({ authorKind: "visitor", authorId: null });
      const [row] = await db.select().from(schema.conversations).where(eq(schema.conversations.id, conversation.id));
      expect(row?.firstOperatorReplyAt).toBeInstanceOf(Date);
      expect(row?.resolvedAt).toBeNull();
    });

    it("refuses to reopen an old conversation while a newer one is open", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const old = (await startConversation(db, v.actor)).conversation;
      await setConversationStatus(db, w.operatorActor(), { conversationId: old.id, status: "resolved" });
      const current = (await startConversation(db, v.actor)).conversation;
      expect(current.id).not.toBe(old.id);
      await rejectsWith(
        sendMessage(db, v.actor, { conversationId: old.id, clientId: clientId(), body: "late" }),
        ErrorCodes.CONVERSATION_CLOSED,
      );
      const sent = await sendMessage(db, v.actor, { conversationId: current.id, clientId: clientId(), body: "here" });
      expect(sent.message.seq).toBe(1);
    });

    it("does not let one author's retry id return another author's message", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const reply = await sendMessage(db, w.operatorActor(), { conversationId: conversation.id, clientId: clientId(), body: "op" });
      await rejectsWith(
        sendMessage(db, v.actor, { conversationId: conversation.id, clientId: reply.message.clientId, body: "mine" }),
        ErrorCodes.VALIDATION,
      );
    });

    it("cuts the inbox preview at whole characters", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const sent = await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body: "😀".repeat(300) });
      expect(sent.conversation.lastMessage?.body).toBe("😀".repeat(200));
    });

    it("finds messages by Japanese and English text, within the operator's workspace only", async () => {
      const w = await seedWorkspace(db);
      const other = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const say = (body: string) => sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body });
      await say("注文した商品の配送状況を教えてください");
      await say("配達員さんが送ってくれました"); // has 配 and 送, but not 配送
      await say("My parcel delivery is late, order #1234");
      await say("カタカナのデリバリーも大丈夫？");
      const ov = await newVisitor(db, other.site.publicKey);
      const oc = (await startConversation(db, ov.actor)).conversation;
      await sendMessage(db, ov.actor, { conversationId: oc.id, clientId: clientId(), body: "配送について別の会社" });

      const find = async (q: string) => (await searchMessages(db, w.operatorActor(), { q })).map((h) => h.message.body);
      expect(await find("配送")).toEqual(["注文した商品の配送状況を教えてください"]);
      expect(await find("配送状況")).toEqual(["注文した商品の配送状況を教えてください"]);
      expect(await find("デリバリー")).toEqual(["カタカナのデリバリーも大丈夫？"]);
      expect(await find("DELIV")).toEqual(["My parcel delivery is late, order #1234"]);
      expect(await find("parcel 1234")).toEqual(["My parcel delivery is late, order #1234"]);
      expect(await find("返品")).toEqual([]);
      const hits = await searchMessages(db, w.operatorActor(), { q: "注文" });
      expect(hits[0]?.conversation.id).toBe(conversation.id);
      expect(await searchMessages(db, other.operatorActor(), { q: "注文した" })).toEqual([]);
      await rejectsWith(searchMessages(db, w.operatorActor(), { q: "!!" }), ErrorCodes.VALIDATION);
    });

    it("finds English word forms: a plural finds the singular and back, deliveries finds delivery", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const say = (body: string) => sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body });
      await say("Where is my package?");
      await say("Two deliveries were missed");
      await say("The shipping was quick");
      const find = async (q: string) => (await searchMessages(db, w.operatorActor(), { q })).map((h) => h.message.body).sort();
      expect(await find("packages")).toEqual(["Where is my package?"]);
      expect(await find("package")).toEqual(["Where is my package?"]);
      expect(await find("delivery")).toEqual(["Two deliveries were missed"]);
      expect(await find("shipped")).toEqual(["The shipping was quick"]);
      expect(await find("packages missed")).toEqual([]);
    });

    it("returns the newest matches of a phrase found in thousands of messages", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      // More candidates than the search sorts: it walks the newest messages instead (see search-messages.ts).
      await db.execute(sql`
        insert into messages (workspace_id, conversation_id, seq, client_id, author_kind, body, created_at)
        select ${w.workspace.id}::uuid, ${conversation.id}::uuid, i, 'bulk-' || i, 'visitor',
          '配送状況の確認 ' || i, now() - ((3000 - i) || ' seconds')::interval
        from generate_series(1, 2500) as i`);
      const hits = await searchMessages(db, w.operatorActor(), { q: "配送状況", limit: 5 });
      expect(hits.map((h) => h.message.body)).toEqual([2500, 2499, 2498, 2497, 2496].map((i) => `配送状況の確認 ${i}`));
    });

    it("stores Japanese, emoji and markup exactly as written", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const body = "注文した商品がまだ届きません 🙏 <script>alert(1)</script>";
      const { message } = await sendMessage(db, v.actor, { conversationId: conversation.id, clientId: clientId(), body });
      const sync = await syncMessages(db, w.operatorActor(), { conversationId: conversation.id, afterSeq: 0 });
      expect(sync.messages[0]?.body).toBe(body);
      expect(message.body).toBe(body);
    });
  });
}
