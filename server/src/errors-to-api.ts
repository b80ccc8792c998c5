import { ErrorCodes, type ApiError } from "@kaiwa/shared";
import type { Logger } from "pino";
import { DomainError } from "./domain/errors";

// Connection-level failures (Postgres restarting or unreachable, pool exhausted, DNS blips on a dyno): the same
// request may simply be retried, so the client gets the retryable UNAVAILABLE instead of INTERNAL.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, connection_exception and kin
  "57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006",
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection.*closed|Cannot use a pool after calling end/i;

type ErrorLike = { code?: string; message?: string; cause?: unknown; errors?: unknown[] };

/** True for a connection-level failure anywhere in the chain of causes (drizzle wraps pg's errors). */
export function isUnavailable(err: unknown, depth = 0): boolean {
  const e = err as ErrorLike | undefined;
  if (!e || typeof e !== "object" || depth > 5) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.message && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // Node's happy-eyeballs connect (localhost: ::1 then 127.0.0.1) fails with an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isUnavailable(inner, depth + 1))) return true;
  return isUnavailable(e.cause, depth + 1);
}

/** What the log keeps of an error: never a value that came with the request. */
export interface LoggedError {
  type: string;
  /** Only for errors that did not come from the database (whose messages quote the values they refused). */
  message?: string;
  /** SQLSTATE or Node's error code. */
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  severity?: string;
  /** The failed statement with its placeholders, never its parameters. */
  query?: string;
  /** The stack's frames, without the first line (which repeats the message). */
  stack?: string;
  cause?: LoggedError;
}

// Fields of a Postgres error (pg and PGlite alike) that name where it failed, not the values involved: `detail`
// ("Key (email)=(…) already exists"), `message` ("invalid input syntax for type uuid: \"…\""), `where`, `hint`
// and the parameters all may carry what a visitor wrote.
const SAFE_DB_FIELDS = ["code", "constraint", "table", "column", "routine", "severity"] as const;

type LoggableError = Error & Partial<Record<(typeof SAFE_DB_FIELDS)[number] | "query", unknown>> & { params?: unknown };

/**
 * The loggable description of anything thrown: its class, codes and stack frames. A failed query (drizzle's wrapper
 * and the driver's error under it) is logged without its message or parameters, which hold a message's text or an
 * email; other errors keep their message. Also pino's `err` serializer (a plain object passes through as it is).
 */
export function describeError(err: unknown, depth = 0): LoggedError | unknown {
  if (!(err instanceof Error)) return err;
  const e = err as LoggableError;
  const fromDatabase = "params" in e || "query" in e || typeof e.severity === "string" || typeof e.routine === "string";
  const out: LoggedError = { type: e.constructor?.name || e.name || "Error" };
  if (!fromDatabase) out.message = String(e.message).slice(0, 300);
  for (const field of SAFE_DB_FIELDS) if (typeof e[field] === "string") out[field] = e[field] as string;
  if (typeof e.query === "string" && e.query.length > 0) out.query = e.query.replace(/\s+/g, " ").trim().slice(0, 500);
  const frames = typeof e.stack === "string" ? e.stack.split("\n").filter((line) => /^\s+at /.test(line)) : [];
  if (frames.length > 0) out.stack = frames.join("\n");
  if (e.cause !== undefined && depth < 4) {
    const cause = describeError(e.cause, depth + 1);
    if (cause && typeof cause === "object") out.cause = cause as LoggedError;
  }
  // Drizzle's wrapper has no SQLSTATE of its own: lift the driver's, so the line says what failed at a glance.
  if (!out.code && out.cause?.code) out.code = out.cause.code;
  return out;
}

/**
 * One line for an error kept outside the log (an outbox delivery's last error): the message of an ordinary error; for a
 * failed query, which quotes its parameters, its class and codes instead.
 */
export function errorSummary(err: unknown): string {
  const d = describeError(err);
  if (!d || typeof d !== "object" || !("type" in d)) return String(err).slice(0, 2000);
  const e = d as LoggedError;
  if (e.message !== undefined) return e.message;
  const where = [e.code, e.constraint, e.table, e.column, e.routine].filter(Boolean).join(" ");
  const cause = e.cause ? ` (${errorSummary(e.cause)})` : "";
  return `${e.type}${where ? ` [${where}]` : ""}${cause}`.slice(0, 2000);
}

/** Turn anything thrown by the domain into the error a client receives; unexpected errors are logged. */
export function toApiError(err: unknown, logger: Logger): ApiError {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  if (isUnavailable(err)) {
    logger.warn({ err: describeError(err) }, "database unavailable");
    return { code: ErrorCodes.UNAVAILABLE, message: "the service is briefly unavailable; retry the same request" };
  }
  logger.error({ err: describeError(err) }, "unexpected error");
  return { code: ErrorCodes.INTERNAL, message: "internal error" };
}

/** HTTP status for each error code. */
export const HTTP_STATUS: Record<ApiError["code"], number> = {
  VALIDATION: 400,
  MESSAGE_TOO_LONG: 400,
  PROTOCOL_MISMATCH: 400,
  UNKNOWN_SITE: 404,
  CONVERSATION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  FEATURE_DISABLED: 403,
  CONVERSATION_CLOSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  IDENTITY_INVALID: 403,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  UNAVAILABLE: 503,
  HELD_FOR_APPROVAL: 202,
  LINK_INVALID: 400,
  LAST_ADMIN: 409,
  INTERNAL: 500,
};
