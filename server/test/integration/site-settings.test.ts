// The sites REST API on one real node (PGlite in memory): list, create, widget and inbox settings, and who may
// do what: an operator of another workspace sees nothing, a non-admin may list but not read or change settings.
import { ErrorCodes } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, signInCookie } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let a: Awaited<ReturnType<typeof seedWorkspace>>;
let b: Awaited<ReturnType<typeof seedWorkspace>>;
let aAdmin: string;
let aOperator: string;
let bAdmin: string;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    a = await seedWorkspace(d.db);
    b = await seedWorkspace(d.db);
  });
  [aAdmin, aOperator, bAdmin] = await Promise.all([
    signInCookie(t.base, a.admin.email, PASSWORD),
    signInCookie(t.base, a.operator.email, PASSWORD),
    signInCookie(t.base, b.admin.email, PASSWORD),
  ]);
});
afterAll(() => t?.close());

const call = (method: string, path: string, cookie: string | null, body?: unknown) => callApi(t.base, method, path, cookie, body);

describe("GET /api/sites", () => {
  it("lists the workspace's own sites with name and public key, for any operator, never another workspace's", async () => {
    for (const cookie of [aAdmin, aOperator]) {
      const res = await call("GET", "/api/sites", cookie);
      expect(res.status).toBe(200);
      expect(res.body.data.sites).toEqual([{ siteId: a.site.id, name: a.site.name, siteKey: a.site.publicKey }]);
    }
    const other = await call("GET", "/api/sites", bAdmin);
    expect(other.body.data.sites.map((s: { siteId: string }) => s.siteId)).toEqual([b.site.id]);
  });

  it("needs a signed-in operator", async () => {
    const res = await call("GET", "/api/sites", null);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe(ErrorCodes.UNAUTHENTICATED);
  });
});

describe("POST /api/sites", () => {
  it("an admin creates a site with a new public key; it is listed, and its widget config is public", async () => {
    const res = await call("POST", "/api/sites", aAdmin, { name: "Shop 日本", color: "#ff8800", greeting: "いらっしゃいませ", locale: "ja" });
    expect(res.status).toBe(201);
    const settings = res.body.data.settings;
    expect(settings).toMatchObject({ name: "Shop 日本", color: "#ff8800", greeting: "いらっしゃいませ", locale: "ja", openingHours: null, identitySecret: null });
    expect(settings.siteKey).toMatch(/^site_[A-Za-z0-9_-]{10,}$/);
    expect(settings.siteKey).not.toBe(a.site.publicKey);

    const listed = (await call("GET", "/api/sites", aAdmin)).body.data.sites;
    expect(listed).toContainEqual({ siteId: settings.siteId, name: "Shop 日本", siteKey: settings.siteKey });
    expect((await call("GET", "/api/sites", bAdmin)).body.data.sites.map((s: { siteId: string }) => s.siteId)).not.toContain(settings.siteId);

    const publicSite = (await (await fetch(`${t.base}/api/visitor/sites/${settings.siteKey}`)).json()).data.site;
    expect(publicSite).toMatchObject({ color: "#ff8800", greeting: "いらっしゃいませ" });
  });

  it("only a name is required; the colour defaults", async () => {
    const res = await call("POST", "/api/sites", aAdmin, { name: "Minimal" });
    expect(res.status).toBe(201);
    expect(res.body.data.settings).toMatchObject({ name: "Minimal", color: "#2563eb", greeting: null, locale: null });
  });

  it("a non-admin gets FORBIDDEN and nothing is created", async () => {
    const before = (await call("GET", "/api/sites", aAdmin)).body.data.sites.length;
    const res = await call("POST", "/api/sites", aOperator, { name: "Sneaky" });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await call("GET", "/api/sites", aAdmin)).body.data.sites.length).toBe(before);
  });

  it("bad payloads get VALIDATION", async () => {
    for (const body of [{}, { name: "  " }, { name: "x", color: "red" }, { name: "x", locale: "fr" }, { name: "x", workspaceId: b.workspace.id }, "{not json"]) {
      const res = await call("POST", "/api/sites", aAdmin, body);
      expect(res.body.error?.code, JSON.stringify(body)).toBe(ErrorCodes.VALIDATION);
      expect(res.status).toBe(400);
    }
  });
});

