// How a transport hands the events a command reported to the spine: the command returns them next to its result,
// the transport answers with the result and passes the events on, unchanged, after the answer has left.
import type { DomainEvent } from "@kaiwa/shared";

/** What a domain command that changed state returns: its result and the events it caused. */
export interface Reported {
  events: readonly DomainEvent[];
}

/** Publishes committed events to this node's listeners (never throws; a listener's failure is logged). */
export type Publish = (events: readonly DomainEvent[]) => void;

const REPLY = Symbol("reply with events");

/** A transport's answer `reply`, with the `events` to publish once it has been sent. */
export interface ReplyWithEvents<T> {
  [REPLY]: true;
  reply: T;
  events: readonly DomainEvent[];
}

/** Wrap an answer and the events the command reported, for `unwrapReply`. */
export function withEvents<T>(reply: T, events: readonly DomainEvent[]): ReplyWithEvents<T> {
  return { [REPLY]: true, reply, events };
}

/** The answer to send and the events to publish after it, from what a handler returned. */
export function unwrapReply(value: unknown): { reply: unknown; events: readonly DomainEvent[] } {
  if (value && typeof value === "object" && REPLY in value) {
    const r = value as ReplyWithEvents<unknown>;
    return { reply: r.reply, events: r.events };
  }
  return { reply: value, events: [] };
}
