// A script Content-Security-Policy for the pages (console and widget frame): only scripts carrying this answer's
// nonce run, and what they load. Next.js reads the nonce from the request's own CSP header and puts it on every
// script it renders, so the policy is set on both. Console pages may not be framed by other sites; the widget frame
// is made to be embedded anywhere.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** Set the CSP of a page answer; `dev` allows the eval that hot reload needs. */
export function pageSecurityPolicy(opts: { dev: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    const framing = req.path.startsWith("/widget/") ? "" : "; frame-ancestors 'self'";
    const policy = `script-src 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}; object-src 'none'; base-uri 'none'${framing}`;
    req.headers["content-security-policy"] = policy;
    res.setHeader("Content-Security-Policy", policy);
    next();
  };
}
