// The same inbox setting changed over the socket (`inbox:setSettings`) and over REST (`PATCH /api/sites/:siteId/inbox`)
// on two nodes: both produce the same pushes to every console and the same drain of the waiting queue, because both
// call one command whose event reaches one realtime listener and one durable consumer.
import type { AssignmentEvent, Conversation, SiteInboxSettings } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, connectOperator, eventually, request, signInCookie, waitingVisitor, type OperatorSocket } from "../support/clients";
import type { NodeProcess } from "../support/node-process";
import { havePostgres, haveRedis } from "../support/services";
import { startTestNodes, type TestNodes } from "../support/test-nodes";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@settings-both-ways.test", password: "settings-both-ways-password" };

/** What one console heard, by push. */
function listenTo(socket: OperatorSocket) {
  const heard = { settings: [] as SiteInboxSettings[], assigned: [] as AssignmentEvent[] };
  socket.on("inbox:settings", (s) => heard.settings.push(s));
  socket.on("conversation:assigned", (e) => heard.assigned.push(e));
  return heard;
}

describe.skipIf(!ready)("inbox settings over REST and over the socket, on two nodes", () => {
  let cluster: TestNodes;
  let a: NodeProcess;
  let b: NodeProcess;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  /** Two visitors on `node` write, and wait unassigned (automatic assignment is off). */
  const waitingVisitors = async (node: NodeProcess) => {
    const list: Conversation[] = [];
    for (let i = 0; i < 2; i++) {
      const { socket, conversation } = await waitingVisitor(node.url, cluster.siteKey, `waiting ${i}`);
      sockets.push(socket);
      list.push(conversation);
    }
    return list;
  };

  it("turning automatic assignment on either way tells every console and hands out the waiting conversations", async () => {
    const cookieA = await signInCookie(a.url, ADMIN.email, ADMIN.password);
    const cookieB = await signInCookie(b.url, ADMIN.email, ADMIN.password);
    const onA = await connectOperator(a.url, cookieA);
    const onB = await connectOperator(b.url, cookieB);
    sockets.push(onA, onB);
    const [heardA, heardB] = [listenTo(onA), listenTo(onB)];

    const outcome = async (change: (siteId: string, on: boolean) => Promise<SiteInboxSettings>) => {
      const waiting = await waitingVisitors(a);
      const siteId = waiting[0]!.siteId;
      const before = { a: heardA.settings.length, b: heardB.settings.length };
      expect(await change(siteId, true)).toEqual({ siteId, autoAssign: true, capacity: 50, assignOnReply: true });
      const ids = waiting.map((c) => c.id);
      for (const heard of [heardA, heardB]) {
        await eventually(() => ids.every((id) => heard.assigned.some((e) => e.conversationId === id && e.reason === "auto")), "both consoles hear the drain", 10_000);
        await eventually(() => heard.settings.length > (heard === heardA ? before.a : before.b), "both consoles hear the new settings");
      }
      const pushes = [heardA.settings.at(-1), heardB.settings.at(-1)];
      const lists = await Promise.all([onA, onB].map((s) => request<{ conversations: Conversation[] }>(s, "conversation:list", { view: "unassigned" })));
      await change(siteId, false);
      return { pushes, unassignedLeft: lists.map((l) => l.data!.conversations.filter((c) => ids.includes(c.id)).length) };
    };

    const overSocket = await outcome(async (siteId, on) => (await request<SiteInboxSettings>(onA, "inbox:setSettings", { siteId, autoAssign: on, capacity: 50 })).data!);
    const overRest = await outcome(async (siteId, on) => {
      const res = await callApi(b.url, "PATCH", `/api/sites/${siteId}/inbox`, cookieB, { autoAssign: on, capacity: 50 });
      expect(res.status).toBe(200);
      return res.body.data.inbox as SiteInboxSettings;
    });
    expect(overRest).toEqual(overSocket);
    expect(overSocket.pushes).toEqual([overSocket.pushes[0], overSocket.pushes[0]]);
    expect(overSocket.unassignedLeft).toEqual([0, 0]);
  }, 60_000);
});
