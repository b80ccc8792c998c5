// This node's live listeners: each subscribes to the event types it needs and is called once the command's
// transaction committed. Durable consumers (outbox-worker.ts) are the other half of the spine.
import type { DomainEvent, DomainEventOf, DomainEventType } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Publish } from "./with-events";

type Listener<T extends DomainEventType> = (event: DomainEventOf<T>) => void | Promise<void>;

/** Create the registry of live listeners and the `publish` every transport calls after answering. */
export function createEventSpine(logger: Logger) {
  const listeners = new Map<DomainEventType, { name: string; fn: (event: DomainEvent) => void | Promise<void> }[]>();
  const afterPublish = new Set<(events: readonly DomainEvent[]) => void>();

  const report = (name: string, event: DomainEvent, err: unknown) =>
    logger.error({ err, listener: name, eventId: event.id, eventType: event.type }, "event listener failed");

  const publish: Publish = (events) => {
    for (const event of events) {
      for (const { name, fn } of listeners.get(event.type) ?? []) {
        try {
          const done = fn(event);
          if (done && typeof (done as Promise<void>).catch === "function") (done as Promise<void>).catch((err) => report(name, event, err));
        } catch (err) {
          report(name, event, err);
        }
      }
    }
    for (const fn of afterPublish) {
      try {
        fn(events);
      } catch (err) {
        logger.error({ err }, "after-publish hook failed");
      }
    }
  };

  return {
    publish,
    /** Call `fn` (named `name` in logs) for every event of the given types committed by this node. */
    on<T extends DomainEventType>(types: T | readonly T[], name: string, fn: Listener<T>): void {
      for (const type of typeof types === "string" ? [types] : types) {
        const list = listeners.get(type) ?? [];
        list.push({ name, fn: fn as (event: DomainEvent) => void | Promise<void> });
        listeners.set(type, list);
      }
    },
    /** Called with every batch published (the outbox worker uses it to look for new deliveries at once). */
    afterPublish(fn: (events: readonly DomainEvent[]) => void): void {
      afterPublish.add(fn);
    },
    /** The listeners' names by event type, for the docs test and the start-up log. */
    describe(): Record<string, string[]> {
      return Object.fromEntries([...listeners].map(([type, list]) => [type, list.map((l) => l.name)]));
    },
  };
}

export type EventSpine = ReturnType<typeof createEventSpine>;
