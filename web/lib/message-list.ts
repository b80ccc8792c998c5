// The list of messages a chat view shows: stored messages from the server merged with our own sends that
// are still on their way. Pure functions, shared by the widget and the console, so both obey one rule:
// nothing shown twice (match by id, then by clientId), stored messages ordered by seq, unsent ones last.
import type { ApiError, AuthorKind, Message } from "@kaiwa/shared";

/** `sent`: stored by the server. `sending`: ours, waiting for its ack. `failed`: ours, refused or timed out. */
export type ItemStatus = "sent" | "sending" | "failed";

export interface ChatItem {
  /** Stable key for rendering: it does not change when a pending item becomes the stored message. */
  key: string;
  /** Server id; null until stored. */
  id: string | null;
  clientId: string;
  /** Null for a visitor's first message, sent before the conversation exists. */
  conversationId: string | null;
  /** Null until stored. */
  seq: number | null;
  authorKind: AuthorKind;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: string;
  status: ItemStatus;
  /** Why the last attempt failed. */
  error: ApiError | null;
}

/** A message we are about to send. */
export interface Draft {
  clientId: string;
  conversationId: string | null;
  body: string;
  authorKind: AuthorKind;
  authorId?: string | null;
  authorName?: string | null;
  createdAt?: string;
}

/** Length as the server counts it: in Unicode code points, so an emoji counts once. */
export function bodyLength(body: string): number {
  let n = 0;
  for (const _ of body) n++;
  return n;
}

/** A stored message as a list item, keeping `key` when it replaces an existing item. */
export function fromMessage(message: Message, key: string = message.id): ChatItem {
  return {
    key,
    id: message.id,
    clientId: message.clientId,
    conversationId: message.conversationId,
    seq: message.seq,
    authorKind: message.authorKind,
    authorId: message.authorId,
    authorName: message.authorName,
    body: message.body,
    createdAt: message.createdAt,
    status: "sent",
    error: null,
  };
}

/** Stored messages by seq; unsent ones after them, in the order they were written (the sort is stable). */
export function compareItems(a: ChatItem, b: ChatItem): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return 0;
}

function sameMessage(item: ChatItem, message: Message): boolean {
  return (
    item.id === message.id &&
    item.status === "sent" &&
    item.seq === message.seq &&
    item.body === message.body &&
    item.authorName === message.authorName
  );
}

/**
 * Merge stored messages (an ack, a sync page, a live `message:new`) into the list. A message replaces the
 * item with the same id, else our pending or failed item with the same clientId, else it is added.
 * Returns the same array when nothing changed, so React can skip a render.
 */
export function mergeMessages(items: readonly ChatItem[], incoming: readonly Message[]): ChatItem[] {
  if (incoming.length === 0) return items as ChatItem[];
  const next = items.slice();
  const byId = new Map<string, number>();
  const byClientId = new Map<string, number>();
  next.forEach((item, i) => {
    if (item.id) byId.set(item.id, i);
    else byClientId.set(item.clientId, i);
  });
  let changed = false;
  for (const message of incoming) {
    let index = byId.get(message.id);
    if (index === undefined) {
      const pending = byClientId.get(message.clientId);
      const candidate = pending === undefined ? undefined : next[pending];
      // A clientId is unique per conversation; a visitor's first send has no conversation yet.
      if (candidate && (candidate.conversationId === null || candidate.conversationId === message.conversationId)) {
        index = pending;
        byClientId.delete(message.clientId);
      }
    }
    const existing = index === undefined ? undefined : next[index];
    if (index !== undefined && existing) {
      if (sameMessage(existing, message)) continue;
      next[index] = fromMessage(message, existing.key);
    } else {
      next.push(fromMessage(message));
      index = next.length - 1;
    }
    byId.set(message.id, index);
    changed = true;
  }
  if (!changed) return items as ChatItem[];
  return next.sort(compareItems);
}

