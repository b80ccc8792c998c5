// Delivery of our own messages, shared by the widget and the console. A message is sent with a clientId;
// the server stores a clientId once, so sending again after a doubt (a timeout, a reconnect) never
// duplicates it. While offline a message stays `sending` and goes out on the next connect.
import type { ApiError, Message, Result } from "@kaiwa/shared";
import type { ChatItem } from "./message-list";

export interface OutboxOptions {
  /** True while the socket is connected. */
  isOnline(): boolean;
  /** Emit `message:send` for this item and resolve with its ack. */
  transmit(item: ChatItem): Promise<Result<Message>>;
  /** The server stored it. */
  onSent(message: Message): void;
  /** The server refused it, or did not answer while we were connected. */
  onFailed(clientId: string, error: ApiError): void;
}

export class Outbox {
  private readonly inFlight = new Set<string>();
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
      if (result.data) this.options.onSent(result.data);
      else if (this.options.isOnline()) this.options.onFailed(item.clientId, result.error);
      // Offline: the item stays `sending` and `flush` sends it after the reconnect.
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
