// One log line per HTTP request, tied to the request id that Heroku's router also logs.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

/** Header carrying the request id in and out; Heroku's router sets it on every request. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** Credentials that never reach the log, whatever the level. */
export const REDACTED_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

// An id from outside goes into logs and a response header: accept only a plain token of sane length.
const ACCEPTED_ID = /^[A-Za-z0-9._:@+=/-]{1,200}$/;

/** The incoming `X-Request-Id` when it is a plain token, else a new UUID; echoed in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

// Probes and static assets succeed all day long; they are logged only at debug.
const QUIET_PATHS = /^\/(healthz|readyz)(\?|$)|^\/(_next\/static|favicon\.ico)/;

/** Express middleware logging each request's outcome (`req.log` carries its `reqId` for the handlers). */
export function createRequestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    customLogLevel(req, res, err) {
      if (err || res.statusCode >= 500) return "error";
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "";
      if (res.statusCode < 400 && QUIET_PATHS.test(url)) return "debug";
      return "info";
    },
  });
}
