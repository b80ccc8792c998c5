// Two server processes on one Postgres and one Redis: a visitor on node A, an operator on node B.
import type { Conversation, Message } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import {
  collectMessages,
  connectOperator,
  connectVisitor,
  eventually,
  request,
  signInCookie,
  type OperatorSocket,
} from "../support/clients";
import { clientId } from "../support/fixtures";
import type { NodeProcess } from "../support/node-process";
import { startTestNodes, type TestNodes } from "../support/test-nodes";
import { havePostgres, haveRedis } from "../support/services";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@multinode.test", password: "multinode-password" };

describe.skipIf(!ready)("two nodes over Redis and Postgres", () => {
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
    expect(await cluster.database.db.select().from(schema.workspaces)).toHaveLength(1); // seeded once by two nodes
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it("both nodes report Postgres and the Redis adapter", async () => {
    for (const node of [a, b]) {
      const health = await (await fetch(`${node.url}/api/health`)).json();
      expect(health.data.database).toMatch(/^postgres:\/\//);
      expect(health.data.bus).toMatch(/^redis adapter/);
    }
  });

  it("a visitor on A and an operator on B see each other's messages live, each once, ordered by seq", async () => {
    const { socket: visitor } = await connectVisitor(a.url, siteKey);
    track(visitor);
    const operator: OperatorSocket = track(await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password)));
    const updates: Conversation[] = [];
    operator.on("conversation:updated", (c) => updates.push(c));
    const atOperator = collectMessages(operator);
    const atVisitor = collectMessages(visitor);

    const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
    await eventually(() => updates.some((c) => c.id === conversation.id), "operator on B learns of the new conversation");

    const acked: Message[] = [];
    for (let i = 0; i < 20; i++) {
      const from = i % 2 === 0 ? visitor : operator;
      const res = await request<Message>(from, "message:send", { conversationId: conversation.id, clientId: clientId(), body: `message ${i}` });
      acked.push(res.data!);
    }
    const expected = acked.map((m) => m.id);
    await eventually(() => atOperator.length >= 20 && atVisitor.length >= 20, "both sides receive all 20");
    await new Promise((r) => setTimeout(r, 200)); // a duplicate would arrive in this window
    // Live events from two nodes may interleave (each node acks before it broadcasts); clients order by seq,
    // so what must hold is: every acknowledged message exactly once, and seq order equal to send order.
    const shown = (received: Message[]) => [...received].sort((x, y) => x.seq - y.seq).map((m) => m.id);
    expect(shown(atOperator)).toEqual(expected);
    expect(shown(atVisitor)).toEqual(expected);
    expect(acked.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("keeps a visitor's tabs on different nodes in sync", async () => {
    const tab1 = await connectVisitor(a.url, siteKey);
    const tab2 = await connectVisitor(b.url, siteKey, tab1.session.token);
    track(tab1.socket);
    track(tab2.socket);
    expect(tab2.session.visitor.id).toBe(tab1.session.visitor.id);
    const onTab2 = collectMessages(tab2.socket);
    const conversation = (await request<Conversation>(tab1.socket, "conversation:start", {})).data!;
    const sent = await request<Message>(tab1.socket, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "from tab 1" });
    await eventually(() => onTab2.some((m) => m.id === sent.data!.id), "tab 2 on node B shows tab 1's message");
  });

  it("an operator moving from B to A catches up on what was said meanwhile", async () => {
    const cookie = await signInCookie(a.url, ADMIN.email, ADMIN.password);
    const { socket: visitor } = await connectVisitor(a.url, siteKey);
    track(visitor);
    const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
    const onB: OperatorSocket = track(await connectOperator(b.url, cookie));
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "first" });
    const seen = await request(onB, "conversation:sync", { conversationId: conversation.id, afterSeq: 0 });
    const lastSeq = seen.data.conversation.lastSeq as number;
    onB.disconnect();
    for (let i = 0; i < 3; i++) await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: `meanwhile ${i}` });
    const onA: OperatorSocket = track(await connectOperator(a.url, cookie));
    const missed = await request(onA, "conversation:sync", { conversationId: conversation.id, afterSeq: lastSeq });
    expect(missed.data.messages.map((m: Message) => m.body)).toEqual(["meanwhile 0", "meanwhile 1", "meanwhile 2"]);
  });

  it("a retried send through the other node is stored once", async () => {
    const { socket: v1, session } = await connectVisitor(a.url, siteKey);
    const { socket: v2 } = await connectVisitor(b.url, siteKey, session.token);
    track(v1);
    track(v2);
    const conversation = (await request<Conversation>(v1, "conversation:start", {})).data!;
    const payload = { conversationId: conversation.id, clientId: clientId(), body: "sent twice" };
    const [x, y] = await Promise.all([request<Message>(v1, "message:send", payload), request<Message>(v2, "message:send", payload)]);
    expect(x.data!.id).toBe(y.data!.id);
    const all = await request(v1, "conversation:sync", { conversationId: conversation.id, afterSeq: 0 });
    expect(all.data.messages).toHaveLength(1);
  });
});
