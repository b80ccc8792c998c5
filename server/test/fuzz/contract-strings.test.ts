// Every string a client can send (socket payloads, REST params, queries and bodies) carries the one check that refuses
// NUL characters and unpaired surrogates, or is a format whose characters are ASCII by construction. A new field
// written with a bare z.string() fails here, before it can carry a NUL to Postgres.
import { STORABLE_TEXT, isStorableText } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { REST_ROUTES, SOCKET_EVENTS } from "./contract";
import { defOf, stringsIn } from "./walk-schema";

// zod's string formats whose own pattern admits ASCII only.
const ASCII_FORMATS = new Set(["uuid", "guid", "email", "base64", "base64url", "datetime", "date", "time", "cuid", "cuid2", "ulid", "nanoid"]);

function uncovered(schema: z.ZodType, where: string): string[] {
  return stringsIn(schema)
    .filter(({ schema: s }) => {
      const def = defOf(s);
      if (def.format && ASCII_FORMATS.has(def.format)) return false;
      return !(def.checks ?? []).some((check) => (check as unknown) === STORABLE_TEXT);
    })
    .map(({ path }) => `${where}: ${path}`);
}

describe("every inbound string of the contract refuses what Postgres cannot store", () => {
  it("on every socket event", () => {
    expect(SOCKET_EVENTS.flatMap(({ namespace, event, schema }) => uncovered(schema, `/${namespace} ${event}`))).toEqual([]);
  });

  it("on every REST route's params, query and body", () => {
    const missing = REST_ROUTES.flatMap(({ name, route }) =>
      (["params", "query", "body"] as const).flatMap((part) => (route[part] ? uncovered(route[part] as z.ZodType, `${name} ${part}`) : [])),
    );
    expect(missing).toEqual([]);
  });

  it("knows a pair from a lone surrogate", () => {
    expect(isStorableText("日本語 😀 \t\n")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("\ud83d")).toBe(false);
    expect(isStorableText("\ude00x")).toBe(false);
    expect(isStorableText("\ude00\ud83d")).toBe(false);
  });
});
