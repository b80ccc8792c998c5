// kill -9 of the node that committed a change before anything reacted to it: the durable event is handled, once,
// by a surviving node. Node A runs without an outbox worker (OUTBOX_WORKER=off, as a web dyno beside worker dynos
// would), so the reaction cannot have happened on A before it dies; nodes B and C both run workers and race for it.
import type { AssignmentEvent, Conversation } from "@kaiwa/shared";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import { connectOperator, eventually, request, signInCookie, waitingVisitor, type OperatorSocket } from "../support/clients";
import type { NodeProcess } from "../support/node-process";
import { havePostgres, haveRedis } from "../support/services";
import { startTestNodes, type TestNodes } from "../support/test-nodes";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@outbox-kill.test", password: "outbox-kill-password" };

describe.skipIf(!ready)("kill -9 between commit and reaction", () => {
  let cluster: TestNodes;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, [{ OUTBOX_WORKER: "off" }, {}, {}]);
  }, 90_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it("a surviving node drains the waiting queue once when the node that turned automatic assignment on dies", async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    // An operator online on B; three visitors waiting (automatic assignment is off, so they stay unassigned).
    const onB: OperatorSocket = await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password));
    sockets.push(onB);
    const assigned: AssignmentEvent[] = [];
    onB.on("conversation:assigned", (e) => assigned.push(e));
    const waiting: Conversation[] = [];
    for (let i = 0; i < 3; i++) {
      const { socket, conversation } = await waitingVisitor(b.url, cluster.siteKey, `waiting ${i}`);
      sockets.push(socket);
      waiting.push(conversation);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(assigned).toEqual([]);

    // The admin on A turns automatic assignment on; A dies the moment the commit is acknowledged.
    const onA: OperatorSocket = await connectOperator(a.url, await signInCookie(a.url, ADMIN.email, ADMIN.password));
    sockets.push(onA);
    const siteId = waiting[0]!.siteId;
    const answer = await request(onA, "inbox:setSettings", { siteId, autoAssign: true, capacity: 10 });
    a.child.kill("SIGKILL");
    expect(answer.data).toMatchObject({ siteId, autoAssign: true, capacity: 10 });

    // B or C finds the event in the outbox and hands the three waiting conversations to the online operator.
    const ids = waiting.map((c) => c.id);
    await eventually(() => ids.every((id) => assigned.some((e) => e.conversationId === id && e.reason === "auto")), "the waiting conversations are assigned", 15_000);
    await new Promise((r) => setTimeout(r, 1500)); // time for a second, wrong handling to show up

    const { db } = cluster.database;
    const periods = await db
      .select({ conversationId: schema.conversationAssignments.conversationId })
      .from(schema.conversationAssignments)
      .where(inArray(schema.conversationAssignments.conversationId, ids));
    expect(periods.map((p) => p.conversationId).sort()).toEqual([...ids].sort());
    expect(assigned.filter((e) => ids.includes(e.conversationId))).toHaveLength(3);
    const deliveries = await db
      .select({ status: schema.outboxDeliveries.status, attempts: schema.outboxDeliveries.attempts })
      .from(schema.outboxDeliveries)
      .innerJoin(schema.outboxEvents, eq(schema.outboxEvents.position, schema.outboxDeliveries.eventPosition))
      .where(and(eq(schema.outboxEvents.type, "inbox.settings_changed"), eq(schema.outboxDeliveries.consumer, "automatic-assignment")));
    expect(deliveries).toEqual([{ status: "done", attempts: 1 }]);
    const { rows } = (await db.execute(sql`select count(*)::int as n from outbox_deliveries where status <> 'done'`)) as unknown as { rows: { n: number }[] };
    const n = rows[0]?.n;
    expect(n).toBe(0);
  }, 60_000);
});
