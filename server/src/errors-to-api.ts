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

/** Turn anything thrown by the domain into the error a client receives; unexpected errors are logged. */
export function toApiError(err: unknown, logger: Logger): ApiError {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  if (isUnavailable(err)) {
    logger.warn({ err }, "database unavailable");
    return { code: ErrorCodes.UNAVAILABLE, message: "the service is briefly unavailable; retry the same request" };
  }
  logger.error({ err }, "unexpected error");
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
  INTERNAL: 500,
};
