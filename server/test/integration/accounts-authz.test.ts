// Authorization over real REST and sockets: an operator of one workspace gets nothing of another's,
// a trainee cannot send directly (the reply is held as a draft the visitor never receives), only admins change
// settings; invitations, deactivation (sockets cut) and password reset through the mailed links.
import { ErrorCodes, type Draft, type Message } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryMailer } from "../../src/mail/mailer";
import { callApi, collectMessages, connectOperator, connectVisitor, eventually, type OperatorSocket, postJson, request, signInCookie } from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let base: string;
let a: Awaited<ReturnType<typeof seedWorkspace>>;
let b: Awaited<ReturnType<typeof seedWorkspace>>;
const mailer = memoryMailer();

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    a = await seedWorkspace(d.db);
    b = await seedWorkspace(d.db);
  }, { mailer });
  base = t.base;
});
afterAll(() => t?.close());

const call = (method: string, path: string, cookie: string | null, body?: unknown) => callApi(base, method, path, cookie, body);

const tokenOf = (link: string) => new URL(link).hash.replace("#token=", "");
const lastLinkTo = (email: string) => {
  const mail = [...mailer.sent].reverse().find((m) => m.to === email);
  return /https?:\/\/\S+/.exec(mail?.text ?? "")?.[0] ?? "";
};

/** Invite through the REST API as w's admin, accept through the mailed link, sign in: the new operator's cookie. */
async function newOperator(w: typeof a, role: "supervisor" | "operator" | "trainee") {
  const admin = await signInCookie(base, w.admin.email, PASSWORD);
  const email = `${role}-${clientId().slice(0, 8)}@example.com`;
  const invited = await call("POST", "/api/operators/invitations", admin, { email, name: `A ${role}`, role });
  expect(invited.status).toBe(200);
  expect(lastLinkTo(email)).toBe(invited.body.data.link);
  const accepted = await postJson(base, "/api/auth/invitations/accept", { token: tokenOf(lastLinkTo(email)), password: PASSWORD });
  expect(accepted.body.data?.operator).toMatchObject({ email, role });
  return { cookie: await signInCookie(base, email, PASSWORD), email, id: accepted.body.data!.operator.id as string };
}

