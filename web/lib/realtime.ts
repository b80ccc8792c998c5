// Small helpers around socket.io-client shared by the widget and the console.
import {
  ErrorCodes,
  type Ack,
  type ApiError,
  type ErrorCode,
  type Message,
  type Result,
  type SyncPage,
} from "@kaiwa/shared";
import type { ManagerOptions, Socket, SocketOptions } from "socket.io-client";

/** How long a request waits for its ack before it counts as failed. */
export const ACK_TIMEOUT_MS = 10_000;

/** Connection state shown to people. */
/**
 * WebSocket first: a websocket stays on the node it reached, so several dynos need no session affinity.
 * Behind a proxy that blocks websockets the client falls back to long-polling, which does need affinity
 * (docs/scaling.md).
 */
export const TRANSPORTS: Pick<Partial<ManagerOptions & SocketOptions>, "transports" | "tryAllTransports"> = {
  transports: ["websocket", "polling"],
  tryAllTransports: true,
};

export type ConnectionState = "connecting" | "connected" | "reconnecting";

type RequestPayload<F> = F extends (payload: infer P, ack: Ack<infer _R>) => void ? P : never;
type RequestReply<F> = F extends (payload: infer _P, ack: Ack<infer R>) => void ? R : never;

const noAnswer: ApiError = { code: ErrorCodes.UNAVAILABLE, message: "no answer from the server" };

/**
 * Send a request event and resolve with its ack. Never rejects: a timeout or a dropped connection becomes
 * an UNAVAILABLE error, which the caller may retry as is.
 */
// biome-ignore lint/suspicious/noExplicitAny: any event map, as socket.io's own generics
export async function ask<E extends { [event: string]: any }, K extends keyof E & string>(
  // biome-ignore lint/suspicious/noExplicitAny: any server-to-client map
  socket: Socket<any, E>,
  event: K,
  payload: RequestPayload<E[K]>,
  timeoutMs: number = ACK_TIMEOUT_MS,
): Promise<Result<RequestReply<E[K]>>> {
  try {
    // The typed overloads of emitWithAck cannot follow a generic event name; the signature above keeps callers typed.
    const untyped = socket.timeout(timeoutMs) as unknown as { emitWithAck(ev: string, p: unknown): Promise<unknown> };
    const result = (await untyped.emitWithAck(event, payload)) as Result<RequestReply<E[K]>> | null | undefined;
    if (!result || (result.data === undefined && !result.error)) return { error: { code: ErrorCodes.INTERNAL, message: "empty ack" } };
    return result;
  } catch {
    return { error: noAnswer };
  }
}

/** Fetch every message after `afterSeq`, page after page while `hasMore`. */
export async function syncAll(
  fetchPage: (afterSeq: number) => Promise<Result<SyncPage>>,
  afterSeq: number,
): Promise<Result<{ conversation: SyncPage["conversation"]; messages: Message[] }>> {
  const messages: Message[] = [];
  let cursor = afterSeq;
  // A page never repeats (seq only grows), so this ends; the bound is a guard against a misbehaving server.
  for (let page = 0; page < 10_000; page++) {
    const result = await fetchPage(cursor);
    if (result.error) return result;
    messages.push(...result.data.messages);
    const last = result.data.messages[result.data.messages.length - 1];
    if (!result.data.hasMore || !last) return { data: { conversation: result.data.conversation, messages } };
    cursor = last.seq;
  }
  return { error: { code: ErrorCodes.INTERNAL, message: "sync did not end" } };
}

/** The code a handshake refusal carries (`connect_error` data), if any. */
export function connectErrorCode(err: unknown): ErrorCode | undefined {
  const data = (err as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === "string" ? (data.code as ErrorCode) : undefined;
}

/** A fresh id for an idempotent send. crypto.randomUUID needs a secure context; fall back to random bytes. */
export function newClientId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Delay before reconnect attempt `n` (0-based): exponential with jitter, at most 30 s. */
export function backoffMs(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** Read a JSON `{ data } | { error }` response; network failures become UNAVAILABLE. */
export async function fetchResult<T>(input: string, init?: RequestInit): Promise<Result<T>> {
  try {
    const res = await fetch(input, {
      ...init,
      headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}), ...init?.headers },
      credentials: "same-origin",
      cache: "no-store",
    });
    const body = (await res.json().catch(() => null)) as Result<T> | null;
    if (body && (body.data !== undefined || body.error)) return body;
    return { error: { code: res.ok ? ErrorCodes.INTERNAL : ErrorCodes.UNAVAILABLE, message: `HTTP ${res.status}` } };
  } catch {
    return { error: { code: ErrorCodes.UNAVAILABLE, message: "network error" } };
  }
}
