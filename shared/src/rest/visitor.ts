// What the widget asks before and when it opens: the site's public settings and the visitor's session.
import { z } from "zod";
import { ErrorCodes } from "../errors";
import { ZVisitorProfile } from "../models";
import { ZSiteKey, ZVisitorSessionBody } from "../schemas";
import { defineRoute } from "./define-route";
import { ZWidgetSettings } from "./sites";

/** Public settings the widget needs: the admin's widget settings without anything secret, and whether `identify()` must carry a verified hash. */
export const ZSiteSettings = ZWidgetSettings.pick({
  siteKey: true,
  name: true,
  color: true,
  greeting: true,
  locale: true,
  position: true,
  askEmail: true,
  preChatForm: true,
  maxUploadBytes: true,
}).extend({ identityVerification: z.boolean() });

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