/** Add our own message as `sending`; a clientId already in the list is left alone. */
export function addPending(items: readonly ChatItem[], draft: Draft): ChatItem[] {
  if (items.some((item) => item.clientId === draft.clientId)) return items as ChatItem[];
  const item: ChatItem = {
    key: `local:${draft.clientId}`,
    id: null,
    clientId: draft.clientId,
    conversationId: draft.conversationId,
    seq: null,
    authorKind: draft.authorKind,
    authorId: draft.authorId ?? null,
    authorName: draft.authorName ?? null,
    body: draft.body,
    createdAt: draft.createdAt ?? new Date().toISOString(),
    status: "sending",
    error: null,
  };
  return [...items, item];
}

function updateUnsent(items: readonly ChatItem[], clientId: string, patch: Partial<ChatItem>): ChatItem[] {
  const index = items.findIndex((item) => item.clientId === clientId && item.status !== "sent");
  if (index < 0) return items as ChatItem[];
  const next = items.slice();
  next[index] = { ...(next[index] as ChatItem), ...patch };
  return next;
}

/** The send of `clientId` failed; a stored message is never downgraded. */
export function markFailed(items: readonly ChatItem[], clientId: string, error: ApiError): ChatItem[] {
  return updateUnsent(items, clientId, { status: "failed", error });
}

/** `clientId` was refused for a passing reason and goes again by itself: still `sending`, with the reason. */
export function markRetrying(items: readonly ChatItem[], clientId: string, error: ApiError): ChatItem[] {
  return updateUnsent(items, clientId, { status: "sending", error });
}

/** Retrying `clientId`: back to `sending`, with the same clientId so the server can recognise a duplicate. */
export function markSending(items: readonly ChatItem[], clientId: string): ChatItem[] {
  return updateUnsent(items, clientId, { status: "sending", error: null });
}

/** Give unsent items that were written before the conversation existed their conversation. */
export function assignConversation(items: readonly ChatItem[], conversationId: string): ChatItem[] {
  if (!items.some((item) => item.conversationId === null)) return items as ChatItem[];
  return items.map((item) => (item.conversationId === null ? { ...item, conversationId } : item));
}

/** Our messages still waiting to be sent, oldest first. */
export function pendingItems(items: readonly ChatItem[]): ChatItem[] {
  return items.filter((item) => item.status === "sending");
}

/**
 * Where to resume a sync: the end of the unbroken run of seqs starting at the lowest one held (0 when none).
 * A live message that arrived after a gap does not move the cursor past the gap.
 */
export function syncCursor(items: readonly ChatItem[]): number {
  const seqs = new Set<number>();
  let lowest = Infinity;
  for (const item of items) {
    if (item.seq === null) continue;
    seqs.add(item.seq);
    if (item.seq < lowest) lowest = item.seq;
  }
  if (seqs.size === 0) return 0;
  let cursor = lowest;
  while (seqs.has(cursor + 1)) cursor++;
  return cursor;
}

/** The highest seq held (0 when none). */
export function highestSeq(items: readonly ChatItem[]): number {
  let max = 0;
  for (const item of items) if (item.seq !== null && item.seq > max) max = item.seq;
  return max;
}

/** True when some seq is missing between the lowest and the highest held: time to sync. */
export function hasGap(items: readonly ChatItem[]): boolean {
  return syncCursor(items) < highestSeq(items);
}

export type MessageListAction =
  | { type: "merge"; messages: readonly Message[] }
  | { type: "pending"; draft: Draft }
  | { type: "failed"; clientId: string; error: ApiError }
  | { type: "retry"; clientId: string }
  | { type: "assign"; conversationId: string }
  | { type: "reset"; messages?: readonly Message[] };

/** The same operations as a reducer, for `useReducer` or a store. */
export function messageListReducer(items: ChatItem[], action: MessageListAction): ChatItem[] {
  switch (action.type) {
    case "merge":
      return mergeMessages(items, action.messages);
    case "pending":
      return addPending(items, action.draft);
    case "failed":
      return markFailed(items, action.clientId, action.error);
    case "retry":
      return markSending(items, action.clientId);
    case "assign":
      return assignConversation(items, action.conversationId);
    case "reset":
      return mergeMessages([], action.messages ?? []);
  }
}
