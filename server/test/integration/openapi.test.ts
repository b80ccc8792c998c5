// GET /api/openapi.json: a valid OpenAPI 3.1 document that lists exactly the routes the express app serves under
// /api (read from the app's router stack, so a route mounted by hand, outside the declarations, is caught).
import { ErrorCodes, REST, pathParamNames, type RouteDef } from "@kaiwa/shared";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../../src/http/openapi";
import { callApi } from "../support/clients";
import { seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(async (d) => void (await seedWorkspace(d.db)));
});
afterAll(() => t?.close());

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** Every `METHOD /path` the express router stack serves, with the mount paths of nested routers prefixed. */
function servedRoutes(stack: Layer[], prefix = ""): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const method of Object.keys(layer.route.methods).filter((m) => m !== "_all")) {
        for (const path of paths) out.push(`${method.toUpperCase()} ${prefix}${path}`);
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
      out.push(...servedRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every `METHOD /path` of the document, paths written express-style like the router's. */
function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`),
  );
}

describe("GET /api/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, public and cacheable", async () => {
    const res = await fetch(`${t.base}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Every $ref resolves.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("lists exactly the routes the app serves under /api", async () => {
    const doc = await (await fetch(`${t.base}/api/openapi.json`)).json();
    const router = (t.app.express as unknown as { router: { stack: Layer[] } }).router;
    const served = servedRoutes(router.stack).filter((r) => r.split(" ")[1]!.startsWith("/api/"));
    expect(served.length).toBeGreaterThan(40);
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual(documentedRoutes(doc).sort());
  });

  it("documents each declared route once, with its parameters, body, answer and errors", async () => {
    const doc = await (await fetch(`${t.base}/api/openapi.json`)).json();
    const ids = new Set<string>();
    for (const [group, routes] of Object.entries(REST as Record<string, Record<string, RouteDef>>)) {
      for (const [name, route] of Object.entries(routes)) {
        const op = doc.paths[openApiPath(route.path)]?.[route.method];
        expect(op, `${route.method} ${route.path}`).toBeDefined();
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        expect(op.tags).toEqual([group]);
        expect(op.summary).toBe(route.summary);
        const pathParams = (op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => p.name);
        expect(pathParams.sort(), `${group}.${name}`).toEqual(pathParamNames(route.path).sort());
        expect(Boolean(op.requestBody), `${group}.${name}`).toBe(Boolean(route.body || route.upload));
        expect(Object.keys(op.responses)).toContain(String(route.status ?? 200));
        if (route.auth !== "public") expect(op.responses["401"].description).toContain(ErrorCodes.UNAUTHENTICATED);
        if (route.roles) expect(op["x-kaiwa-roles"]).toEqual(route.roles);
        expect(op.responses["503"].description).toContain(ErrorCodes.UNAVAILABLE);
      }
    }
  });

  it("keeps request and answer schemas apart: strict bodies refuse unknown fields, answers name their models", async () => {
    const doc = await (await fetch(`${t.base}/api/openapi.json`)).json();
    const login = doc.paths["/api/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema).toMatchObject({ required: ["email", "password"], additionalProperties: false });
    expect(JSON.stringify(login.responses["200"])).toContain("#/components/schemas/Operator");
    expect(doc.paths["/api/attachments/{id}"].get.responses["200"].content).toHaveProperty("image/png");
    expect(doc.paths["/api/visitor/attachments"].post.requestBody.content).toHaveProperty("application/octet-stream");
    expect(Object.keys(doc.components.schemas).filter((name) => name.endsWith("Output"))).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["ApiError", "WidgetSettings", "WorkspaceTag", "FeedbackPostView", "SiteSettings"]));
  });
});

describe("/api answers in the documented shapes", () => {
  it("an unknown path or method is 404 NOT_FOUND in the error shape", async () => {
    for (const [method, path] of [["GET", "/api/nope"], ["DELETE", "/api/auth/me"], ["POST", "/api/openapi.json"]] as const) {
      const res = await callApi(t.base, method, path, null);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ error: { code: ErrorCodes.NOT_FOUND, message: "no such endpoint" } });
    }
  });

  it("a body that fails its schema is 400 VALIDATION naming the field", async () => {
    const res = await callApi(t.base, "POST", "/api/auth/login", null, { email: "not-an-email", password: "x" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(ErrorCodes.VALIDATION);
    expect(res.body.error?.message).toMatch(/^email: /);
    const extra = await callApi(t.base, "POST", "/api/visitor/session", null, { siteKey: "site_abcdef", foo: 1 });
    expect(extra.body.error).toMatchObject({ code: ErrorCodes.VALIDATION });
    expect(extra.body.error?.message).toContain("foo");
  });
});
