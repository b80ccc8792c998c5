// The express wiring of every REST route, from its declaration in @kaiwa/shared (REST): authenticate, check the
// feature flag, parse params, query and body, check the role, run the handler, answer `{ data }` (or a file) with
// the declared status and Cache-Control, then publish the domain events the handler reported. Every failure
// answers `{ error: { code, message } }` with the HTTP status of its code and `Cache-Control: no-store`.
import {
  API_PREFIX,
  ErrorCodes,
  SESSION_COOKIE,
  ZSiteKey,
  ZVisitorToken,
  parsePayload,
  pathParamNames,
  type ApiError,
  type FeatureFlag,
  type RouteData,
  type RouteDef,
} from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/client";
import { operatorActor, type Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import { resolveSession } from "../domain/operators/sign-in";
import { authenticateVisitor } from "../domain/visitors/open-visitor-session";
import { HTTP_STATUS, toApiError } from "../errors-to-api";
import { unwrapReply, type Publish, type ReplyWithEvents } from "../events/with-events";

export type OperatorActor = Extract<Actor, { kind: "operator" }>;
export type VisitorActor = Extract<Actor, { kind: "visitor" }>;

/** Answer `{ error }` with the HTTP status of its code. */
export function sendError(res: Response, error: ApiError): void {
  res.setHeader("Cache-Control", "no-store");
  res.status(HTTP_STATUS[error.code]).json({ error });
}

/** The operator session token of the request's cookie, if any. */
export const sessionToken = (req: Request): string | undefined => parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];

/** Parse `value` with `schema`; a bad value throws the VALIDATION DomainError the handler answers with. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = parsePayload(schema, value ?? {});
  if (!parsed.ok) throw new DomainError(parsed.error.code, parsed.error.message);
  return parsed.value;
}

/** The signed-in operator of the request (session cookie), or UNAUTHENTICATED. */
export async function requireOperator(db: Db, req: Request): Promise<OperatorActor> {
  const token = sessionToken(req);
  const operator = token ? await resolveSession(db, token) : null;
  if (!operator) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "sign in first");
  return operatorActor(operator);
}

/** The visitor token of `Authorization: Bearer <token>`, if any. */
const bearerToken = (req: Request): string | undefined => /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];

/** The visitor of a request: a visitor token with the site key in `X-Kaiwa-Site` (the widget frame cannot rely on cookies). */
async function requireVisitor(db: Db, req: Request): Promise<VisitorActor> {
  const site = parsePayload(ZSiteKey, req.get("x-kaiwa-site"));
  const token = parsePayload(ZVisitorToken, bearerToken(req));
  if (!site.ok || !token.ok) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "a visitor token and X-Kaiwa-Site are required");
  const actor = await authenticateVisitor(db, site.value, token.value);
  if (actor.kind !== "visitor") throw new DomainError(ErrorCodes.UNAUTHENTICATED, "a visitor token and X-Kaiwa-Site are required");
  return actor;
}

