import { ErrorCodes, type Message, type Result } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { addPending, type ChatItem } from "./message-list";
import { AUTO_RETRIES, Outbox } from "./outbox";

const stored = (item: ChatItem): Message => ({
  id: "m1",
  conversationId: "c1",
  seq: 1,
  clientId: item.clientId,
  authorKind: "visitor",
  authorId: null,
  authorName: null,
  body: item.body,
  createdAt: new Date().toISOString(),
});

function setup(answers: Result<Message>[] | ((item: ChatItem) => Result<Message>)) {
  const events: string[] = [];
  const timers: (() => void)[] = [];
  let sends = 0;
  const outbox = new Outbox({
    isOnline: () => true,
    transmit: async (item) => {
      sends++;
      return typeof answers === "function" ? answers(item) : (answers.shift() ?? { data: stored(item) });
    },
    onSent: (m) => events.push(`sent ${m.clientId}`),
    onFailed: (id, e) => events.push(`failed ${id} ${e.code}`),
    onRetrying: (id, e) => events.push(`retrying ${id} ${e.code}`),
    setTimer: (fn) => timers.push(fn),
  });
  const [item] = addPending([], { clientId: "client-1", conversationId: "c1", body: "hello", authorKind: "visitor" });
  const tick = async () => {
    await new Promise((r) => setTimeout(r, 0));
  };
  return { outbox, item: item as ChatItem, events, timers, sends: () => sends, tick };
}

describe("Outbox", () => {
  it("retries a retryable refusal by itself with the same clientId, then reports it sent", async () => {
    const unavailable = { error: { code: ErrorCodes.UNAVAILABLE, message: "db restarting" } };
    const t = setup([unavailable, unavailable]);
    t.outbox.deliver(t.item);
    await t.tick();
    expect(t.events).toEqual(["retrying client-1 UNAVAILABLE"]);
    t.timers.shift()!();
    await t.tick();
    t.timers.shift()!();
    await t.tick();
    expect(t.events).toEqual(["retrying client-1 UNAVAILABLE", "retrying client-1 UNAVAILABLE", "sent client-1"]);
    expect(t.sends()).toBe(3);
  });

  it("gives up after the automatic retries and lets the user retry", async () => {
    const t = setup(() => ({ error: { code: ErrorCodes.RATE_LIMITED, message: "slow down" } }));
    t.outbox.deliver(t.item);
    for (let i = 0; i < AUTO_RETRIES; i++) {
      await t.tick();
      t.timers.shift()!();
    }
    await t.tick();
    expect(t.events.filter((e) => e.startsWith("retrying"))).toHaveLength(AUTO_RETRIES);
    expect(t.events.at(-1)).toBe("failed client-1 RATE_LIMITED");
  });

  it("reports a final refusal at once", async () => {
    const t = setup([{ error: { code: ErrorCodes.MESSAGE_TOO_LONG, message: "too long" } }]);
    t.outbox.deliver(t.item);
    await t.tick();
    expect(t.events).toEqual(["failed client-1 MESSAGE_TOO_LONG"]);
    expect(t.timers).toHaveLength(0);
  });
});
