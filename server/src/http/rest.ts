// The plumbing every REST router shares: the error answer, body parsing, the signed-in operator, and a handler
// that answers `{ data }` or `{ error }` (never caching).
import { ErrorCodes, SESSION_COOKIE, parsePayload, type ApiError } from "@kaiwa/shared";
import { parse as parseCookie } from "cookie";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import { resolveSession } from "../domain/operators/sign-in";
import { HTTP_STATUS, toApiError } from "../errors-to-api";

export type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** Answer `{ error }` with the HTTP status of its code. */
export function sendError(res: Response, error: ApiError): void {
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
  return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
}

/** An express handler: `run` answers `{ data }` (with `status`), a thrown error `{ error }`; never cached. */
export function jsonHandler(logger: Logger, run: (req: Request, res: Response) => Promise<unknown>, status = 200) {
  return async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      const data = await run(req, res);
      res.status(status).json({ data });
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  };
}

/** Error middleware for a router's body parsers: malformed JSON is VALIDATION, a too large body PAYLOAD_TOO_LARGE. */
export function bodyErrors(logger: Logger) {
  return (err: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.parse.failed") return sendError(res, { code: ErrorCodes.VALIDATION, message: "body is not valid JSON" });
    if (err.type === "entity.too.large") return sendError(res, { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: "body is too large" });
    sendError(res, toApiError(err, logger));
  };
}
