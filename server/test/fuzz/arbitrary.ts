// fast-check arbitraries generated from the contract's zod schemas: mostly values of the right shape (so requests get
// past validation into the domain and the database) made of hostile text, and, at every node, now and then a value of
// the wrong shape (wrong types, numbers Postgres cannot hold, NUL characters, lone surrogates, prototype keys).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { z } from "zod";
import { type CheckDef, defOf } from "./walk-schema";

/** What the generator may pick from besides random values: ids and names that exist in the fuzzed app. */
export interface Pools {
  /** Ids of what the fuzzing clients own (their conversation, site): picked most often, to get past "not found". */
  primary: string[];
  ids: string[];
  emails: string[];
  tags: string[];
}

/** Pieces of text that have broken parsers, databases and renderers. */
export const HOSTILE_PIECES = [
  "\u0000",
  "\ud800",
  "\udfff",
  "\udc00\ud800",
  "😀",
  "👩‍👩‍👧",
  "日本語の問い合わせ",
  "ｶﾀｶﾅ",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\u2028",
  "\u0085",
  "\r\n",
  "\t",
  "\u0007",
  "\u007f",
  "'; drop table messages; --",
  "' OR '1'='1",
  "$1",
  "\\",
  '"',
  "%00",
  "%ZZ",
  "%E0%A4%A",
  "../",
  "<script>alert(1)</script>",
  "{{7*7}}",
  "\u0024{x}",
  "__proto__",
  "constructor",
  "null",
  "NaN",
  " ",
  "",
];

const piece = fc.constantFrom(...HOSTILE_PIECES);

/** Text made of hostile pieces and random strings (graphemes, raw UTF-16 units, ASCII). */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  const chunk = fc.oneof(
    { weight: 3, arbitrary: piece },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(chunk, { maxLength: 8 }).map((parts) => parts.join("").slice(0, maxLength)) },
    { weight: 1, arbitrary: fc.constantFrom("x".repeat(maxLength), "x".repeat(maxLength + 1), "あ".repeat(Math.min(maxLength + 1, 6000))) },
  );
}

/** JSON values of any shape, including the ones that hurt: huge numbers, prototype keys, deep nesting. */
export const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, "", [], {}),
  hostileText(50),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    JSON.parse('{"__proto__":{"admin":true}}'),
    JSON.parse('{"constructor":{"prototype":{"admin":true}}}'),
    JSON.parse('{"toString":"x","valueOf":1,"hasOwnProperty":null}'),
    JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

type Arb = fc.Arbitrary<unknown>;

/** Options of the generator: how often a node gets a value of the wrong shape instead. */
export interface GenOptions {
  pools: Pools;
  /** Relative weight of a wild value at each node, against 10 for a well-shaped one (0: none). */
  wild?: number;
  /** Arbitraries for fields whose schema says too little (an opaque cursor), by field name. */
  fields?: Record<string, Arb>;
}

const isoTime = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "9999-12-31T23:59:59.999Z"),
);

/** Inbox cursors as a client could forge them: base64url JSON of [time, id], some right, some not. */
export function cursorArb(pools: Pools): Arb {
  const id = fc.oneof(fc.constantFrom(...pools.ids), fc.uuid(), fc.constantFrom("-".repeat(36), "x", ""));
  const content = fc.oneof({ weight: 4, arbitrary: fc.tuple(isoTime, id) }, { weight: 1, arbitrary: wildValue });
  return content.map((c) => Buffer.from(JSON.stringify(c) ?? "").toString("base64url"));
}

const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(schema).checks ?? []).map((c) => c._zod.def);

function stringArb(schema: z.ZodType, opts: GenOptions): Arb {
  const def = defOf(schema);
  const checks = checksOf(schema);
  const { pools } = opts;
  if (def.format === "uuid" || def.format === "guid") {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...pools.primary) },
      { weight: 3, arbitrary: fc.constantFrom(...pools.ids) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constant(randomUUID()) },
      { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff") },
    );
  }
  if (def.format === "email") return fc.oneof(fc.constantFrom(...pools.emails), fc.emailAddress());
  if (def.format === "base64") return fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("base64"));
  const regex = checks.find((c) => c.check === "string_format" && c.format === "regex")?.pattern;
  const min = checks.find((c) => c.check === "min_length")?.minimum ?? checks.find((c) => c.check === "length_equals")?.length ?? 0;
  const max = checks.find((c) => c.check === "max_length")?.maximum ?? checks.find((c) => c.check === "length_equals")?.length ?? 300;
  const text = hostileText(Math.min(max, 6000)).map((s) => (s.length < min ? s.padEnd(min, "x") : s));
  if (regex) {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(regex);
    } catch {
      matching = fc.constantFrom("abcdefgh", "hello", "a-b_c-d-e");
    }
    return fc.oneof({ weight: 4, arbitrary: matching }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...pools.tags) });
  }
  return fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...pools.tags) });
}

