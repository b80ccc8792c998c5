// /api/tags over real REST on one node (PGlite), with real operator sockets: who may call it, what it validates,
// and the `conversation:tags` pushes a rename or delete sends to the workspace's consoles (and to no other).
import { ErrorCodes, type WorkspaceTag } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, connectOperator, connectVisitor, eventually, request, signInCookie } from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let a: Awaited<ReturnType<typeof seedWorkspace>>;
let b: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    a = await seedWorkspace(d.db);
    b = await seedWorkspace(d.db);
  });
});
afterAll(() => t?.close());

const call = (method: string, path: string, cookie: string | null, body?: unknown) => callApi(t.base, method, path, cookie, body);
const tagPath = (name: string) => `/api/tags/${encodeURIComponent(name)}`;

describe("/api/tags", () => {
  it("answers signed-in operators only; only admins change tags; bodies are validated", async () => {
    expect((await call("GET", "/api/tags", "")).status).toBe(401);
    const admin = await signInCookie(t.base, a.admin.email, PASSWORD);
    const operator = await signInCookie(t.base, a.operator.email, PASSWORD);
    const created = await call("POST", "/api/tags", admin, { name: " 返品 ", color: "#16A34A", description: "Returns" });
    expect(created.status).toBe(200);
    expect(created.body.data.tag).toMatchObject({ name: "返品", color: "#16a34a", description: "Returns", defined: true, openConversations: 0 });
    expect((await call("POST", "/api/tags", admin, { name: "返品" })).body.error?.code).toBe(ErrorCodes.VALIDATION);
    expect((await call("POST", "/api/tags", admin, { name: "x", color: "red" })).status).toBe(400);
    expect((await call("POST", "/api/tags", admin, { name: "x", extra: 1 })).status).toBe(400);
    expect((await call("POST", "/api/tags", admin, "{not json")).body.error?.code).toBe(ErrorCodes.VALIDATION);
    expect((await call("PATCH", tagPath("返品"), admin, {})).status).toBe(400);
    // An operator reads the list (the console suggests it) but changes nothing.
    expect((await call("GET", "/api/tags", operator)).body.data.tags.map((x: WorkspaceTag) => x.name)).toEqual(["返品"]);
    expect((await call("POST", "/api/tags", operator, { name: "mine" })).body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await call("PATCH", tagPath("返品"), operator, { color: "#000000" })).status).toBe(403);
    expect((await call("DELETE", tagPath("返品"), operator)).status).toBe(403);
    // Workspace B's admin sees none of A's tags and cannot reach them.
    const bAdmin = await signInCookie(t.base, b.admin.email, PASSWORD);
    expect((await call("GET", "/api/tags", bAdmin)).body.data.tags).toEqual([]);
    expect((await call("PATCH", tagPath("返品"), bAdmin, { name: "leak" })).status).toBe(404);
    expect((await call("DELETE", tagPath("返品"), bAdmin)).status).toBe(404);
    expect((await call("GET", "/api/tags", admin)).body.data.tags).toHaveLength(1);
  });

  it("a rename and a delete push the conversations' new tags to the workspace's consoles only", async () => {
    const admin = await signInCookie(t.base, a.admin.email, PASSWORD);
    const { socket: visitor } = await connectVisitor(t.base, a.site.publicKey);
    t.track(visitor);
    const conversation = (await request(visitor, "conversation:start", {})).data;
    await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "where is my parcel" });

    const aConsole = t.track(await connectOperator(t.base, await signInCookie(t.base, a.operator.email, PASSWORD)));
    const bConsole = t.track(await connectOperator(t.base, await signInCookie(t.base, b.admin.email, PASSWORD)));
    const aSeen: { conversationId: string; tags: string[] }[] = [];
    const bSeen: unknown[] = [];
    aConsole.on("conversation:tags", (m) => aSeen.push(m));
    bConsole.on("conversation:tags", (m) => bSeen.push(m));
    expect((await request(aConsole, "conversation:setTags", { conversationId: conversation.id, tags: ["Shipping", "vip"] })).data.tags).toEqual(["shipping", "vip"]);

    expect((await call("POST", "/api/tags", admin, { name: "delivery", color: "#2563eb" })).status).toBe(200);
    const renamed = await call("PATCH", tagPath("Shipping"), admin, { name: "Delivery" });
    expect(renamed.body.data).toMatchObject({ tag: { name: "delivery", color: "#2563eb", openConversations: 1 }, conversations: 1 });
    await eventually(() => aSeen.some((m) => m.conversationId === conversation.id && m.tags.join() === "delivery,vip"), "A's console hears of the rename");

    expect((await call("DELETE", tagPath("delivery"), admin)).body.data).toEqual({ conversations: 1 });
    await eventually(() => aSeen.some((m) => m.conversationId === conversation.id && m.tags.join() === "vip"), "A's console hears of the delete");
    const listed = (await request(aConsole, "conversation:list", { view: "open" })).data as { marks?: { conversationId: string; tags: string[] }[] };
    expect(listed.marks?.find((m) => m.conversationId === conversation.id)?.tags).toEqual(["vip"]);
    expect(bSeen).toEqual([]);
  });
});
