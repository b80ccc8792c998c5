import type { ApiError } from "@kaiwa/shared";

/** A handshake refusal; the client reads `err.data.code` in its `connect_error` handler. */
export function connectError(error: ApiError): Error & { data: ApiError } {
  return Object.assign(new Error(error.message), { data: error });
}
