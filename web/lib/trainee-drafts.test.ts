import type { Draft } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { draftsOf, pendingQueue, waitingByConversation } from "./trainee-drafts";

const draft = (id: string, conversationId: string, status: Draft["status"], createdAt: string): Draft => ({
  id,
  conversationId,
  authorId: "00000000-0000-4000-8000-000000000001",
  authorName: "Tomo",
  clientId: `client-${id}`,
  body: `draft ${id}`,
  status,
  reviewerId: null,
  reviewComment: null,
  messageId: null,
  createdAt,
  reviewedAt: null,
});

describe("trainee drafts", () => {
  const all = Object.fromEntries(
    [
      draft("d3", "c2", "pending", "2026-01-01T10:03:00.000Z"),
      draft("d1", "c1", "pending", "2026-01-01T10:01:00.000Z"),
      draft("d2", "c1", "approved", "2026-01-01T10:02:00.000Z"),
      draft("d4", "c1", "pending", "2026-01-01T10:04:00.000Z"),
    ].map((d) => [d.id, d]),
  );

  it("queues the pending ones, oldest first", () => {
    expect(pendingQueue(all).map((d) => d.id)).toEqual(["d1", "d3", "d4"]);
  });

  it("counts what waits per conversation", () => {
    expect(waitingByConversation(all)).toEqual({ c1: 2, c2: 1 });
  });

  it("lists one conversation's drafts, reviewed ones included", () => {
    expect(draftsOf(all, "c1").map((d) => d.id)).toEqual(["d1", "d2", "d4"]);
    expect(draftsOf(all, null)).toEqual([]);
  });
});
