import type { CannedResponse, Conversation } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { cannedSuggestions, fillPlaceholders } from "./canned";

const list: CannedResponse[] = [
  { id: "1", shortcut: "thanks", body: "Thank you, {{visitor.name}}!" },
  { id: "2", shortcut: "返品", body: "返品フォームはこちら" },
  { id: "3", shortcut: "hours", body: "We are open 9-18. Thanks for asking" },
];

describe("canned responses", () => {
  it("offers them after a slash, by shortcut prefix first", () => {
    expect(cannedSuggestions(list, "/th").map((c) => c.id)).toEqual(["1", "3"]);
    expect(cannedSuggestions(list, "/返").map((c) => c.id)).toEqual(["2"]);
    expect(cannedSuggestions(list, "/").length).toBe(3);
    expect(cannedSuggestions(list, "hello /th")).toEqual([]);
    expect(cannedSuggestions(list, "/th ")).toEqual([]);
  });

  it("fills placeholders, with a fallback name and unknown ones left alone", () => {
    const conversation = { visitor: { id: "v", name: "田中", email: "t@example.com" } } as Conversation;
    expect(fillPlaceholders("{{visitor.name}} 様 <{{ visitor.email }}> — {{operator.name}} {{x.y}}", { conversation, operatorName: "Aiko", fallbackName: "お客" })).toBe(
      "田中 様 <t@example.com> — Aiko {{x.y}}",
    );
    expect(fillPlaceholders("Hi {{visitor.name}}", { conversation: { visitor: { id: "v", name: null, email: null } } as Conversation, operatorName: "A", fallbackName: "there" })).toBe("Hi there");
  });
});
