// Every REST route of the API, grouped by area: the one table the server mounts, the OpenAPI document lists and
// the web app's client calls.
import { attachmentRoutes } from "./attachments";
import { authRoutes } from "./auth";
import { cannedRoutes } from "./canned";
import { earlyAccessRoutes, feedbackRoutes } from "./early-access";
import { operatorRoutes } from "./operators";
import { siteRoutes } from "./sites";
import { systemRoutes } from "./system";
import { tagRoutes } from "./tags";
import { visitorRoutes } from "./visitor";

export * from "./define-route";
export * from "./attachments";
export * from "./auth";
export * from "./canned";
export * from "./early-access";
export * from "./operators";
export * from "./sites";
export * from "./system";
export * from "./tags";
export * from "./visitor";

/** Every REST route, by area and name (`REST.tags.update`). */
export const REST = {
  system: systemRoutes,
  auth: authRoutes,
  operators: operatorRoutes,
  sites: siteRoutes,
  tags: tagRoutes,
  canned: cannedRoutes,
  earlyAccess: earlyAccessRoutes,
  feedback: feedbackRoutes,
  visitor: visitorRoutes,
  attachments: attachmentRoutes,
};

export type RestApi = typeof REST;