describe("authorization over REST and sockets", () => {
  it("an operator of one workspace gets nothing of another's", async () => {
    const visitor = t.track((await connectVisitor(base, a.site.publicKey)).socket);
    const conversation = (await request(visitor, "conversation:start", {})).data;
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "secret of A" });

    const bAdmin = await signInCookie(base, b.admin.email, PASSWORD);
    const bSocket = t.track(await connectOperator(base, bAdmin));
    const bSeen = collectMessages(bSocket);
    const list = await request(bSocket, "conversation:list", {});
    expect(list.data.conversations.map((c: { id: string }) => c.id)).not.toContain(conversation.id);
    for (const [event, payload] of [
      ["conversation:sync", { conversationId: conversation.id, afterSeq: 0 }],
      ["conversation:history", { conversationId: conversation.id }],
      ["conversation:setStatus", { conversationId: conversation.id, status: "resolved" }],
      ["message:send", { conversationId: conversation.id, clientId: clientId(), body: "intrusion" }],
      ["draft:list", { conversationId: conversation.id }],
    ] as const) {
      expect((await request(bSocket, event, payload)).error?.code, event).toBe(ErrorCodes.CONVERSATION_NOT_FOUND);
    }
    expect((await call("PATCH", `/api/operators/${a.operator.id}`, bAdmin, { active: false })).body.error?.code).toBe(ErrorCodes.NOT_FOUND);
    expect((await call("GET", `/api/sites/${a.site.id}/widget`, bAdmin)).status).toBe(404);
    const bOperators = (await call("GET", "/api/operators", bAdmin)).body.data.operators.map((o: { id: string }) => o.id);
    expect(bOperators).not.toContain(a.operator.id);
    const audit = (await call("GET", "/api/audit", bAdmin)).body.data.entries as { targetId: string }[];
    expect(audit.every((e) => e.targetId !== a.operator.id)).toBe(true);
    // A's next message reaches A's operators only.
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "second secret" });
    const aSocket = t.track(await connectOperator(base, await signInCookie(base, a.operator.email, PASSWORD)));
    expect((await request(aSocket, "conversation:sync", { conversationId: conversation.id, afterSeq: 0 })).data.messages).toHaveLength(2);
    expect(bSeen).toEqual([]);
  });

  it("only admins change settings, invite, change roles and read the audit log", async () => {
    const supervisor = await newOperator(a, "supervisor");
    const operator = await signInCookie(base, a.operator.email, PASSWORD);
    const admin = await signInCookie(base, a.admin.email, PASSWORD);
    for (const cookie of [supervisor.cookie, operator]) {
      expect((await call("PATCH", `/api/sites/${a.site.id}/widget`, cookie, { greeting: "changed" })).status).toBe(403);
      expect((await call("PUT", "/api/early-access", cookie, { optedIn: true })).status).toBe(403);
      expect((await call("POST", "/api/operators/invitations", cookie, { email: "x@example.com", name: "X", role: "admin" })).status).toBe(403);
      expect((await call("PATCH", `/api/operators/${a.operator.id}`, cookie, { role: "admin" })).status).toBe(403);
      expect((await call("GET", "/api/audit", cookie)).status).toBe(403);
    }
    expect((await call("PATCH", `/api/sites/${a.site.id}/widget`, admin, { greeting: "changed" })).status).toBe(200);
    const audit = (await call("GET", "/api/audit", admin)).body.data.entries as { action: string; targetId: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "operator.joined", targetId: supervisor.id }));
  });

  it("a trainee cannot send directly: the reply is a draft the visitor never receives until a supervisor approves it", async () => {
    const trainee = await newOperator(a, "trainee");
    const supervisor = await newOperator(a, "supervisor");
    const { socket: visitor } = await connectVisitor(base, a.site.publicKey);
    t.track(visitor);
    const visitorGot = collectMessages(visitor);
    const conversation = (await request(visitor, "conversation:start", {})).data;
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "help me" });

    const traineeSocket = t.track(await connectOperator(base, trainee.cookie));
    const supervisorSocket: OperatorSocket = t.track(await connectOperator(base, supervisor.cookie));
    const drafts: Draft[] = [];
    supervisorSocket.on("draft:updated", (d) => drafts.push(d));
    const operatorGot = collectMessages(supervisorSocket);

    const held = await request(traineeSocket, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "Draft one" });
    expect(held.error?.code).toBe(ErrorCodes.HELD_FOR_APPROVAL);
    await eventually(() => drafts.some((d) => d.body === "Draft one" && d.status === "pending"), "the supervisor hears of the draft");
    const rejectedOne = await request(traineeSocket, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "Draft two" });
    expect(rejectedOne.error?.code).toBe(ErrorCodes.HELD_FOR_APPROVAL);
    const listed = (await request(traineeSocket, "draft:list", { conversationId: conversation.id })).data as Draft[];
    expect(listed.map((d) => d.body)).toEqual(["Draft one", "Draft two"]);
    const [one, two] = listed as [Draft, Draft];

    expect((await request(traineeSocket, "draft:review", { draftId: one.id, decision: "approve" })).error?.code).toBe(ErrorCodes.FORBIDDEN);
    const plain = t.track(await connectOperator(base, await signInCookie(base, a.operator.email, PASSWORD)));
    expect((await request(plain, "draft:review", { draftId: one.id, decision: "approve" })).error?.code).toBe(ErrorCodes.FORBIDDEN);

    const approved = await request(supervisorSocket, "draft:review", { draftId: one.id, decision: "approve" });
    expect(approved.data).toMatchObject({ status: "approved" });
    await eventually(() => visitorGot.some((m) => m.body === "Draft one"), "the visitor receives the approved draft");
    const sent = visitorGot.find((m) => m.body === "Draft one") as Message;
    expect(sent).toMatchObject({ authorKind: "operator", authorId: trainee.id, seq: 2 });
    await eventually(() => operatorGot.some((m) => m.body === "Draft one"), "operators receive it too");

    const rejected = await request(supervisorSocket, "draft:review", { draftId: two.id, decision: "reject", comment: "Please check the hours first" });
    expect(rejected.data).toMatchObject({ status: "rejected", reviewComment: "Please check the hours first" });
    await eventually(() => drafts.some((d) => d.id === two.id && d.status === "rejected"), "the rejection is pushed");

    const sync = await request(visitor, "conversation:sync", { conversationId: conversation.id, afterSeq: 0 });
    expect(sync.data.messages.map((m: Message) => m.body)).toEqual(["help me", "Draft one"]);
    expect(visitorGot.map((m) => m.body)).not.toContain("Draft two");
  });

  it("deactivating an operator ends their sessions and cuts their sockets", async () => {
    const op = await newOperator(a, "operator");
    const socket = t.track(await connectOperator(base, op.cookie));
    let cut = false;
    socket.on("disconnect", () => (cut = true));
    const admin = await signInCookie(base, a.admin.email, PASSWORD);
    expect((await call("PATCH", `/api/operators/${op.id}`, admin, { active: false })).body.data.operator.active).toBe(false);
    await eventually(() => cut, "the socket is disconnected");
    expect((await call("GET", "/api/auth/me", op.cookie)).status).toBe(401);
    expect((await postJson(base, "/api/auth/login", { email: op.email, password: PASSWORD })).status).toBe(401);
    await expect(connectOperator(base, op.cookie)).rejects.toBeDefined();
  });

  it("resets a forgotten password through the mailed link, once", async () => {
    const op = await newOperator(a, "operator");
    const unknown = await postJson(base, "/api/auth/password-reset/request", { email: "nobody@example.com" });
    const known = await postJson(base, "/api/auth/password-reset/request", { email: op.email });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    expect(unknown.body).toEqual(known.body);
    const link = lastLinkTo(op.email);
    expect(link).toMatch(/\/reset-password#token=/);
    const reset = await postJson(base, "/api/auth/password-reset", { token: tokenOf(link), newPassword: "a brand new password" });
    expect(reset.status).toBe(200);
    expect((await call("GET", "/api/auth/me", op.cookie)).status).toBe(401);
    await signInCookie(base, op.email, "a brand new password");
    const again = await postJson(base, "/api/auth/password-reset", { token: tokenOf(link), newPassword: "another new password" });
    expect(again.body.error?.code).toBe(ErrorCodes.LINK_INVALID);
  });

  it("limits reset requests per address, so a mailbox cannot be flooded", async () => {
    const email = `flood-${clientId().slice(0, 8)}@example.com`;
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await postJson(base, "/api/auth/password-reset/request", { email })).status);
    expect(answers.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(answers[10]).toBe(429);
  });

  it("changes the password of the signed-in operator", async () => {
    const op = await newOperator(a, "operator");
    expect((await call("POST", "/api/auth/password", op.cookie, { currentPassword: "wrong", newPassword: "long enough password" })).status).toBe(401);
    expect((await call("POST", "/api/auth/password", op.cookie, { currentPassword: PASSWORD, newPassword: "long enough password" })).status).toBe(200);
    expect((await call("GET", "/api/auth/me", op.cookie)).status).toBe(200);
    await signInCookie(base, op.email, "long enough password");
  });
});
