import type { DomainEvent, ErrorCode } from "@kaiwa/shared";

/**
 * An expected refusal: transports turn it into `{ error: { code, message } }`. A refusal that still changed
 * something (a trainee's reply held as a draft) carries the events of that change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly events: readonly DomainEvent[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}