/** The caller a route's `auth` allows, or UNAUTHENTICATED. */
async function authenticate(db: Db, route: RouteDef, req: Request): Promise<Actor | undefined> {
  switch (route.auth) {
    case "public":
      return undefined;
    case "operator":
      return requireOperator(db, req);
    case "visitor":
      return requireVisitor(db, req);
    case "visitor-or-operator":
      return bearerToken(req) ? requireVisitor(db, req) : requireOperator(db, req);
  }
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** Who called, as a route's `auth` declares it. */
export type CallerOf<R extends RouteDef> = R["auth"] extends "public"
  ? undefined
  : R["auth"] extends "operator"
    ? OperatorActor
    : R["auth"] extends "visitor"
      ? VisitorActor
      : Actor;

/** What a handler gets: the caller and the parsed params, query and body (the raw bytes of an upload). */
export interface RouteContext<R extends RouteDef> {
  caller: CallerOf<R>;
  params: Output<R["params"]>;
  query: Output<R["query"]>;
  body: R["upload"] extends object ? Buffer : Output<R["body"]>;
  /** For what the declaration cannot say: cookies, the client's address, the origin of mailed links. */
  req: Request;
  res: Response;
}

/** The answer of a route that serves a file. */
export interface FileAnswer {
  contentType: string;
  bytes: Uint8Array;
  /** More headers (Content-Disposition, Content-Security-Policy ...). */
  headers?: Record<string, string>;
}

/** What a handler of route `R` answers: its `data`, or a file; optionally with the domain events to publish after. */
export type RouteAnswer<R extends RouteDef> = R["download"] extends object ? FileAnswer : RouteData<R>;

export type RouteHandler<R extends RouteDef> = (ctx: RouteContext<R>) => Promise<RouteAnswer<R> | ReplyWithEvents<RouteAnswer<R>>>;

/** One handler per route of a group, under the same names. */
export type RouteHandlers<G extends Record<string, RouteDef>> = { [K in keyof G]: RouteHandler<G[K]> };

/** How answers are checked against their declared schema: not at all, logged, or logged and answered 500. */
export type ResponseCheck = "off" | "log" | "fail";

/** Tests fail on an answer that breaks its schema; development logs it; production does not spend the time. */
export const DEFAULT_RESPONSE_CHECK: ResponseCheck = process.env.VITEST ? "fail" : process.env.NODE_ENV === "production" ? "off" : "log";

export interface RestDeps {
  db: Db;
  logger: Logger;
  /** Publishes the events a handler reported (`withEvents`), once its answer has been sent. */
  publish?: Publish;
  /** Refuses (FEATURE_DISABLED) unless `flag` is on for the operator's workspace; needed by routes with a `flag`. */
  checkFlag?: (actor: OperatorActor, flag: FeatureFlag) => Promise<void>;
  responseCheck?: ResponseCheck;
}

const DEFAULT_JSON_LIMIT = "64kb";

/** Parse a request part with its schema; a failure is VALIDATION with the field path (or the route's NOT_FOUND for params). */
function parsePart(schema: z.ZodType, value: unknown, notFound?: string): unknown {
  const parsed = parsePayload(schema, value);
  if (parsed.ok) return parsed.value;
  if (notFound) throw new DomainError(ErrorCodes.NOT_FOUND, notFound);
  throw new DomainError(parsed.error.code, parsed.error.message);
}

type BodyParserError = { type?: string; status?: number; charset?: string; encoding?: string };

/**
 * Body-parser failures of one route, each a 4xx in the API's error shape: malformed JSON, an unsupported charset or
 * Content-Encoding, a body that does not decompress or whose length lies are VALIDATION; a too large body is
 * PAYLOAD_TOO_LARGE (or the route's code). Only what is not the client's doing is INTERNAL.
 */
function bodyErrors(route: RouteDef, logger: Logger) {
  return (err: BodyParserError, _req: Request, res: Response, _next: NextFunction) => {
    const invalid = (message: string) => sendError(res, { code: ErrorCodes.VALIDATION, message });
    switch (err.type) {
      case "entity.parse.failed":
        return invalid("body is not valid JSON");
      case "entity.too.large":
        if (route.upload) return sendError(res, { code: route.upload.tooLarge, message: "the file is too large" });
        return sendError(res, { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: "body is too large" });
      case "charset.unsupported":
        return invalid(`body: unsupported charset "${String(err.charset).slice(0, 40)}"; send JSON in UTF-8`);
      case "encoding.unsupported":
        return invalid(`body: unsupported Content-Encoding "${String(err.encoding).slice(0, 40)}"; send it uncompressed, or as gzip, deflate or br`);
      case "request.size.invalid":
        return invalid("body: its length does not match Content-Length");
      case "request.aborted":
        return invalid("body: the request was aborted");
    }
    // Anything else the parser refused with a 4xx is the request's fault too (e.g. a gzip body that does not inflate).
    if (typeof err.status === "number" && err.status >= 400 && err.status < 500) return invalid("body: could not be read");
    sendError(res, toApiError(err, logger));
  };
}

/**
 * Express decodes path parameters before any handler runs, and a malformed percent-escape (`%ZZ`, a cut UTF-8
 * sequence) fails there. Answer it as the route answers a parameter of the wrong shape: its 404 when it declares
 * one, VALIDATION otherwise.
 */
function pathErrors(routes: readonly RouteDef[]) {
  // The declared paths as patterns over the raw (still encoded) path: `/tags/:name` is `^/tags/[^/]+/?$`.
  const matchers = routes.map((route) => {
    const pattern = route.path
      .slice(API_PREFIX.length)
      .split(/(:[A-Za-z0-9_]+)/)
      .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return { route, pattern: new RegExp(`^${pattern}/?$`) };
  });
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof URIError)) return next(err);
    const method = req.method.toLowerCase();
    const candidates = matchers.filter((m) => m.pattern.test(req.path));
    const route = (candidates.find((m) => m.route.method === method) ?? candidates[0])?.route;
    if (route?.paramsNotFound) return sendError(res, { code: ErrorCodes.NOT_FOUND, message: route.paramsNotFound });
    const name = route ? pathParamNames(route.path).join(", ") : "(path)";
    sendError(res, { code: ErrorCodes.VALIDATION, message: `${name}: not a valid percent-encoded path segment` });
  };
}

