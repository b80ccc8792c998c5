import type { z } from "zod";
import type { ZVisitorProfile } from "./models";
import type { ZOperator } from "./rest/auth";
import type { ZWidgetSettings } from "./rest/sites";
import type { ZSiteSettings } from "./rest/visitor";






export type OperatorRole = "admin" | "supervisor" | "operator" | "trainee";

/** A signed-in operator as the console knows them. */
export type Operator = z.infer<typeof ZOperator>;

/** Public settings the widget needs; never contains secrets. */
export type SiteSettings = z.infer<typeof ZSiteSettings>;

/** Whether someone can answer now (`site:availability`). The widget takes messages either way. */
export interface Availability {
  /** At least one operator of the site's workspace has the console open. */
  operatorsOnline: boolean;
  /** Inside the site's opening hours (always true when it has none). */
  openNow: boolean;
}


/** Someone started or stopped typing in a conversation. */
export interface TypingEvent {
  conversationId: string;
  authorKind: "visitor" | "operator";
  /** The operator's name; null for a visitor. */
  authorName: string | null;
  /** Operators only: which operator is typing (another operator answering the same visitor). */
  authorId?: string;
  typing: boolean;
}

/** What a visitor's own profile looks like to the widget. */
export type VisitorProfile = z.infer<typeof ZVisitorProfile>;



/** Everything an admin configures about a site's widget (`GET/PATCH /api/sites/:siteId/widget`). */
export type WidgetSettings = z.infer<typeof ZWidgetSettings>;
