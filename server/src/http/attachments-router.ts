import { REST } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { readAttachment, uploadAttachment } from "../domain/attachments/attachments";
import { isImage } from "../domain/attachments/sniff-type";
import type { Publish } from "../events/with-events";
import type { RateLimits } from "../rate-limits";
import { mountRoutes } from "./rest";

export { UPLOAD_HARD_LIMIT_BYTES } from "@kaiwa/shared";

/** `POST /api/visitor/attachments` and `POST /api/attachments` (uploads) and `GET /api/attachments/:id` (download): REST.attachments. */
export function createAttachmentsRouter(deps: { db: Db; logger: Logger; rateLimits: RateLimits; publish?: Publish }) {
  const { db, rateLimits } = deps;
  return mountRoutes(express.Router(), REST.attachments, {
    upload: async ({ caller, query, body }) => {
      await rateLimits.consumeUpload(`visitor:${caller.visitorId}`);
      return { attachment: await uploadAttachment(db, caller, { ...query, bytes: body }) };
    },
    operatorUpload: async ({ caller, query, body }) => {
      await rateLimits.consumeUpload(`operator:${caller.operatorId}`);
      return { attachment: await uploadAttachment(db, caller, { ...query, bytes: body }) };
    },
    download: async ({ caller, params }) => {
      if (caller.kind === "visitor") await rateLimits.consumeRead(`visitor:${caller.visitorId}`);
      const row = await readAttachment(db, caller, params.id);
      return {
        contentType: row.contentType,
        bytes: row.data,
        headers: {
          "Content-Length": String(row.size),
          // Never rendered as a page of ours, never sniffed into something else, never cached by a shared cache.
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
          "Content-Disposition": `${isImage(row.contentType) ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        },
      };
    },
  }, deps);
}
