// Two real nodes over one Postgres and one Redis: deactivating an operator on node A cuts their
// sockets on node B; a trainee's draft on node B reaches a supervisor on node A, never the visitor, and the
// approval on A reaches the visitor on B.
import { ErrorCodes, type Draft, type Message } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, schema, type Database } from "../../src/db/client";
import { hashPassword } from "../../src/domain/auth/password";
import { collectMessages, connectOperator, connectVisitor, eventually, request, signInCookie } from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startNode, type NodeProcess } from "../support/node-process";
import { createTestDatabase, havePostgres, haveRedis, REDIS_URL } from "../support/services";

const ready = (await havePostgres()) && (await haveRedis());

describe.skipIf(!ready)("accounts and roles on two nodes", () => {
  let drop: () => Promise<void>;
  let database: Database;
  let a: NodeProcess;
  let b: NodeProcess;
  let w: Awaited<ReturnType<typeof seedWorkspace>>;
  const closers: { disconnect(): unknown }[] = [];

  /** An operator of w with `role`, inserted directly (the invitation flow has its own tests). */
  async function operator(role: "supervisor" | "trainee" | "operator") {
    const email = `${role}-${clientId().slice(0, 8)}@example.com`;
    const [row] = await database.db
      .insert(schema.operators)
      .values({ workspaceId: w.workspace.id, email, name: role, role, passwordHash: await hashPassword(PASSWORD) })
      .returning();
    return { id: row!.id, email };
  }

  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    database = await openPostgres({ url: test.url });
    await database.migrate();
    w = await seedWorkspace(database.db);
    const env = { DATABASE_URL: test.url, REDIS_URL, SERVE_WEB: "false", ADMIN_PASSWORD: "irrelevant-password" };
    [a, b] = await Promise.all([startNode(env), startNode(env)]);
  }, 120_000);

  afterAll(async () => {
    for (const s of closers) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await drop?.();
  });

  it("deactivating an operator on one node disconnects their sockets on the other", async () => {
    const op = await operator("operator");
    const cookie = await signInCookie(b.url, op.email, PASSWORD);
    const socket = await connectOperator(b.url, cookie);
    closers.push(socket);
    let reason = "";
    socket.on("disconnect", (r) => (reason = r));
    const admin = await signInCookie(a.url, w.admin.email, PASSWORD);
    const res = await fetch(`${a.url}/api/operators/${op.id}`, {
      method: "PATCH",
      headers: { cookie: admin, "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);
    await eventually(() => reason === "io server disconnect", "node B cuts the socket");
    await expect(connectOperator(b.url, cookie)).rejects.toMatchObject({ data: { code: ErrorCodes.UNAUTHENTICATED } });
  });

  it("a trainee's draft crosses nodes to operators only; the approval reaches the visitor on the other node", async () => {
    const trainee = await operator("trainee");
    const supervisor = await operator("supervisor");
    const { socket: visitor } = await connectVisitor(b.url, w.site.publicKey);
    closers.push(visitor);
    const visitorGot = collectMessages(visitor);
    const visitorDrafts: unknown[] = [];
    visitor.onAny((event) => event.startsWith("draft:") && visitorDrafts.push(event));
    const conversation = (await request(visitor, "conversation:start", {})).data;

    const traineeSocket = await connectOperator(b.url, await signInCookie(b.url, trainee.email, PASSWORD));
    const supervisorSocket = await connectOperator(a.url, await signInCookie(a.url, supervisor.email, PASSWORD));
    closers.push(traineeSocket, supervisorSocket);
    const drafts: Draft[] = [];
    supervisorSocket.on("draft:updated", (d) => drafts.push(d));

    const held = await request(traineeSocket, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "held reply" });
    expect(held.error?.code).toBe(ErrorCodes.HELD_FOR_APPROVAL);
    await eventually(() => drafts.length === 1, "the supervisor on node A hears of the draft");
    expect((await request(supervisorSocket, "draft:review", { draftId: drafts[0]!.id, decision: "approve" })).data?.status).toBe("approved");
    await eventually(() => visitorGot.some((m: Message) => m.body === "held reply"), "the visitor on node B receives the approved reply");
    expect(visitorGot.find((m) => m.body === "held reply")).toMatchObject({ authorId: trainee.id, seq: 1 });
    expect(visitorDrafts).toEqual([]);
  });
});
