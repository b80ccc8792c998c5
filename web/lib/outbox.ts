// Delivery of our own messages, shared by the widget and the console. A message is sent with a clientId;
// the server stores a clientId once, so sending again after a doubt (a timeout, a reconnect) never
// duplicates it. While offline a message stays `sending` and goes out on the next connect; a retryable refusal
// (UNAVAILABLE, RATE_LIMITED) is retried by itself with a backoff, shown as "retrying", before it counts as failed.
import { RETRYABLE_ERRORS, type ApiError, type Message, type Result } from "@kaiwa/shared";
import type { ChatItem } from "./message-list";
import { backoffMs } from "./realtime";

/** Automatic attempts after a retryable refusal (a restarting database, a rate limit) before asking the user. */
export const AUTO_RETRIES = 6;

export interface OutboxOptions {
  /** True while the socket is connected. */
  isOnline(): boolean;
  /** Emit `message:send` for this item and resolve with its ack. */
  transmit(item: ChatItem): Promise<Result<Message>>;
  /** The server stored it. */
  onSent(message: Message): void;
  /** The server refused it, or did not answer while we were connected. */
  onFailed(clientId: string, error: ApiError): void;
  /** A retryable refusal: the item stays `sending` and goes again by itself after a backoff. */
  onRetrying?(clientId: string, error: ApiError): void;
  /** Timer functions (tests pass fakes). */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export class Outbox {
  private readonly inFlight = new Set<string>();
  /** Automatic retries made so far, per clientId. */
  private readonly attempts = new Map<string, number>();
  /** Bumped on every disconnect: answers to sends of an older connection no longer count as failures. */
  private generation = 0;

  constructor(private readonly options: OutboxOptions) {}

  /** Send one item now if we are online and it is not already on its way. */
  deliver(item: ChatItem): void {
    if (item.status !== "sending" || !this.options.isOnline() || this.inFlight.has(item.clientId)) return;
    const generation = this.generation;
    this.inFlight.add(item.clientId);
    void this.options.transmit(item).then((result) => {
      if (generation !== this.generation) {
        // Sent on a connection that has since dropped; the next connect sends it again unless it was stored.
        if (result.data) this.options.onSent(result.data);
        return;
      }
      this.inFlight.delete(item.clientId);
      if (result.data) {
        this.attempts.delete(item.clientId);
        this.options.onSent(result.data);
        return;
      }
      // Offline: the item stays `sending` and `flush` sends it after the reconnect.
      if (!this.options.isOnline()) return;
      const attempt = this.attempts.get(item.clientId) ?? 0;
      if (RETRYABLE_ERRORS.has(result.error.code) && attempt < AUTO_RETRIES) {
        this.attempts.set(item.clientId, attempt + 1);
        this.options.onRetrying?.(item.clientId, result.error);
        const timer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
        timer(() => this.deliver(item), backoffMs(attempt));
        return;
      }
      this.attempts.delete(item.clientId);
      this.options.onFailed(item.clientId, result.error);
    });
  }

  /** Send every item still `sending` (after a connect). */
  flush(items: readonly ChatItem[]): void {
    for (const item of items) this.deliver(item);
  }

  /** The connection dropped: forget what was in flight, it will be sent again. */
  disconnected(): void {
    this.generation++;
    this.inFlight.clear();
  }
}
