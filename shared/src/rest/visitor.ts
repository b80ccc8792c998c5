// What the widget asks before and when it opens: the site's public settings and the visitor's session.
import { z } from "zod";
import { ErrorCodes } from "../errors";
import { ZVisitorProfile } from "../models";
import { ZSiteKey, ZVisitorSessionBody } from "../schemas";
import { defineRoute } from "./define-route";

/** Public settings the widget needs; never contains secrets. */
export const ZSiteSettings = z.object({
  siteKey: z.string(),
  name: z.string(),
  color: z.string(),
  greeting: z.string().nullable(),
  locale: z.enum(["ja", "en"]).nullable(),
  /** Corner of the launcher. */
  position: z.enum(["right", "left"]),
  /** True when `identify()` must carry a verified hash. */
  identityVerification: z.boolean(),
  /** Ask for an email address when nobody can answer now. */
  askEmail: z.boolean(),
  /** Show a name / email / first question form before the first message. */
  preChatForm: z.boolean(),
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: z.number().int(),
});

/** `POST /api/visitor/session`: who the visitor is and where they write. */
export const ZVisitorSession = z.object({
  /** Secret the widget keeps and presents on every connection. New when the old one was missing or unknown. */
  token: z.string(),
  visitor: ZVisitorProfile,
  site: ZSiteSettings,
  /** The visitor's unresolved conversation, if there is one. */
  conversationId: z.uuid().nullable(),
});

export const visitorRoutes = {
  site: defineRoute({
    method: "get",
    path: "/api/visitor/sites/:siteKey",
    summary: "A site's public widget settings, before any visitor exists",
    auth: "public",
    params: z.object({ siteKey: ZSiteKey }),
    response: z.object({ site: ZSiteSettings }),
    cacheControl: "public, max-age=60",
    errors: [ErrorCodes.UNKNOWN_SITE],
  }),
  session: defineRoute({
    method: "post",
    path: "/api/visitor/session",
    summary: "Open or resume a visitor's session (a new token when the old one is missing or unknown)",
    auth: "public",
    body: ZVisitorSessionBody,
    response: ZVisitorSession,
    errors: [ErrorCodes.UNKNOWN_SITE, ErrorCodes.IDENTITY_INVALID],
  }),
};
