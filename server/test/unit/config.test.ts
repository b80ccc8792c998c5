import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";

describe("loadConfig", () => {
  it("defaults to the embedded database and the in-process adapter on port 3000", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, serveWeb: true });
  });

  it("turns on TLS for remote Postgres (Heroku) but not for local", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@ec2-1-2-3-4.compute.amazonaws.com:5432/d" }).databaseSsl).toBe(true);
    expect(loadConfig({ DATABASE_URL: "postgres://127.0.0.1:5432/d" }).databaseSsl).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://127.0.0.1:5432/d", DATABASE_SSL: "true" }).databaseSsl).toBe(true);
  });

  it("builds mail links from PUBLIC_URL, or from the Heroku app name, never from a request", () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ HEROKU_APP_NAME: "kaiwa-staging" }).publicUrl).toBe("https://kaiwa-staging.herokuapp.com");
    expect(loadConfig({ PUBLIC_URL: "https://chat.example.com", HEROKU_APP_NAME: "x" }).publicUrl).toBe("https://chat.example.com");
  });

  it("names every bad variable", () => {
    expect(() => loadConfig({ PORT: "eighty", REDIS_URL: "not a url" })).toThrow(/PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/);
  });
});
