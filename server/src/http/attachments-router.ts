import { ErrorCodes, ZAttachmentUploadQuery, ZId, ZSiteKey, ZVisitorToken, parsePayload } from "@kaiwa/shared";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { readAttachment, uploadAttachment } from "../domain/attachments/attachments";
import { isImage } from "../domain/attachments/sniff-type";
import { DomainError } from "../domain/errors";
import { authenticateVisitor } from "../domain/visitors/open-visitor-session";
import { toApiError } from "../errors-to-api";
import type { RateLimits } from "../rate-limits";
import { requireOperator, sendError } from "./rest";

/** Hard cap of any upload body; each site's own limit (site_widget_settings.max_upload_bytes) is checked after. */
export const UPLOAD_HARD_LIMIT_BYTES = 25 * 1024 * 1024;

/**
 * The caller of an attachment request: a visitor (`Authorization: Bearer <visitor token>` with
 * `X-Kaiwa-Site: <site key>`; the widget frame cannot rely on cookies) or an operator (session cookie).
 */
async function callerOf(db: Db, req: Request): Promise<Actor> {
  const bearer = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
  if (bearer) {
    const site = parsePayload(ZSiteKey, req.get("x-kaiwa-site"));
    const token = parsePayload(ZVisitorToken, bearer);
    if (!site.ok || !token.ok) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "a visitor token and X-Kaiwa-Site are required");
    return authenticateVisitor(db, site.value, token.value);
  }
  return requireOperator(db, req);
}

/** `POST /api/visitor/attachments` (upload) and `GET /api/attachments/:id` (download), mounted under /api. */
export function createAttachmentsRouter(deps: { db: Db; logger: Logger; rateLimits: RateLimits }) {
  const { db, logger, rateLimits } = deps;
  const router = express.Router();

  router.post(
    "/visitor/attachments",
    // Any declared type: the server reads the real one from the bytes.
    express.raw({ type: () => true, limit: UPLOAD_HARD_LIMIT_BYTES }),
    async (req: Request, res: Response) => {
      const query = parsePayload(ZAttachmentUploadQuery, req.query);
      if (!query.ok) return sendError(res, query.error);
      try {
        const actor = await callerOf(db, req);
        if (actor.kind !== "visitor") throw new DomainError(ErrorCodes.UNAUTHENTICATED, "visitors upload here");
        await rateLimits.consumeUpload(`visitor:${actor.visitorId}`);
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const attachment = await uploadAttachment(db, actor, { ...query.value, bytes });
        res.json({ data: { attachment } });
      } catch (err) {
        sendError(res, toApiError(err, logger));
      }
    },
    (err: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (err.type === "entity.too.large") return sendError(res, { code: ErrorCodes.FILE_TOO_LARGE, message: "the file is too large" });
      next(err);
    },
  );

  router.get("/attachments/:id", async (req: Request, res: Response) => {
    const id = parsePayload(ZId, req.params.id);
    if (!id.ok) return sendError(res, { code: ErrorCodes.NOT_FOUND, message: "no such attachment" });
    try {
      const actor = await callerOf(db, req);
      const row = await readAttachment(db, actor, id.value);
      res.setHeader("Content-Type", row.contentType);
      res.setHeader("Content-Length", String(row.size));
      // Never rendered as a page of ours, never sniffed into something else, never cached by a shared cache.
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.setHeader("Content-Disposition", `${isImage(row.contentType) ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      res.end(row.data);
    } catch (err) {
      sendError(res, toApiError(err, logger));
    }
  });

  return router;
}
