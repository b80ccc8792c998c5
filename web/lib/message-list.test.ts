import type { Message } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import {
  addPending,
  assignConversation,
  hasGap,
  markFailed,
  markSending,
  mergeMessages,
  messageListReducer,
  pendingItems,
  syncCursor,
  type ChatItem,
} from "./message-list";

const CONV = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: CONV,
    seq,
    clientId: `client-${seq}`,
    authorKind: "visitor",
    authorId: null,
    authorName: null,
    body: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    ...over,
  };
}

const pending = (items: ChatItem[], clientId: string, conversationId: string | null = CONV, body = "hello") =>
  addPending(items, { clientId, conversationId, body, authorKind: "visitor" });

const seqs = (items: ChatItem[]) => items.map((i) => i.seq);
const bodies = (items: ChatItem[]) => items.map((i) => i.body);

describe("mergeMessages", () => {
  it("orders stored messages by seq whatever the arrival order", () => {
    const items = mergeMessages([], [msg(3), msg(1), msg(2)]);
    expect(seqs(items)).toEqual([1, 2, 3]);
    expect(items.every((i) => i.status === "sent")).toBe(true);
  });

  it("never shows a message twice (same id from an ack, a live event and a sync)", () => {
    let items = mergeMessages([], [msg(1), msg(2)]);
    items = mergeMessages(items, [msg(2)]);
    items = mergeMessages(items, [msg(1), msg(2), msg(3)]);
    items = mergeMessages(items, [msg(3), msg(3)]);
    expect(seqs(items)).toEqual([1, 2, 3]);
  });

  it("returns the same array when nothing changed", () => {
    const items = mergeMessages([], [msg(1)]);
    expect(mergeMessages(items, [msg(1)])).toBe(items);
    expect(mergeMessages(items, [])).toBe(items);
  });

  it("replaces a pending item by its stored message, matched by clientId, keeping its key", () => {
    let items = pending([], "abc12345");
    const key = items[0]?.key;
    items = mergeMessages(items, [msg(1, { id: "stored", clientId: "abc12345", body: "hello" })]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: "stored", seq: 1, status: "sent", key });
  });

  it("keeps unsent items after stored ones, in the order they were written", () => {
    let items = pending([], "first-000", CONV, "first");
    items = pending(items, "second-00", CONV, "second");
    items = mergeMessages(items, [msg(5), msg(4)]);
    expect(bodies(items)).toEqual(["message 4", "message 5", "first", "second"]);
    items = mergeMessages(items, [msg(6, { clientId: "second-00", body: "second" })]);
    expect(bodies(items)).toEqual(["message 4", "message 5", "second", "first"]);
    expect(items[3]?.status).toBe("sending");
  });

  it("turns a failed item into the stored message when the server had kept it after all", () => {
    let items = pending([], "lost-ack1");
    items = markFailed(items, "lost-ack1", { code: "UNAVAILABLE", message: "timeout" });
    items = mergeMessages(items, [msg(1, { clientId: "lost-ack1", body: "hello" })]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: "sent", error: null, seq: 1 });
  });

  it("matches a visitor's first message, written before the conversation existed", () => {
    let items = pending([], "before-conv", null);
    items = mergeMessages(items, [msg(1, { clientId: "before-conv" })]);
    expect(items).toHaveLength(1);
    expect(items[0]?.conversationId).toBe(CONV);
  });

  it("does not match a clientId from another conversation", () => {
    let items = pending([], "same-client", OTHER);
    items = mergeMessages(items, [msg(1, { clientId: "same-client" })]);
    expect(items).toHaveLength(2);
  });

  it("updates a message whose stored copy changed (e.g. the author name arrived)", () => {
    let items = mergeMessages([], [msg(1, { authorKind: "operator", authorName: null })]);
    items = mergeMessages(items, [msg(1, { authorKind: "operator", authorName: "Aiko" })]);
    expect(items).toHaveLength(1);
    expect(items[0]?.authorName).toBe("Aiko");
  });
});

describe("sending, failing, retrying", () => {
  it("adds a pending item once per clientId", () => {
    let items = pending([], "once-only");
    items = pending(items, "once-only");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: "sending", id: null, seq: null });
  });

  it("fails and retries with the same clientId", () => {
    let items = pending([], "retry-me1");
    items = markFailed(items, "retry-me1", { code: "MESSAGE_TOO_LONG", message: "too long" });
    expect(items[0]).toMatchObject({ status: "failed", error: { code: "MESSAGE_TOO_LONG" } });
    expect(pendingItems(items)).toHaveLength(0);
    items = markSending(items, "retry-me1");
    expect(items[0]).toMatchObject({ status: "sending", error: null, clientId: "retry-me1" });
    expect(pendingItems(items).map((i) => i.clientId)).toEqual(["retry-me1"]);
  });

  it("never downgrades a stored message to failed", () => {
    let items = pending([], "stored-00");
    items = mergeMessages(items, [msg(1, { clientId: "stored-00" })]);
    const after = markFailed(items, "stored-00", { code: "UNAVAILABLE", message: "late timeout" });
    expect(after).toBe(items);
    expect(after[0]?.status).toBe("sent");
  });

  it("gives early items their conversation once it exists", () => {
    let items = pending([], "early-001", null);
    items = assignConversation(items, CONV);
    expect(items[0]?.conversationId).toBe(CONV);
  });
});

describe("sync cursor and gaps", () => {
  it("is 0 with nothing held", () => {
    expect(syncCursor([])).toBe(0);
    expect(syncCursor(pending([], "not-stored"))).toBe(0);
  });

  it("is the end of the unbroken run, so a live message after a gap does not hide it", () => {
    const items = mergeMessages([], [msg(1), msg(2), msg(3), msg(6)]);
    expect(syncCursor(items)).toBe(3);
    expect(hasGap(items)).toBe(true);
    expect(hasGap(mergeMessages(items, [msg(4), msg(5)]))).toBe(false);
    expect(syncCursor(mergeMessages(items, [msg(4), msg(5)]))).toBe(6);
  });

  it("starts from the lowest seq held (a window of recent history)", () => {
    const items = mergeMessages([], [msg(40), msg(41), msg(42)]);
    expect(syncCursor(items)).toBe(42);
    expect(hasGap(items)).toBe(false);
  });
});

describe("messageListReducer", () => {
  it("runs a whole exchange", () => {
    let items: ChatItem[] = [];
    items = messageListReducer(items, { type: "reset", messages: [msg(2), msg(1)] });
    items = messageListReducer(items, {
      type: "pending",
      draft: { clientId: "reducer-1", conversationId: CONV, body: "hi", authorKind: "visitor" },
    });
    items = messageListReducer(items, { type: "failed", clientId: "reducer-1", error: { code: "UNAVAILABLE", message: "x" } });
    items = messageListReducer(items, { type: "retry", clientId: "reducer-1" });
    items = messageListReducer(items, { type: "merge", messages: [msg(3, { clientId: "reducer-1", body: "hi" }), msg(3, { clientId: "reducer-1", body: "hi" })] });
    expect(items.map((i) => [i.seq, i.status])).toEqual([
      [1, "sent"],
      [2, "sent"],
      [3, "sent"],
    ]);
  });
});
