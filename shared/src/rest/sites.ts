// The workspace's sites: their widget settings and automatic assignment.
import { z } from "zod";
import { ZOpeningWindow, ZSiteInboxSettings } from "../models";
import { ZId, ZSiteCreate, ZSiteInboxPatch, ZWidgetSettingsPatch } from "../schemas";
import { defineRoute } from "./define-route";

/** Everything an admin configures about a site's widget (`GET/PATCH /api/sites/:siteId/widget`). */
export const ZWidgetSettings = z.object({
  siteId: z.uuid(),
  siteKey: z.string(),
  name: z.string(),
  color: z.string(),
  greeting: z.string().nullable(),
  locale: z.enum(["ja", "en"]).nullable(),
  position: z.enum(["right", "left"]),
  timeZone: z.string(),
  /** Null: always open. */
  openingHours: z.array(ZOpeningWindow).nullable(),
  askEmail: z.boolean(),
  preChatForm: z.boolean(),
  maxUploadBytes: z.number().int(),
  /** The HMAC key for `identify()` hashes; null when identities are not verified. Admins only. */
  identitySecret: z.string().nullable(),
});

/** One site in `GET /api/sites` (any operator): its name and public widget key; settings are admins only. */
export const ZSiteSummary = z.object({
  siteId: z.uuid(),
  name: z.string(),
  siteKey: z.string(),
});

const admins = ["admin"] as const;
const perSite = { params: z.object({ siteId: ZId }), paramsNotFound: "no such site" } as const;
const ZSettingsAnswer = z.object({ settings: ZWidgetSettings });
const ZInboxAnswer = z.object({ inbox: ZSiteInboxSettings });

export const siteRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/sites",
    summary: "The workspace's sites: names and public widget keys",
    auth: "operator",
    response: z.object({ sites: z.array(ZSiteSummary) }),
  }),
  create: defineRoute({
    method: "post",
    path: "/api/sites",
    summary: "Add a site with a generated public key",
    auth: "operator",
    roles: admins,
    body: ZSiteCreate,
    status: 201,
    response: ZSettingsAnswer,
  }),
  widget: defineRoute({
    method: "get",
    path: "/api/sites/:siteId/widget",
    summary: "A site's widget settings, with its identity secret",
    auth: "operator",
    roles: admins,
    ...perSite,
    response: ZSettingsAnswer,
  }),
  updateWidget: defineRoute({
    method: "patch",
    path: "/api/sites/:siteId/widget",
    summary: "Change any subset of a site's widget settings; the answer is all of them",
    auth: "operator",
    roles: admins,
    ...perSite,
    body: ZWidgetSettingsPatch,
    response: ZSettingsAnswer,
  }),
  inbox: defineRoute({
    method: "get",
    path: "/api/sites/:siteId/inbox",
    summary: "A site's automatic assignment and per-operator capacity",
    auth: "operator",
    ...perSite,
    response: ZInboxAnswer,
  }),
  updateInbox: defineRoute({
    method: "patch",
    path: "/api/sites/:siteId/inbox",
    summary: "Turn automatic assignment on or off, or change the capacity",
    auth: "operator",
    roles: admins,
    ...perSite,
    body: ZSiteInboxPatch,
    response: ZInboxAnswer,
  }),
};
