import { ErrorCodes, type ApiError } from "@kaiwa/shared";
import type { Logger } from "pino";
import { DomainError } from "./domain/errors";

// Connection-level failures (Postgres restarting, pool exhausted): the same request may simply be retried.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08006"]);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection.*closed/i;

function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e.message && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
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
  INTERNAL: 500,
};
