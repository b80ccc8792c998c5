// The inbox across two server processes on one Postgres and one Redis: counts and assignments reach every node.
import type { AssignmentEvent, Conversation, InboxCounts } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectOperator, connectVisitor, eventually, request, signInCookie, type OperatorSocket } from "../support/clients";
import { clientId } from "../support/fixtures";
import type { NodeProcess } from "../support/node-process";
import { startTestNodes, type TestNodes } from "../support/test-nodes";
import { havePostgres, haveRedis } from "../support/services";
import { schema } from "../../src/db/client";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@inbox-multinode.test", password: "inbox-multinode-password" };

describe.skipIf(!ready)("inbox on two nodes", () => {
  let cluster: TestNodes;
  let a: NodeProcess;
  let b: NodeProcess;
  let siteKey: string;
  const sockets: { disconnect(): unknown }[] = [];
  const track = <T extends { disconnect(): unknown }>(s: T) => (sockets.push(s), s);

  beforeAll(async () => {
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    siteKey = cluster.siteKey;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it("pushes view counts and assignments made on one node to operators on the other", async () => {
    const onA: OperatorSocket = track(await connectOperator(a.url, await signInCookie(a.url, ADMIN.email, ADMIN.password)));
    const onB: OperatorSocket = track(await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password)));
    const countsAtB: InboxCounts[] = [];
    const assignedAtB: AssignmentEvent[] = [];
    onB.on("inbox:counts", (c) => countsAtB.push(c));
    onB.on("conversation:assigned", (e) => assignedAtB.push(e));
    const initial = (await request<InboxCounts>(onB, "inbox:counts", {})).data!;
    expect(initial).toMatchObject({ unassigned: 0, open: 0 });

    // A visitor on A starts a conversation: B's counts follow.
    const { socket: visitor } = await connectVisitor(a.url, siteKey);
    track(visitor);
    const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "こんにちは" });
    await eventually(() => countsAtB.at(-1)?.unassigned === 1, "B hears the new unassigned conversation");

    // The operator on A claims it: B hears who and the counts move from Unassigned to the assignee.
    const [me] = (await request<{ id: string }[]>(onA, "operator:list", {})).data!;
    const claimed = await request<Conversation>(onA, "conversation:assign", { conversationId: conversation.id, operatorId: me!.id });
    expect(claimed.data?.assigneeId).toBe(me!.id);
    await eventually(() => assignedAtB.some((e) => e.conversationId === conversation.id && e.reason === "claim"), "B hears the claim");
    await eventually(() => countsAtB.at(-1)?.unassigned === 0 && countsAtB.at(-1)?.byAssignee[me!.id] === 1, "B's counts follow the claim");

    // The Mine view on B lists it; Unassigned no longer does.
    const mine = await request<{ conversations: Conversation[] }>(onB, "conversation:list", { view: "mine" });
    expect(mine.data!.conversations.map((c) => c.id)).toEqual([conversation.id]);
    const unassigned = await request<{ conversations: Conversation[] }>(onB, "conversation:list", { view: "unassigned" });
    expect(unassigned.data!.conversations).toEqual([]);

    // A bad payload is refused without a broadcast.
    const bad = await request(onA, "conversation:assign", { conversationId: conversation.id, operatorId: "not-a-uuid" });
    expect(bad.error?.code).toBe("VALIDATION");
  });

  it("assigns a new conversation automatically to an online operator when the site turns it on", async () => {
    const onA: OperatorSocket = track(await connectOperator(a.url, await signInCookie(a.url, ADMIN.email, ADMIN.password)));
    const onB: OperatorSocket = track(await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password)));
    const assignedAtB: AssignmentEvent[] = [];
    onB.on("conversation:assigned", (e) => assignedAtB.push(e));
    const [me] = (await request<{ id: string }[]>(onA, "operator:list", {})).data!;
    const { socket: visitor } = await connectVisitor(a.url, siteKey);
    track(visitor);
    const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
    const settings = await request(onA, "inbox:setSettings", { siteId: conversation.siteId, autoAssign: true, capacity: 3 });
    expect(settings.data).toEqual({ siteId: conversation.siteId, autoAssign: true, capacity: 3, assignOnReply: true });
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "help please" });
    await eventually(() => assignedAtB.some((e) => e.conversationId === conversation.id && e.reason === "auto" && e.operatorId === me!.id), "B hears the automatic assignment");

    // At capacity (the claim of the first test and this one: 2 of 2), a new conversation waits in Unassigned...
    await request(onA, "inbox:setSettings", { siteId: conversation.siteId, capacity: 2 });
    const other = await connectVisitor(b.url, siteKey);
    track(other.socket);
    const waiting = (await request<Conversation>(other.socket, "conversation:start", {})).data!;
    await request(other.socket, "message:send", { conversationId: waiting.id, clientId: clientId(), body: "still waiting" });
    const unassigned = await request<{ conversations: Conversation[] }>(onB, "conversation:list", { view: "unassigned" });
    expect(unassigned.data!.conversations.map((c) => c.id)).toContain(waiting.id);
    // ...until the operator resolves one: the longest waiting conversation then goes to them.
    await request(onB, "conversation:setStatus", { conversationId: conversation.id, status: "resolved" });
    await eventually(() => assignedAtB.some((e) => e.conversationId === waiting.id && e.reason === "auto" && e.operatorId === me!.id), "the waiting conversation is assigned once there is room");

    // Full again (2 of 2); a third visitor waits. Transferring one away to a colleague (offline, so never
    // picked automatically) frees room on the transferring node's side: the waiting one comes to me.
    const [workspace] = await cluster.database.db.select().from(schema.workspaces).limit(1);
    const [colleague] = await cluster.database.db
      .insert(schema.operators)
      .values({ workspaceId: workspace!.id, email: "colleague@inbox-multinode.test", name: "Colleague", passwordHash: "unused" })
      .returning();
    const third = await connectVisitor(a.url, siteKey);
    track(third.socket);
    const third1 = (await request<Conversation>(third.socket, "conversation:start", {})).data!;
    await request(third.socket, "message:send", { conversationId: third1.id, clientId: clientId(), body: "me too" });
    await new Promise((r) => setTimeout(r, 300));
    expect(assignedAtB.some((e) => e.conversationId === third1.id)).toBe(false);
    const moved = await request<Conversation>(onB, "conversation:assign", { conversationId: waiting.id, operatorId: colleague!.id, note: "yours" });
    expect(moved.data?.assigneeId).toBe(colleague!.id);
    await eventually(() => assignedAtB.some((e) => e.conversationId === third1.id && e.reason === "auto" && e.operatorId === me!.id), "a transfer frees capacity for the waiting one");
  });

  it("never gives an operator more than their capacity when many conversations arrive at once on both nodes", async () => {
    const admin: OperatorSocket = track(await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password)));
    const [me] = (await request<{ id: string }[]>(admin, "operator:list", {})).data!;
    const list = async (view: string) => (await request<{ conversations: Conversation[] }>(admin, "conversation:list", { view })).data!.conversations;
    // Start from nothing held: resolve everything open.
    for (const c of await list("open")) await request(admin, "conversation:setStatus", { conversationId: c.id, status: "resolved" });
    const starts = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const v = track((await connectVisitor(i % 2 ? a.url : b.url, siteKey)).socket);
        return { v, conversation: (await request<Conversation>(v, "conversation:start", {})).data! };
      }),
    );
    await request(admin, "inbox:setSettings", { siteId: starts[0]!.conversation.siteId, autoAssign: true, capacity: 4 });
    await Promise.all(starts.map(({ v, conversation }) => request(v, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "at once" })));
    // Every message has been handled once all twelve are either mine or waiting; then nothing more may move.
    const held = async () => (await list("open")).filter((c) => c.assigneeId === me!.id).length;
    for (let i = 0; i < 50 && (await held()) < 4; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(await held()).toBe(4);
    expect(await list("unassigned")).toHaveLength(8);
  });
});
