import type { SiteInboxSettings, WidgetSettings } from "@kaiwa/shared";
import { ZWidgetSettingsPatch } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { draftErrors, embedSnippet, fullHex, toDraft, toInboxPatch, toWidgetPatch } from "./site-draft";

const settings: WidgetSettings = {
  siteId: "00000000-0000-4000-8000-000000000001",
  siteKey: "site_abc",
  name: "Shop",
  color: "#2563eb",
  greeting: null,
  locale: null,
  position: "right",
  timeZone: "Asia/Tokyo",
  openingHours: [
    { day: 1, open: "13:00", close: "18:00" },
    { day: 1, open: "09:00", close: "12:00" },
    { day: 5, open: "10:00", close: "16:00" },
  ],
  askEmail: false,
  preChatForm: true,
  maxUploadBytes: 5 * 1024 * 1024,
  identitySecret: null,
};
const inbox: SiteInboxSettings = { siteId: settings.siteId, autoAssign: false, capacity: 5, assignOnReply: true };

describe("site draft", () => {
  it("round-trips a site's settings into a patch the server accepts", () => {
    const draft = toDraft(settings, inbox);
    expect(draft.days[1]).toEqual({ open: true, windows: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "18:00" }] });
    expect(draft.days[0]).toEqual({ open: false, windows: [] });
    expect(draftErrors(draft).size).toBe(0);
    const patch = toWidgetPatch(draft);
    expect(ZWidgetSettingsPatch.parse(patch)).toEqual(patch);
    expect(patch).toMatchObject({ greeting: null, locale: null, maxUploadBytes: 5 * 1024 * 1024, timeZone: "Asia/Tokyo" });
    expect(patch.openingHours).toEqual([
      { day: 1, open: "09:00", close: "12:00" },
      { day: 1, open: "13:00", close: "18:00" },
      { day: 5, open: "10:00", close: "16:00" },
    ]);
    expect(toInboxPatch(draft, inbox)).toBeNull();
  });

  it("always open is null; a closed day drops its windows", () => {
    const draft = toDraft(settings, inbox);
    draft.days[5]!.open = false;
    expect(toWidgetPatch(draft).openingHours).toHaveLength(2);
    expect(toWidgetPatch({ ...draft, alwaysOpen: true }).openingHours).toBeNull();
  });

  it("names the fields that cannot be saved", () => {
    const draft = toDraft(settings, inbox);
    draft.days[1]!.windows[0] = { open: "12:00", close: "09:00" };
    expect([...draftErrors({ ...draft, color: "blue", name: " ", maxUploadMb: "40", capacity: "0" })].sort()).toEqual([
      "capacity",
      "color",
      "hours",
      "maxUpload",
      "name",
    ]);
    const allClosed = toDraft({ ...settings, openingHours: [] }, inbox);
    expect(draftErrors(allClosed).has("hours")).toBe(true);
  });

  it("turns MB into bytes, a greeting into text or null, and reports a changed assignment", () => {
    const draft = { ...toDraft(settings, inbox), maxUploadMb: "0.5", greeting: "  いらっしゃいませ ", locale: "ja" as const, autoAssign: true, capacity: "3" };
    expect(toWidgetPatch(draft)).toMatchObject({ maxUploadBytes: 524288, greeting: "いらっしゃいませ", locale: "ja" });
    expect(toInboxPatch(draft, inbox)).toEqual({ autoAssign: true, capacity: 3, assignOnReply: true });
    expect(toInboxPatch(toDraft(settings, inbox), inbox)).toBeNull();
    expect(toInboxPatch({ ...toDraft(settings, inbox), assignOnReply: false }, inbox)).toEqual({ autoAssign: false, capacity: 5, assignOnReply: false });
  });

  it("expands short colours and writes the loader's embed tag", () => {
    expect(fullHex("#AbC")).toBe("#aabbcc");
    expect(fullHex("red")).toBeNull();
    expect(embedSnippet("https://chat.example.com", "site_abc")).toBe('<script src="https://chat.example.com/widget.js" data-site="site_abc" async></script>');
  });
});
