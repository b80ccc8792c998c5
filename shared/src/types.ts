import type { OpeningWindow, VisitorSummary } from "./models";






export type OperatorRole = "admin" | "supervisor" | "operator" | "trainee";

export interface Operator {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: OperatorRole;
}

/** Public settings the widget needs; never contains secrets. */
export interface SiteSettings {
  siteKey: string;
  name: string;
  color: string;
  greeting: string | null;
  locale: "ja" | "en" | null;
  /** Corner of the launcher. */
  position: "right" | "left";
  /** True when `identify()` must carry a verified hash. */
  identityVerification: boolean;
  /** Ask for an email address when nobody can answer now. */
  askEmail: boolean;
  /** Show a name / email / first question form before the first message. */
  preChatForm: boolean;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
}

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
  typing: boolean;
}

/** What a visitor's own profile looks like to the widget. */
export interface VisitorProfile extends VisitorSummary {
  /** The host site's user id, once verified. */
  userId: string | null;
  attributes: Record<string, string | number | boolean | null>;
}



/** Everything an admin configures about a site's widget (`GET/PATCH /api/sites/:siteId/widget`). */
export interface WidgetSettings {
  siteId: string;
  siteKey: string;
  name: string;
  color: string;
  greeting: string | null;
  locale: "ja" | "en" | null;
  position: "right" | "left";
  timeZone: string;
  /** Null: always open. */
  openingHours: OpeningWindow[] | null;
  askEmail: boolean;
  preChatForm: boolean;
  maxUploadBytes: number;
  /** The HMAC key for `identify()` hashes; null when identities are not verified. Admins only. */
  identitySecret: string | null;
}