describe("widget settings", () => {
  it("an admin reads and changes them; the public config follows", async () => {
    const patch = {
      color: "#112233",
      greeting: "Hello there",
      locale: "en",
      position: "left",
      timeZone: "Asia/Tokyo",
      openingHours: [{ day: 1, open: "09:00", close: "18:00" }],
      askEmail: true,
      preChatForm: true,
      maxUploadBytes: 2 * 1024 * 1024,
      identitySecret: "generate",
    };
    const res = await call("PATCH", `/api/sites/${a.site.id}/widget`, aAdmin, patch);
    expect(res.status).toBe(200);
    expect(res.body.data.settings).toMatchObject({ ...patch, identitySecret: expect.stringMatching(/.{20,}/) });
    const read = await call("GET", `/api/sites/${a.site.id}/widget`, aAdmin);
    expect(read.body.data.settings).toEqual(res.body.data.settings);
    const off = await call("PATCH", `/api/sites/${a.site.id}/widget`, aAdmin, { identitySecret: null, openingHours: null });
    expect(off.body.data.settings).toMatchObject({ identitySecret: null, openingHours: null, greeting: "Hello there" });
    // The audit log names what changed, never the secret itself.
    const audit = await call("GET", "/api/audit", aAdmin);
    const changes = audit.body.data.entries.filter((e: { action: string }) => e.action === "site.widget_changed");
    expect(changes.map((e: { detail: { changed: string } }) => e.detail.changed)).toEqual(["openingHours identitySecret", expect.stringContaining("identitySecret")]);
    expect(JSON.stringify(audit.body)).not.toContain(res.body.data.settings.identitySecret);
  });

  it("a non-admin gets FORBIDDEN, another workspace's admin NOT_FOUND, a bad patch VALIDATION", async () => {
    expect((await call("GET", `/api/sites/${a.site.id}/widget`, aOperator)).body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await call("PATCH", `/api/sites/${a.site.id}/widget`, aOperator, { greeting: "x" })).body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    for (const method of ["GET", "PATCH"]) {
      const res = await call(method, `/api/sites/${a.site.id}/widget`, bAdmin, method === "PATCH" ? { greeting: "hijack" } : undefined);
      expect(res.status).toBe(404);
      expect(res.body.error?.code).toBe(ErrorCodes.NOT_FOUND);
    }
    expect((await call("GET", "/api/sites/not-a-uuid/widget", aAdmin)).body.error?.code).toBe(ErrorCodes.NOT_FOUND);
    for (const body of [{ color: "#12" }, { openingHours: [{ day: 7, open: "09:00", close: "10:00" }] }, { timeZone: "Mars/Olympus" }, { bogus: 1 }]) {
      expect((await call("PATCH", `/api/sites/${a.site.id}/widget`, aAdmin, body)).body.error?.code, JSON.stringify(body)).toBe(ErrorCodes.VALIDATION);
    }
    expect((await call("GET", `/api/sites/${a.site.id}/widget`, aAdmin)).body.data.settings.greeting).toBe("Hello there");
  });
});

describe("inbox settings over REST", () => {
  it("defaults, then an admin turns automatic assignment on with a capacity", async () => {
    expect((await call("GET", `/api/sites/${a.site.id}/inbox`, aAdmin)).body.data.inbox).toEqual({ siteId: a.site.id, autoAssign: false, capacity: 5, assignOnReply: true });
    const res = await call("PATCH", `/api/sites/${a.site.id}/inbox`, aAdmin, { autoAssign: true, capacity: 3 });
    expect(res.status).toBe(200);
    expect(res.body.data.inbox).toEqual({ siteId: a.site.id, autoAssign: true, capacity: 3, assignOnReply: true });
    // An operator may read them (the console shows them) but not change them.
    expect((await call("GET", `/api/sites/${a.site.id}/inbox`, aOperator)).body.data.inbox).toMatchObject({ autoAssign: true, capacity: 3 });
    expect((await call("PATCH", `/api/sites/${a.site.id}/inbox`, aOperator, { autoAssign: false })).body.error?.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await call("GET", `/api/sites/${a.site.id}/inbox`, aAdmin)).body.data.inbox.autoAssign).toBe(true);
  });

  it("another workspace gets NOT_FOUND and bad payloads VALIDATION", async () => {
    expect((await call("GET", `/api/sites/${a.site.id}/inbox`, bAdmin)).body.error?.code).toBe(ErrorCodes.NOT_FOUND);
    expect((await call("PATCH", `/api/sites/${a.site.id}/inbox`, bAdmin, { autoAssign: false })).body.error?.code).toBe(ErrorCodes.NOT_FOUND);
    for (const body of [{ capacity: 0 }, { capacity: 2.5 }, { autoAssign: "yes" }, { siteId: b.site.id }]) {
      expect((await call("PATCH", `/api/sites/${a.site.id}/inbox`, aAdmin, body)).body.error?.code, JSON.stringify(body)).toBe(ErrorCodes.VALIDATION);
    }
    expect((await call("GET", `/api/sites/${a.site.id}/inbox`, aAdmin)).body.data.inbox).toMatchObject({ autoAssign: true, capacity: 3 });
  });
});
