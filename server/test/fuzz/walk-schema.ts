// Walk a zod 4 schema's definition: the suites read the contract's schemas as data (which strings they hold, how to
// generate values for them).
import type { z } from "zod";

/** The parts of zod's internal definition these suites read (zod 4: `schema._zod.def`). */
export interface Def {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  defaultValue?: unknown;
}

export interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: number | bigint;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
}

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every string schema inside `schema`, with its path (`attributes.*`, `tags[]`). */
export function stringsIn(schema: z.ZodType, path = "(payload)"): { path: string; schema: z.ZodType }[] {
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined, p = path) => (s ? stringsIn(s, p) : []);
  switch (def.type) {
    case "string":
      return [{ path, schema }];
    case "object":
      return [
        ...Object.entries(def.shape ?? {}).flatMap(([key, s]) => stringsIn(s, path === "(payload)" ? key : `${path}.${key}`)),
        ...(def.catchall && defOf(def.catchall).type !== "never" ? inner(def.catchall, `${path}.*`) : []),
      ];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe":
      return [...inner(def.in), ...inner(def.out)];
    case "union":
      return (def.options ?? []).flatMap((o) => stringsIn(o, path));
    case "array":
      return inner(def.element, `${path}[]`);
    case "record":
      return [...inner(def.keyType, `${path}.(key)`), ...inner(def.valueType, `${path}.*`)];
    case "number":
    case "boolean":
    case "enum":
    case "literal":
    case "null":
    case "undefined":
    case "never":
    case "transform":
    case "date":
      return [];
    default:
      throw new Error(`${path}: the walker does not know zod type "${def.type}"; teach it (walk-schema.ts)`);
  }
}
