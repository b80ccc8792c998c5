import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("links http and https URLs and leaves the rest as text", () => {
    expect(linkify("see https://example.com/a?b=1. thanks")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ". thanks" },
    ]);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "vbscript:msgbox",
  ])("never links %s", (text) => {
    expect(linkify(text).every((p) => p.kind === "text")).toBe(true);
    expect(linkify(text).map((p) => p.text).join("")).toBe(text);
  });

  it("keeps Japanese punctuation out of the link", () => {
    const parts = linkify("詳しくは http://example.jp/faq。よろしく");
    expect(parts[1]).toEqual({ kind: "link", text: "http://example.jp/faq", href: "http://example.jp/faq" });
  });
});
