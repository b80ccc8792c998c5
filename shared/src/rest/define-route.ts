// One REST route declared once: method, path, who may call it, and the zod schemas of its params, query, body and
// answer. The server's express wiring, the OpenAPI document and the web app's typed client all read this.
import { z } from "zod";
import type { FeatureFlag } from "../early-access";
import { ErrorCodes, type ApiError, type ErrorCode } from "../errors";
import type { OperatorRole } from "../types";

/** Every REST path starts with this. */
export const API_PREFIX = "/api";

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * Who may call a route: anyone (`public`), a widget visitor (`Authorization: Bearer <visitor token>` with
 * `X-Kaiwa-Site`), a signed-in operator (session cookie; `roles` narrows it), or either of the last two.
 */
export type RouteAuth = "public" | "visitor" | "operator" | "visitor-or-operator";

/** The `:name` segments of an express-style path. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** A route's declaration. Paths are express-style (`/api/tags/:name`) and include `/api`. */
export interface RouteDef {
  method: HttpMethod;
  path: `${typeof API_PREFIX}/${string}`;
  /** One line for the OpenAPI document. */
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** Only these operator roles (checked after the request is valid, so a bad body is still a 400). */
  roles?: readonly OperatorRole[];
  /** The feature flag that must be on for the caller's workspace (checked right after authentication). */
  flag?: FeatureFlag;
  /** Path parameters: one key per `:name` of `path`. */
  params?: z.ZodObject;
  /** When `params` do not parse, answer 404 NOT_FOUND with this message (an id of the wrong shape is simply unknown). */
  paramsNotFound?: string;
  query?: z.ZodType;
  /** A JSON body (`Content-Type: application/json`). */
  body?: z.ZodType;
  /** Largest JSON body accepted (a body-parser limit such as "16kb"); larger bodies answer 413 PAYLOAD_TOO_LARGE. */
  bodyLimit?: string;
  /** The body is a file's raw bytes (any declared type: the server reads the real one from the bytes). */
  upload?: { maxBytes: number; tooLarge: ErrorCode };
  /** `data` of the `{ data }` answer. */
  response?: z.ZodType;
  /** The success answer is `response` itself, not `{ data }` (documents meant for other tools). */
  bare?: true;
  /** The success answer is a file of one of these types instead of `{ data }`. */
  download?: { contentTypes: readonly string[] };
  /** Success status; 200 unless given. */
  status?: 200 | 201;
  /** Cache-Control of a success; every other answer is `no-store`. */
  cacheControl?: string;
  /** Error codes this route answers besides the ones its declaration implies (for the document). */
  errors?: readonly ErrorCode[];
}

/** Declare a route; the literal types of its schemas are kept for the client and the handlers. */
export function defineRoute<const R extends RouteDef>(route: R): R {
  return route;
}

/** The `data` a JSON route answers with. */
export type RouteData<R extends RouteDef> = R["response"] extends z.ZodType ? z.output<R["response"]> : never;

// A part is optional when everything in it is (a query of optional filters), absent when the route has none.
type Part<R extends RouteDef, K extends "params" | "query" | "body"> = R[K] extends z.ZodType
  ? Record<never, never> extends z.input<R[K]>
    ? { [P in K]?: z.input<R[K]> }
    : { [P in K]: z.input<R[K]> }
  : { [P in K]?: undefined };

/** What a client passes to call a route: `params`, `query` and `body`, each when the route declares it. */
export type RouteInput<R extends RouteDef> = Part<R, "params"> & Part<R, "query"> & Part<R, "body">;

/** The path of `route` with its `:name` segments filled in (URL-encoded). */
export function routeUrl(route: Pick<RouteDef, "path">, params?: Record<string, string | number> | null, query?: Record<string, unknown> | null): string {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${route.path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The `:name` segments of a path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

/** The error of every failed answer. */
export const ZApiError = z.object({
  code: z.enum(ErrorCodes),
  /** For VALIDATION it starts with the field path (`email: Invalid email address`). */
  message: z.string(),
});

/** `{ error }`: the body of every failed answer. */
export const ZErrorBody = z.object({ error: ZApiError });

// The schema and the ApiError interface must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const apiErrorMatches: Same<z.infer<typeof ZApiError>, ApiError> = true;
void apiErrorMatches;

/** `{ ok: true }`: an answer that carries nothing else. */
export const ZOk = z.object({ ok: z.literal(true) });
