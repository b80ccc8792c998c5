import type { Conversation } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { previewLine } from "./inbox-preview";

const s = { you: "You", operator: "Operator", bot: "Bot", system: "System", noMessages: "No messages yet" };
const last = (over: Partial<NonNullable<Conversation["lastMessage"]>>): Conversation["lastMessage"] => ({
  body: "Thanks!",
  authorKind: "operator",
  authorId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  seq: 2,
  ...over,
});

describe("inbox preview", () => {
  it("says You only for your own reply and names the other operators", () => {
    expect(previewLine(last({ authorId: "me" }), "me", { bob: "Bob" }, s)).toBe("You: Thanks!");
    expect(previewLine(last({ authorId: "bob" }), "me", { bob: "Bob" }, s)).toBe("Bob: Thanks!");
    expect(previewLine(last({ authorId: "gone" }), "me", { bob: "Bob" }, s)).toBe("Operator: Thanks!");
    expect(previewLine(last({ authorId: null }), "me", {}, s)).toBe("Operator: Thanks!");
  });

  it("puts nothing before the visitor's words; bots and the system are named", () => {
    expect(previewLine(last({ authorKind: "visitor" }), "me", {}, s)).toBe("Thanks!");
    expect(previewLine(last({ authorKind: "bot" }), "me", {}, s)).toBe("Bot: Thanks!");
    expect(previewLine(null, "me", {}, s)).toBe("No messages yet");
  });
});
