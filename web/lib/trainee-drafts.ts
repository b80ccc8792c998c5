// What the console shows of trainee drafts: the review queue (oldest first), the conversations that have one
// waiting, and the drafts of one conversation. Pure functions over the store's `traineeDrafts`.
import type { Draft } from "@kaiwa/shared";

const byCreation = (a: Draft, b: Draft) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Drafts waiting for review, oldest first. */
export function pendingQueue(drafts: Record<string, Draft>): Draft[] {
  return Object.values(drafts)
    .filter((d) => d.status === "pending")
    .sort(byCreation);
}

/** How many drafts wait in each conversation. */
export function waitingByConversation(drafts: Record<string, Draft>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of Object.values(drafts)) if (d.status === "pending") out[d.conversationId] = (out[d.conversationId] ?? 0) + 1;
  return out;
}

/** One conversation's drafts, oldest first. */
export function draftsOf(drafts: Record<string, Draft>, conversationId: string | null): Draft[] {
  if (!conversationId) return [];
  return Object.values(drafts)
    .filter((d) => d.conversationId === conversationId)
    .sort(byCreation);
}
