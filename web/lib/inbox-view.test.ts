import type { Conversation, InboxCounts } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { countOf, inView, orderOf } from "./operator-console";

const conv = (over: Partial<Conversation>): Conversation => ({
  id: "c1",
  siteId: "s1",
  channel: "widget",
  status: "open",
  visitor: { id: "v1", name: null, email: null },
  assigneeId: null,
  lastSeq: 1,
  lastMessage: { body: "hi", authorKind: "visitor", authorId: null, createdAt: "2026-01-01T00:00:00.000Z", seq: 1 },
  createdAt: "2026-01-01T00:00:00.000Z",
  lastActivityAt: "2026-01-01T00:00:00.000Z",
  waitingSince: null,
  ...over,
});

describe("inbox views in the console", () => {
  it("places a conversation in the views the server would list it in", () => {
    expect(inView(conv({}), "unassigned", {}, "me")).toBe(true);
    expect(inView(conv({ assigneeId: "me" }), "unassigned", {}, "me")).toBe(false);
    expect(inView(conv({ assigneeId: "me" }), "mine", {}, "me")).toBe(true);
    expect(inView(conv({ assigneeId: "you" }), "mine", {}, "me")).toBe(false);
    expect(inView(conv({ status: "pending" }), "open", {}, "me")).toBe(true);
    expect(inView(conv({ status: "resolved" }), "open", {}, "me")).toBe(false);
    expect(inView(conv({ status: "resolved" }), "resolved", {}, "me")).toBe(true);
    expect(inView(conv({ lastMessage: { body: "ok", authorKind: "operator", authorId: "me", createdAt: "", seq: 2 } }), "open", { unreplied: true }, "me")).toBe(false);
    expect(inView(conv({}), "open", { tag: "vip" }, "me", { tags: ["vip"], starred: false })).toBe(true);
    expect(inView(conv({}), "open", { tag: "vip" }, "me", { tags: [], starred: false })).toBe(false);
    expect(inView(conv({}), "open", { starred: true }, "me", { tags: [], starred: true })).toBe(true);
    expect(inView(conv({ siteId: "s2" }), "open", { siteId: "s1" }, "me")).toBe(false);
  });

  it("reads the Mine count from the per-assignee counts and sorts by waiting time", () => {
    const counts: InboxCounts = { unassigned: 2, open: 5, pending: 1, resolved: 9, byAssignee: { me: 3 } };
    expect(countOf(counts, "mine", "me")).toBe(3);
    expect(countOf(counts, "mine", "other")).toBe(0);
    expect(countOf(counts, "resolved", "me")).toBe(9);
    expect(countOf(null, "open", "me")).toBeNull();
    const older = conv({ id: "a", lastActivityAt: "2026-01-01T00:00:00.000Z" });
    const newer = conv({ id: "b", lastActivityAt: "2026-01-02T00:00:00.000Z" });
    expect([older, newer].sort(orderOf({})).map((c) => c.id)).toEqual(["b", "a"]);
    expect([newer, older].sort(orderOf({ sort: "waiting" })).map((c) => c.id)).toEqual(["a", "b"]);
  });

  it("sorts longest waiting by the first unanswered message, unanswered first, whatever the last activity", () => {
    const answeredLongAgo = conv({ id: "answered", lastActivityAt: "2026-01-01T00:00:00.000Z", waitingSince: null });
    const waitingLong = conv({ id: "long", lastActivityAt: "2026-01-03T00:00:00.000Z", waitingSince: "2026-01-02T00:00:00.000Z" });
    const waitingShort = conv({ id: "short", lastActivityAt: "2026-01-02T12:00:00.000Z", waitingSince: "2026-01-02T12:00:00.000Z" });
    expect([answeredLongAgo, waitingShort, waitingLong].sort(orderOf({ sort: "waiting" })).map((c) => c.id)).toEqual(["long", "short", "answered"]);
  });
});