function numberArb(schema: z.ZodType): Arb {
  const checks = checksOf(schema);
  const int = checks.some((c) => c.check === "number_format" && /int/.test(c.format ?? ""));
  const low = checks.find((c) => c.check === "greater_than");
  const high = checks.find((c) => c.check === "less_than");
  const min = low ? Number(low.value) + (low.inclusive ? 0 : 1) : -(2 ** 31);
  const max = high ? Number(high.value) - (high.inclusive ? 0 : 1) : 2 ** 31;
  const inRange = int ? fc.integer({ min: Math.max(min, -(2 ** 40)), max: Math.min(max, 2 ** 40) }) : fc.double({ min, max, noNaN: true });
  return fc.oneof(
    { weight: 5, arbitrary: inRange },
    { weight: 3, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, 0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 31), 0.5) },
  );
}

function objectArb(schema: z.ZodType, opts: GenOptions): Arb {
  const shape = defOf(schema).shape ?? {};
  const model: Record<string, Arb> = {};
  const required: string[] = [];
  for (const [key, s] of Object.entries(shape)) {
    const field = opts.fields?.[key];
    model[key] = field ? fc.oneof({ weight: 3, arbitrary: field }, { weight: 1, arbitrary: arbitraryOf(s, opts) }) : arbitraryOf(s, opts);
    const t = defOf(s).type;
    if (t !== "optional" && t !== "default") required.push(key);
  }
  const record = fc.record(model, { requiredKeys: required });
  if (!opts.wild) return record;
  // Now and then a required key goes missing, or an unknown one comes along.
  return fc.oneof(
    { weight: 10, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc.tuple(record, fc.constantFrom(...required, "__proto__", "admin", "workspaceId", "role"), wildValue).map(([r, key, value]) => {
        const out = { ...(r as Record<string, unknown>) };
        if (required.includes(key)) delete out[key];
        else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        return out;
      }),
    },
  );
}

/** An arbitrary for inputs of `schema` (see GenOptions for how often they are of the wrong shape). */
export function arbitraryOf(schema: z.ZodType, opts: GenOptions): Arb {
  const def = defOf(schema);
  let arb: Arb;
  switch (def.type) {
    case "string":
      arb = stringArb(schema, opts);
      break;
    case "number":
      arb = numberArb(schema);
      break;
    case "boolean":
      arb = fc.boolean();
      break;
    case "enum":
      arb = fc.constantFrom(...Object.values(def.entries ?? {}));
      break;
    case "literal":
      arb = fc.constantFrom(...(def.values ?? []));
      break;
    case "null":
      arb = fc.constant(null);
      break;
    case "object":
      arb = objectArb(schema, opts);
      break;
    case "optional":
    case "default":
      arb = fc.option(arbitraryOf(def.innerType!, opts), { nil: undefined, freq: 4 });
      break;
    case "nullable":
      arb = fc.option(arbitraryOf(def.innerType!, opts), { nil: null, freq: 4 });
      break;
    case "readonly":
    case "prefault":
    case "catch":
      arb = arbitraryOf(def.innerType!, opts);
      break;
    case "pipe":
      arb = arbitraryOf(def.in!, opts);
      break;
    case "union":
      arb = fc.oneof(...(def.options ?? []).map((o) => arbitraryOf(o, opts)));
      break;
    case "array":
      arb = fc.array(arbitraryOf(def.element!, opts), { maxLength: 25 });
      break;
    case "record":
      arb = fc.dictionary(arbitraryOf(def.keyType!, { ...opts, wild: 0 }) as fc.Arbitrary<string>, arbitraryOf(def.valueType!, opts), { maxKeys: 55 });
      break;
    default:
      arb = wildValue;
  }
  return opts.wild ? fc.oneof({ weight: 10, arbitrary: arb }, { weight: opts.wild, arbitrary: wildValue }) : arb;
}
