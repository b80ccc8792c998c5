import type { ErrorCode } from "@kaiwa/shared";

/** An expected refusal: transports turn it into `{ error: { code, message } }`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
