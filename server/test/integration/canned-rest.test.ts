// `/api/canned` for the settings page, with real sockets: who may read and change canned responses, and that
// every change reaches the workspace's open consoles (and nobody else's) as `canned:changed`.
import type { CannedResponse } from "@kaiwa/shared";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import { callApi, connectOperator, eventually, request, signInCookie } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let a: Awaited<ReturnType<typeof seedWorkspace>>;
let b: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    a = await seedWorkspace(d.db);
    b = await seedWorkspace(d.db);
    // The operator of workspace b is a trainee: they read canned responses but change none.
    await d.db.update(schema.operators).set({ role: "trainee" }).where(eq(schema.operators.id, b.operator.id));
  });
});
afterAll(() => t?.close());

const call = (method: string, path: string, cookie: string | null, body?: unknown) => callApi(t.base, method, path, cookie, body);

it("adds, edits and deletes canned responses; consoles of the workspace follow live, others hear nothing", async () => {
  const admin = await signInCookie(t.base, a.admin.email, PASSWORD);
  const console = t.track(await connectOperator(t.base, await signInCookie(t.base, a.operator.email, PASSWORD)));
  const outsider = t.track(await connectOperator(t.base, await signInCookie(t.base, b.admin.email, PASSWORD)));
  const lists: CannedResponse[][] = [];
  console.on("canned:changed", (list) => lists.push(list));
  const outsiderHeard: string[] = [];
  outsider.onAny((event: string) => outsiderHeard.push(event));

  const created = await call("POST", "/api/canned", admin, { shortcut: "Refund", body: "Hello {{visitor.name}}, your refund is on its way." });
  expect(created.status).toBe(201);
  expect(created.body.data.canned).toMatchObject({ shortcut: "refund" });
  const id = created.body.data.canned.id as string;
  await eventually(() => lists.at(-1)?.some((c) => c.id === id) === true, "the open console gets the new one");
  expect((await request<CannedResponse[]>(console, "canned:list", {})).data!.map((c) => c.shortcut)).toEqual(["refund"]);

  const edited = await call("PATCH", `/api/canned/${id}`, admin, { shortcut: "返金", body: "返金の手続きを承りました。" });
  expect(edited.body.data.canned).toMatchObject({ id, shortcut: "返金" });
  await eventually(() => lists.at(-1)?.[0]?.shortcut === "返金", "the console follows the edit");

  // Saved from a console over the socket: the page's list and the other consoles follow too.
  const colleague = t.track(await connectOperator(t.base, admin));
  const fromConsole = await request<CannedResponse>(colleague, "canned:save", { shortcut: "hours", body: "We answer 9:00-18:00." });
  await eventually(() => lists.at(-1)?.some((c) => c.id === fromConsole.data!.id) === true, "a console's save reaches the others");
  expect((await call("GET", "/api/canned", admin)).body.data.canned.map((c: CannedResponse) => c.shortcut)).toEqual(["hours", "返金"]);

  expect((await call("DELETE", `/api/canned/${id}`, admin)).status).toBe(200);
  await eventually(() => lists.at(-1)?.length === 1, "the console drops the deleted one");
  expect(outsiderHeard.filter((e) => e === "canned:changed")).toEqual([]);
});

it("is for signed-in operators of the workspace; trainees only read; bodies are validated", async () => {
  const admin = await signInCookie(t.base, a.admin.email, PASSWORD);
  const trainee = await signInCookie(t.base, b.operator.email, PASSWORD);
  const outsider = await signInCookie(t.base, b.admin.email, PASSWORD);
  const mine = (await call("POST", "/api/canned", admin, { shortcut: "thanks", body: "Thank you!" })).body.data.canned as CannedResponse;

  expect((await call("GET", "/api/canned", null)).status).toBe(401);
  expect((await call("GET", "/api/canned", outsider)).body.data.canned.map((c: CannedResponse) => c.id)).not.toContain(mine.id);
  expect((await call("PATCH", `/api/canned/${mine.id}`, outsider, { shortcut: "x", body: "taken over" })).body.error?.code).toBe("NOT_FOUND");
  expect((await call("DELETE", `/api/canned/${mine.id}`, outsider)).body.error?.code).toBe("NOT_FOUND");
  expect((await call("DELETE", "/api/canned/not-an-id", admin)).body.error?.code).toBe("NOT_FOUND");

  expect((await call("GET", "/api/canned", trainee)).status).toBe(200);
  expect((await call("POST", "/api/canned", trainee, { shortcut: "mine", body: "no" })).body.error?.code).toBe("FORBIDDEN");

  for (const bad of [{ shortcut: "has space", body: "x" }, { shortcut: "ok", body: "   " }, { shortcut: "ok" }, { shortcut: "ok", body: "x", extra: 1 }, "{broken"]) {
    expect((await call("POST", "/api/canned", admin, bad)).body.error?.code).toBe("VALIDATION");
  }
  expect((await call("POST", "/api/canned", admin, { shortcut: "THANKS", body: "again" })).body.error?.code).toBe("VALIDATION"); // shortcut taken
  expect((await call("GET", "/api/canned", admin)).body.data.canned.find((c: CannedResponse) => c.id === mine.id)).toMatchObject({ body: "Thank you!" });
});
