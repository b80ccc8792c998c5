// app.json against Heroku's own schema (docs/schemas/heroku-app-json.schema.json, from @heroku/mcp-server),
// plus what the pipeline needs of it beyond the schema.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/node-process";
import { procfile } from "./procfile";

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), "utf8");
const appJson = JSON.parse(read("app.json"));
const schema = JSON.parse(read("docs/schemas/heroku-app-json.schema.json"));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(schema);
}

describe("app.json", () => {
  it("is valid against Heroku's app.json schema", () => {
    const validate = validator();
    const ok = validate(appJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema really rejects what Heroku would (a misspelt key, a bad dyno size, an unknown generator)", () => {
    const validate = validator();
    expect(validate({ ...appJson, addon: [] })).toBe(false);
    expect(validate({ ...appJson, formation: { web: { quantity: 1, size: "huge" } } })).toBe(false);
    expect(validate({ ...appJson, env: { X: { generator: "uuid" } } })).toBe(false);
    expect(validate({ ...appJson, environments: { staging: {} } })).toBe(false);
  });

  it("declares Postgres and Redis, a generated secret, the stage and described settings", () => {
    expect(appJson.addons.map((a: { plan: string }) => a.plan.split(":")[0])).toEqual(["heroku-postgresql", "heroku-redis"]);
    expect(appJson.env.SESSION_SECRET).toMatchObject({ generator: "secret" });
    expect(appJson.env.ADMIN_PASSWORD).toMatchObject({ generator: "secret" });
    expect(appJson.env.APP_STAGE.value).toBe("production");
    for (const [name, v] of Object.entries(appJson.env as Record<string, { description?: string }>)) {
      expect(v.description, `${name} has a description`).toMatch(/\w{4,}/);
    }
  });

  it("has a formation for every Procfile process that serves, and a postdeploy script that exists", () => {
    const processes = procfile();
    expect(Object.keys(processes)).toEqual(expect.arrayContaining(["web", "release"]));
    expect(Object.keys(appJson.formation)).toEqual(["web"]);
    const script = appJson.scripts.postdeploy.match(/(server\/src\/\S+\.ts)/)?.[1];
    expect(script && existsSync(path.join(REPO_ROOT, script))).toBe(true);
  });

  it("has a test environment with in-dyno services running npm test, and a review environment", () => {
    expect(appJson.environments.test.addons).toEqual(["heroku-postgresql:in-dyno", "heroku-redis:in-dyno"]);
    expect(appJson.environments.test.scripts.test).toBe("npm test");
    expect(appJson.environments.test.env.APP_STAGE).toBe("test");
    expect(appJson.environments.review.env.APP_STAGE).toBe("review");
  });
});
