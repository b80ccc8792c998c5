// Files in conversations: a visitor uploads the bytes, then posts them with `attachment:send`.
import { z } from "zod";
import { ErrorCodes } from "../errors";
import { ZAttachment } from "../models";
import { ZAttachmentUploadQuery, ZId } from "../schemas";
import { defineRoute } from "./define-route";

/** The types the server accepts, read from the bytes (never from the name or the declared type). */
export const ATTACHMENT_CONTENT_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"] as const;

/** Hard cap of any upload body; each site's own limit (`maxUploadBytes`) is checked after. */
export const UPLOAD_HARD_LIMIT_BYTES = 25 * 1024 * 1024;

export const attachmentRoutes = {
  upload: defineRoute({
    method: "post",
    path: "/api/visitor/attachments",
    summary: "Upload one file into a conversation of the calling visitor; the body is the file's bytes",
    description: "Shown to nobody until `attachment:send` posts it. At most 10 uploads a minute per visitor.",
    auth: "visitor",
    query: ZAttachmentUploadQuery,
    upload: { maxBytes: UPLOAD_HARD_LIMIT_BYTES, tooLarge: ErrorCodes.FILE_TOO_LARGE },
    response: z.object({ attachment: ZAttachment }),
    errors: [ErrorCodes.CONVERSATION_NOT_FOUND, ErrorCodes.FILE_TOO_LARGE, ErrorCodes.FILE_TYPE_NOT_ALLOWED, ErrorCodes.RATE_LIMITED],
  }),
  operatorUpload: defineRoute({
    method: "post",
    path: "/api/attachments",
    summary: "Upload one file into a conversation of the operator's workspace; the body is the file's bytes",
    description: "Shown to nobody until `attachment:send` on /operator posts it. At most 10 uploads a minute per operator.",
    auth: "operator",
    query: ZAttachmentUploadQuery,
    upload: { maxBytes: UPLOAD_HARD_LIMIT_BYTES, tooLarge: ErrorCodes.FILE_TOO_LARGE },
    response: z.object({ attachment: ZAttachment }),
    errors: [ErrorCodes.CONVERSATION_NOT_FOUND, ErrorCodes.FILE_TOO_LARGE, ErrorCodes.FILE_TYPE_NOT_ALLOWED, ErrorCodes.RATE_LIMITED],
  }),
  download: defineRoute({
    method: "get",
    path: "/api/attachments/:id",
    summary: "A file's bytes, for the conversation's visitor or an operator of its workspace",
    description: "Images are served inline, anything else as an attachment; never sniffed, sandboxed, cached privately.",
    auth: "visitor-or-operator",
    params: z.object({ id: ZId }),
    paramsNotFound: "no such attachment",
    download: { contentTypes: ATTACHMENT_CONTENT_TYPES },
    cacheControl: "private, max-age=3600",
  }),
};
