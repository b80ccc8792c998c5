import type { IncomingHttpHeaders } from "node:http";

/**
 * The client's address as express's `trust proxy` would read it, for requests express does not see (Socket.IO
 * handshakes): the socket's own address, or with `trustProxy` hops in front, the entry of X-Forwarded-For that the
 * nearest trusted proxy appended. Entries further left were written by the client and prove nothing.
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: number): string {
  const direct = remoteAddress ?? "unknown";
  if (trustProxy <= 0) return direct;
  const forwarded = String(headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustProxy] ?? forwarded[0] ?? direct;
}