/** The first way `answer` breaks the route's declared answer, or null. */
function responseProblem(route: RouteDef, answer: unknown): string | null {
  if (route.download) {
    const type = (answer as FileAnswer | undefined)?.contentType;
    return type && route.download.contentTypes.includes(type) ? null : `content type ${String(type)} is not declared`;
  }
  if (!route.response) return null;
  // What the client will read: Dates become strings, undefined fields disappear.
  const json: unknown = answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
  const parsed = route.response.safeParse(json);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join(".") || "(data)"}: ${issue?.message ?? "invalid"}`;
}

/** Express handlers of one declared route. */
function routeHandlers(route: RouteDef, handler: RouteHandler<RouteDef>, deps: RestDeps): RequestHandler[] {
  const { db, logger } = deps;
  const publish = deps.publish ?? (() => {});
  const check = deps.responseCheck ?? DEFAULT_RESPONSE_CHECK;
  const chain: RequestHandler[] = [];
  if (route.body) chain.push(express.json({ limit: route.bodyLimit ?? DEFAULT_JSON_LIMIT }));
  if (route.upload) {
    // Nobody's bytes are read before we know who sends them and that they fit: the caller is authenticated and
    // the declared size checked first; compressed bodies are refused (nothing is ever inflated), and the raw body
    // is capped while it streams in.
    const upload = route.upload;
    chain.push(async (req: Request, res: Response, next: NextFunction) => {
      try {
        res.locals.caller = await authenticate(db, route, req);
        const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
        if (encoding !== "identity") throw new DomainError(ErrorCodes.VALIDATION, "compressed uploads are not accepted; send the file's bytes as they are");
        if (Number(req.headers["content-length"] ?? 0) > upload.maxBytes) throw new DomainError(upload.tooLarge, `a file holds at most ${upload.maxBytes} bytes`);
        next();
      } catch (err) {
        // The rest of the body is not wanted: close the connection after this answer instead of reading it.
        res.setHeader("Connection", "close");
        res.setHeader("Cache-Control", "no-store");
        sendError(res, toApiError(err, logger));
      }
    });
    // Any declared type: the server reads the real one from the bytes.
    chain.push(express.raw({ type: () => true, limit: upload.maxBytes, inflate: false }));
  }

  chain.push(async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    let events: Parameters<Publish>[0] = [];
    try {
      const caller = route.upload ? (res.locals.caller as Actor | undefined) : await authenticate(db, route, req);
      if (route.flag) await deps.checkFlag!(caller as OperatorActor, route.flag);
      const params = route.params ? parsePart(route.params, { ...req.params }, route.paramsNotFound) : undefined;
      const query = route.query ? parsePart(route.query, req.query ?? {}) : undefined;
      let body: unknown;
      if (route.body) body = parsePart(route.body, req.body ?? {});
      else if (route.upload) body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (route.roles && caller?.kind === "operator" && !route.roles.includes(caller.role)) {
        throw new DomainError(ErrorCodes.FORBIDDEN, `${caller.role} may not ${route.method.toUpperCase()} ${route.path}`);
      }
      const unwrapped = unwrapReply(await handler({ caller, params, query, body, req, res } as RouteContext<RouteDef>));
      events = unwrapped.events;
      const answer = unwrapped.reply;
      const problem = check === "off" ? null : responseProblem(route, answer);
      if (problem) {
        logger.error({ route: `${route.method.toUpperCase()} ${route.path}`, problem }, "answer does not match its declared schema");
        if (check === "fail") throw new DomainError(ErrorCodes.INTERNAL, `the answer does not match its schema: ${problem}`);
      }
      if (route.cacheControl) res.setHeader("Cache-Control", route.cacheControl);
      if (route.download) {
        const file = answer as FileAnswer;
        res.setHeader("Content-Type", file.contentType);
        for (const [name, value] of Object.entries(file.headers ?? {})) res.setHeader(name, value);
        res.status(route.status ?? 200).end(file.bytes);
      } else {
        res.status(route.status ?? 200).json(route.bare ? answer : { data: answer });
      }
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
    // After the answer: the command committed, so its events are published whatever was answered.
    if (events.length > 0) {
      try {
        publish(events);
      } catch (err) {
        logger.error({ err }, "publishing events failed");
      }
    }
  });

  chain.push(bodyErrors(route, logger) as unknown as RequestHandler);
  return chain;
}

/** Refuse a declaration the wiring cannot serve as declared (found at startup, not on the first request). */
function assertServable(route: RouteDef, deps: RestDeps): void {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  if (!route.path.startsWith(`${API_PREFIX}/`)) throw new Error(`${where}: REST paths start with ${API_PREFIX}/`);
  const inPath = pathParamNames(route.path).sort().join(",");
  const declared = Object.keys(route.params?.shape ?? {}).sort().join(",");
  if (inPath !== declared) throw new Error(`${where}: params declare [${declared}] but the path has [${inPath}]`);
  if (!route.response && !route.download) throw new Error(`${where}: declare a response or a download`);
  if (route.body && route.upload) throw new Error(`${where}: a JSON body or an upload, not both`);
  if (route.flag && !deps.checkFlag) throw new Error(`${where}: needs checkFlag for its flag ${route.flag}`);
  if (route.roles && route.auth !== "operator") throw new Error(`${where}: roles need auth "operator"`);
}

/**
 * Mount a group of declared routes on `router` (which is mounted at `/api`), each served by the handler of the
 * same name. Handlers only do the domain call: everything the declaration says is done here.
 */
export function mountRoutes<G extends Record<string, RouteDef>>(router: Router, routes: G, handlers: RouteHandlers<G>, deps: RestDeps): Router {
  for (const name of Object.keys(routes) as (keyof G & string)[]) {
    const route = routes[name]!;
    assertServable(route, deps);
    const path = route.path.slice(API_PREFIX.length);
    router[route.method](path, ...routeHandlers(route, handlers[name] as RouteHandler<RouteDef>, deps));
  }
  router.use(pathErrors(Object.values(routes)));
  return router;
}
