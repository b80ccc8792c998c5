// Which browser pages may act with an operator's session cookie: the app's own origin only. A page elsewhere (another
// site, or another port of the same host) must not sign an operator out with a form, nor open the console's socket
// and read the inbox with the operator's cookie.
import type { IncomingHttpHeaders } from "node:http";
import { ErrorCodes, SESSION_COOKIE } from "@kaiwa/shared";
import type { NextFunction, Request, Response } from "express";
import { sendError } from "./rest";

/** `https://host[:port]` of a URL, or null when it is not one. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a browser request comes from one of our own pages: its Origin is the app's configured address
 * (`PUBLIC_URL`), or has the very host (with port) the request was sent to. Without an Origin header, a browser's
 * `Sec-Fetch-Site: cross-site` still gives a foreign page away; clients that are not browsers send neither.
 */
export function fromOwnPage(headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  const origin = headers.origin;
  if (!origin) return headers["sec-fetch-site"] !== "cross-site";
  const from = originOf(origin);
  if (!from) return false;
  if (publicUrl && from === originOf(publicUrl)) return true;
  return !!headers.host && new URL(from).host === headers.host.toLowerCase();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuse a request that changes something with the session cookie from a page that is not ours (CSRF). */
export function refuseForeignWrites(publicUrl: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const withSession = (req.headers.cookie ?? "").includes(`${SESSION_COOKIE}=`);
    if (SAFE_METHODS.has(req.method) || !withSession || fromOwnPage(req.headers, publicUrl)) return next();
    sendError(res, { code: ErrorCodes.FORBIDDEN, message: "this request did not come from a page of this app" });
  };
}
