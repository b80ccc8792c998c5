import { ErrorCodes, parsePayload, type Ack, type Result } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { z } from "zod";
import { DomainError } from "../domain/errors";
import { toApiError } from "../errors-to-api";
import type { Publish, Reported } from "../events/with-events";

type AckFn = (result: Result<unknown>) => void;

/** What a request handler needs besides its schema and command: where to log and where committed events go. */
export interface RequestContext {
  logger: Logger;
  publish: Publish;
}

/**
 * Wrap a request event: validate the payload, run the domain command, answer the ack with `reply(result)` (the
 * result itself by default), then hand the events the command reported (`result.events`, or a refusal's
 * `DomainError.events`) to the spine. Never throws: a bad payload or a failing call becomes `{ error }` in the ack.
 */
export function handleRequest<S extends z.ZodType, T, R = T>(
  ctx: RequestContext,
  schema: S,
  run: (input: z.infer<S>) => Promise<T>,
  reply?: (result: T) => R,
): (payload: unknown, ack: Ack<R>) => Promise<void> {
  const { logger, publish } = ctx;
  return async (...args: unknown[]): Promise<void> => {
    const last = args[args.length - 1];
    const ack: AckFn = typeof last === "function" ? (last as AckFn) : () => {};
    // A request without a payload is read as `{}`, so events whose fields are all optional need none.
    const payload = typeof args[0] === "function" || args[0] === undefined ? {} : args[0];
    const parsed = parsePayload(schema, payload);
    if (!parsed.ok) return ack({ error: parsed.error });
    let result: T;
    try {
      result = await run(parsed.value);
    } catch (err) {
      ack({ error: toApiError(err, logger) });
      if (err instanceof DomainError && err.events.length > 0) publish(err.events);
      return;
    }
    ack({ data: reply ? reply(result) : result });
    const events = (result as Partial<Reported> | undefined)?.events;
    if (events && events.length > 0) publish(events);
  };
}

type Packet = unknown[];

/**
 * Counts the requests (events with an ack) each socket is running, so a node that is shutting down can finish
 * them before it disconnects its clients. While draining, a new request is answered at once with the retryable
 * UNAVAILABLE error: the client sends it again, with the same clientId, to the node it reconnects to.
 */
export function createRequestTracker() {
  let inflight = 0;
  let draining = false;
  const idle = new Set<() => void>();
  const done = () => {
    inflight--;
    if (inflight === 0) for (const wake of idle) wake();
  };
  return {
    get inflight() {
      return inflight;
    },
    get draining() {
      return draining;
    },
    /** `socket.use` middleware: wraps the ack of every request packet. */
    middleware(packet: Packet, next: (err?: Error) => void) {
      const last = packet.length - 1;
      const ack = packet[last];
      if (typeof ack !== "function") return next();
      if (draining) {
        (ack as AckFn)({ error: { code: ErrorCodes.UNAVAILABLE, message: "this node is restarting; retry the same request" } });
        return;
      }
      inflight++;
      let answered = false;
      packet[last] = (result: Result<unknown>) => {
        if (answered) return;
        answered = true;
        try {
          (ack as AckFn)(result);
        } finally {
          done();
        }
      };
      next();
    },
    /** Refuse new requests from now on and resolve once none is running (true), or after `timeoutMs` (false). */
    drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      if (inflight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => (clearTimeout(timer), idle.delete(wake), resolve(true));
        const timer = setTimeout(() => (idle.delete(wake), resolve(false)), timeoutMs);
        idle.add(wake);
      });
    },
  };
}

export type RequestTracker = ReturnType<typeof createRequestTracker>;

/**
 * One handler for every client event of a namespace, keyed by event name: a table that `satisfies` this type
 * fails to compile when it misses an event, names one the contract does not have, or answers the wrong type.
 * The payload arrives unchecked (each handler validates it); the ack is the contract's.
 */
export type HandlerTable<E> = {
  [K in keyof E]: E[K] extends (payload: never, ack: infer A) => void ? (payload: unknown, ack: A) => void : (payload: unknown) => void;
};

/** Register every handler of `table` on `socket`. */
export function listen<E>(socket: { on(event: string, fn: (...args: never[]) => void): unknown }, table: HandlerTable<E>): void {
  for (const [event, fn] of Object.entries(table)) socket.on(event, fn as (...args: never[]) => void);
}
