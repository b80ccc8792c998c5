import { describe, expect, it } from "vitest";
import { ComposerDrafts, draftKey } from "./composer-drafts";
import { readStored } from "./storage";

describe("ComposerDrafts", () => {
  it("keeps a reply and a note per conversation, never shared", () => {
    const drafts = new ComposerDrafts("op-1");
    drafts.update("a", { reply: "for A" });
    drafts.update("a", { mode: "note", note: "note on A" });
    expect(drafts.get("b")).toEqual({ reply: "", note: "", mode: "reply" });
    expect(drafts.get("a")).toEqual({ reply: "for A", note: "note on A", mode: "note" });
  });

  it("comes back from storage (a reload), per operator", () => {
    new ComposerDrafts("op-2").update("c", { reply: "half-written answer" });
    expect(new ComposerDrafts("op-2").get("c").reply).toBe("half-written answer");
    expect(new ComposerDrafts("op-3").get("c").reply).toBe("");
  });

  it("forgets a draft once it is sent and empty", () => {
    const drafts = new ComposerDrafts("op-4");
    drafts.update("d", { reply: "sent soon" });
    expect(readStored(draftKey("op-4", "d"))).not.toBeNull();
    drafts.clear("d", "reply");
    expect(readStored(draftKey("op-4", "d"))).toBeNull();
    expect(drafts.get("d").reply).toBe("");
  });

  it("notifies subscribers with a new snapshot", () => {
    const drafts = new ComposerDrafts("op-5");
    let calls = 0;
    drafts.subscribe(() => calls++);
    const before = drafts.get("e");
    drafts.update("e", { reply: "x" });
    expect(calls).toBe(1);
    expect(drafts.get("e")).not.toBe(before);
  });
});
