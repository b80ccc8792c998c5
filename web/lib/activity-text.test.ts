import type { Activity } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { describeActivity } from "./activity-text";
import { inboxDictionary } from "./inbox-i18n";

const base = { id: "a1", conversationId: "c1", actorId: "ken", actorName: "Ken", at: "2026-01-01T00:00:00.000Z" };
const names = { ken: "Ken", aya: "Aya" };

describe("describeActivity", () => {
  const en = inboxDictionary("en");
  it("says who moved the conversation to whom", () => {
    const assigned = (reason: Extract<Activity, { kind: "assigned" }>["reason"], over: Partial<Activity> = {}): Activity =>
      ({ ...base, kind: "assigned", reason, operatorId: "aya", previousOperatorId: null, note: null, ...over }) as Activity;
    expect(describeActivity(assigned("claim", { operatorId: "ken" }), names, en)).toBe("Ken took this conversation");
    expect(describeActivity(assigned("transfer"), names, en)).toBe("Ken transferred this to Aya");
    expect(describeActivity(assigned("assign"), names, en)).toBe("Ken assigned this to Aya");
    expect(describeActivity(assigned("auto", { actorId: null, actorName: null }), names, en)).toBe("Assigned automatically to Aya");
    expect(describeActivity(assigned("unassign", { operatorId: null }), names, en)).toBe("Ken unassigned this");
  });

  it("says who parked, resolved and reopened it, in Japanese too", () => {
    const status = (from: "open" | "pending" | "resolved", to: "open" | "pending" | "resolved"): Activity => ({ ...base, kind: "status", from, to });
    expect(describeActivity(status("open", "pending"), names, en)).toBe("Ken set this pending");
    expect(describeActivity(status("pending", "resolved"), names, en)).toBe("Ken resolved this");
    expect(describeActivity(status("resolved", "open"), names, en)).toBe("Ken reopened this");
    expect(describeActivity(status("open", "resolved"), names, inboxDictionary("ja"))).toBe("Ken さんが解決にしました");
  });
});
