import { ZDomainEventSchema } from "@kaiwa/shared";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { domainEvent } from "../../src/events/domain-event";
import { createEventSpine } from "../../src/events/event-spine";

/** A logger whose lines are kept, to check what a failing listener leaves behind. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "error" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const WS = "9f1b7b8e-3c7d-4a59-9a53-6a2e1c0f4b11";
const CONVERSATION = "0b8f7a4e-2f4c-4c1e-8a51-6c3d2e1f0a99";

describe("event spine", () => {
  it("calls each listener of an event's type; a throwing or rejecting listener is logged with the event id and the others still run", async () => {
    const { logger, lines } = recordingLogger();
    const spine = createEventSpine(logger);
    const heard: string[] = [];
    spine.on("conversation.tagged", "throws", () => {
      throw new Error("listener bug");
    });
    spine.on("conversation.tagged", "rejects", async () => {
      throw new Error("async listener bug");
    });
    spine.on(["conversation.tagged", "note.added"], "counts", (e) => void heard.push(e.type));
    spine.on("note.added", "notes only", () => void heard.push("notes only"));
    const event = domainEvent("conversation.tagged", WS, null, { conversationId: CONVERSATION, tags: ["vip"] });
    expect(() => spine.publish([event])).not.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual(["conversation.tagged"]);
    expect(lines.map((l) => [l.listener, l.eventId, l.eventType, (l.err as { message: string }).message])).toEqual([
      ["throws", event.id, "conversation.tagged", "listener bug"],
      ["rejects", event.id, "conversation.tagged", "async listener bug"],
    ]);
    expect(spine.describe()).toEqual({ "conversation.tagged": ["throws", "rejects", "counts"], "note.added": ["counts", "notes only"] });
  });

  it("builds events that the shared schema accepts, with an id, the workspace, the time and the actor", () => {
    const event = domainEvent("conversation.tagged", WS, { kind: "operator", workspaceId: WS, operatorId: CONVERSATION, name: "Aiko", role: "admin" }, {
      conversationId: CONVERSATION,
      tags: ["返品"],
    });
    expect(ZDomainEventSchema.parse(event)).toEqual(event);
    expect(event.actor).toEqual({ kind: "operator", id: CONVERSATION, name: "Aiko" });
    expect(ZDomainEventSchema.safeParse({ ...event, type: "note.added" }).success).toBe(false);
  });
});
