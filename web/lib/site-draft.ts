// The /settings/sites form as plain data: from a site's stored settings to what the form edits, which fields
// are wrong, and back to the PATCH bodies. No React here, so it is unit-tested on its own.
import type { OpeningWindow, SiteInboxSettings, TSiteInboxPatch, TWidgetSettingsPatch, WidgetSettings } from "@kaiwa/shared";

export interface WindowDraft {
  open: string;
  close: string;
}

/** One weekday (index 0 is Sunday, as in `OpeningWindow.day`): closed, or open in one or more windows. */
export interface DayDraft {
  open: boolean;
  windows: WindowDraft[];
}

export interface SiteDraft {
  name: string;
  color: string;
  greeting: string;
  /** "" follows the visitor's browser. */
  locale: "" | "ja" | "en";
  position: "right" | "left";
  alwaysOpen: boolean;
  timeZone: string;
  days: DayDraft[];
  askEmail: boolean;
  preChatForm: boolean;
  maxUploadMb: string;
  autoAssign: boolean;
  capacity: string;
  assignOnReply: boolean;
}

export type DraftField = "name" | "color" | "hours" | "maxUpload" | "capacity";

const MB = 1024 * 1024;
const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
export const DEFAULT_WINDOW: WindowDraft = { open: "09:00", close: "18:00" };

/** `#abc` → `#aabbcc`, lower case; what `<input type="color">` accepts. Anything else → null. */
export function fullHex(color: string): string | null {
  if (!HEX.test(color)) return null;
  const c = color.toLowerCase();
  return c.length === 4 ? `#${[...c.slice(1)].map((x) => x + x).join("")}` : c;
}

/** Megabytes shown in the form: at most two decimals, no trailing zeros. */
export function bytesToMb(bytes: number): string {
  return String(Math.round((bytes / MB) * 100) / 100);
}

/** What the form starts from for a site. */
export function toDraft(settings: WidgetSettings, inbox: SiteInboxSettings): SiteDraft {
  const days: DayDraft[] = Array.from({ length: 7 }, () => ({ open: false, windows: [] }));
  for (const w of settings.openingHours ?? []) {
    const day = days[w.day];
    if (!day) continue;
    day.open = true;
    day.windows.push({ open: w.open, close: w.close });
  }
  for (const d of days) d.windows.sort((a, b) => a.open.localeCompare(b.open));
  return {
    name: settings.name,
    color: settings.color,
    greeting: settings.greeting ?? "",
    locale: settings.locale ?? "",
    position: settings.position,
    alwaysOpen: settings.openingHours === null,
    timeZone: settings.timeZone,
    days,
    askEmail: settings.askEmail,
    preChatForm: settings.preChatForm,
    maxUploadMb: bytesToMb(settings.maxUploadBytes),
    autoAssign: inbox.autoAssign,
    capacity: String(inbox.capacity),
    assignOnReply: inbox.assignOnReply,
  };
}

/** True when a window's close is not after its open (the server refuses those). */
export function windowInvalid(w: WindowDraft): boolean {
  return !(w.open && w.close && w.close > w.open);
}

/** The fields that cannot be saved as they are. */
export function draftErrors(d: SiteDraft): Set<DraftField> {
  const errors = new Set<DraftField>();
  if (!d.name.trim()) errors.add("name");
  if (!HEX.test(d.color)) errors.add("color");
  if (!d.alwaysOpen) {
    const open = d.days.filter((day) => day.open && day.windows.length > 0);
    if (open.length === 0 || open.some((day) => day.windows.some(windowInvalid))) errors.add("hours");
  }
  const mb = Number(d.maxUploadMb);
  if (!d.maxUploadMb.trim() || !Number.isFinite(mb) || mb < 0.1 || mb > 25) errors.add("maxUpload");
  const capacity = Number(d.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100) errors.add("capacity");
  return errors;
}

/** The weekly windows the draft describes; null when always open. */
export function openingHoursOf(d: SiteDraft): OpeningWindow[] | null {
  if (d.alwaysOpen) return null;
  return d.days.flatMap((day, i) => (day.open ? day.windows.map((w) => ({ day: i, open: w.open, close: w.close })) : []));
}

/** `PATCH /api/sites/:siteId/widget` body for a valid draft (the identity secret has its own buttons). */
export function toWidgetPatch(d: SiteDraft): TWidgetSettingsPatch {
  return {
    name: d.name.trim(),
    color: d.color,
    greeting: d.greeting.trim() ? d.greeting.trim() : null,
    locale: d.locale === "" ? null : d.locale,
    position: d.position,
    timeZone: d.timeZone,
    openingHours: openingHoursOf(d),
    askEmail: d.askEmail,
    preChatForm: d.preChatForm,
    // The server's floor is 1 KB; the form's is 0.1 MB, so rounding never goes under it.
    maxUploadBytes: Math.min(25 * MB, Math.round(Number(d.maxUploadMb) * MB)),
  };
}

/** `PATCH /api/sites/:siteId/inbox` body, or null when the assignment settings did not change. */
export function toInboxPatch(d: SiteDraft, saved: SiteInboxSettings): TSiteInboxPatch | null {
  const capacity = Number(d.capacity);
  if (d.autoAssign === saved.autoAssign && capacity === saved.capacity && d.assignOnReply === saved.assignOnReply) return null;
  return { autoAssign: d.autoAssign, capacity, assignOnReply: d.assignOnReply };
}

/** The one tag a site owner pastes: exactly the form web/widget/loader.ts looks for (`data-site`). */
export function embedSnippet(origin: string, siteKey: string): string {
  return `<script src="${origin}/widget.js" data-site="${siteKey}" async></script>`;
}

/** The server-side HMAC a site computes for `ChatWidget.identify()` (docs/widget.md, identity verification). */
export const IDENTITY_EXAMPLE = `// On your server (Node.js): never send the secret to the browser.
import crypto from "node:crypto";
const hash = crypto.createHmac("sha256", process.env.KAIWA_IDENTITY_SECRET).update(user.id).digest("hex");

// In the page, for the signed-in user:
ChatWidget.identify({ userId: user.id, name: user.name, email: user.email, hash });`;
