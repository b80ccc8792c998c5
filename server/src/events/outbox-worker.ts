// Durable consumers: each handles every event of its types exactly as often as needed for it to succeed once,
// on whichever node claims it first, in order per conversation. Deliveries are claimed with
// FOR UPDATE SKIP LOCKED under a lease (so the claim's transaction ends before the handler runs, which PGlite's
// single connection requires); a node that dies mid-handling leaves the lease to expire and another node retries.
import { ZDomainEventSchema, type DomainEventOf, type DomainEventType } from "@kaiwa/shared";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { errorSummary } from "../errors-to-api";

/** A consumer that must not miss an event. `handle` must be idempotent: an event may come twice after a crash. */
export interface DurableConsumer<T extends DomainEventType = DomainEventType> {
  name: string;
  types: readonly T[];
  handle(event: DomainEventOf<T>): Promise<void>;
}

export interface OutboxWorkerOptions {
  db: Db;
  logger: Logger;
  consumers: readonly DurableConsumer[];
  /** How often to look for deliveries nobody announced (written by a node that died, retries coming due). */
  pollMs?: number;
  /** How long a claim is exclusive; after that another node may take the delivery again. */
  leaseMs?: number;
  /** Attempts before a delivery is kept as failed. */
  maxAttempts?: number;
  /** Wait before the retry after the `attempt`-th failure. */
  backoffMs?: (attempt: number) => number;
  batchSize?: number;
}

interface ClaimedRow extends Record<string, unknown> {
  event_position: number | string;
  attempts: number;
  event: unknown;
}

/** Create the worker; nothing runs until `start`. */
export function createOutboxWorker(opts: OutboxWorkerOptions) {
  const { db, logger, consumers } = opts;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const backoffMs = opts.backoffMs ?? ((attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1)));
  const batchSize = opts.batchSize ?? 20;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let lastCleanup = 0;

  const register = async () => {
    for (const c of consumers) {
      const types = sql`array[${sql.join(c.types.map((t) => sql`${t}`), sql`, `)}]::text[]`;
      await db.execute(sql`
        insert into outbox_consumers (name, event_types) values (${c.name}, ${types})
        on conflict (name) do update set event_types = excluded.event_types, updated_at = now()`);
    }
  };

  const claim = async (consumer: string): Promise<ClaimedRow[]> => {
    const result = (await db.execute(sql`
      update outbox_deliveries d
      set attempts = d.attempts + 1, available_at = now() + ${leaseMs} * interval '1 millisecond'
      from (
        select d1.event_position, d1.consumer from outbox_deliveries d1
        where d1.consumer = ${consumer} and d1.status = 'pending' and d1.available_at <= now()
          and not exists (
            select 1 from outbox_deliveries d2
            where d2.consumer = d1.consumer and d2.status = 'pending' and d2.conversation_id = d1.conversation_id
              and d2.event_position < d1.event_position)
        order by d1.event_position
        limit ${batchSize}
        for update skip locked
      ) c
      where d.event_position = c.event_position and d.consumer = c.consumer
      returning d.event_position, d.attempts, (select e.event from outbox_events e where e.position = d.event_position) as event`)) as unknown as {
      rows: ClaimedRow[];
    };
    return result.rows.sort((a, b) => Number(a.event_position) - Number(b.event_position));
  };

  const settle = async (consumer: string, row: ClaimedRow, err: unknown) => {
    const position = Number(row.event_position);
    if (!err) {
      await db.execute(sql`
        update outbox_deliveries set status = 'done', handled_at = now(), last_error = null
        where event_position = ${position} and consumer = ${consumer}`);
      return;
    }
    // Kept in the table as the log would keep it: never a failed query's parameters (a visitor's text).
    const message = errorSummary(err);
    const giveUp = row.attempts >= maxAttempts;
    const eventId = (row.event as { id?: string } | null)?.id;
    logger[giveUp ? "error" : "warn"]({ err, consumer, eventId, attempts: row.attempts }, giveUp ? "event delivery failed for good" : "event delivery failed; will retry");
    await db.execute(sql`
      update outbox_deliveries set
        status = ${giveUp ? "failed" : "pending"},
        last_error = ${message.slice(0, 2000)},
        available_at = now() + ${giveUp ? 0 : backoffMs(row.attempts)} * interval '1 millisecond'
      where event_position = ${position} and consumer = ${consumer}`);
  };

  /** Handle every claimable delivery of every consumer; resolves with how many were handled. */
  const drain = async (): Promise<number> => {
    let handled = 0;
    for (const consumer of consumers) {
      for (;;) {
        const rows = await claim(consumer.name);
        if (rows.length === 0) break;
        for (const row of rows) {
          let error: unknown = null;
          try {
            const event = ZDomainEventSchema.parse(row.event);
            await consumer.handle(event as never);
          } catch (err) {
            error = err ?? new Error("consumer failed");
          }
          await settle(consumer.name, row, error);
          handled++;
        }
      }
    }
    if (Date.now() - lastCleanup > 60 * 60 * 1000) {
      lastCleanup = Date.now();
      // Handled events are kept a week for inspection; failed ones until someone looks at them.
      await db.execute(sql`
        delete from outbox_events e where e.created_at < now() - interval '7 days'
          and not exists (select 1 from outbox_deliveries d where d.event_position = e.position and d.status <> 'done')`);
    }
    return handled;
  };

  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (err) {
          logger.warn({ err }, "outbox worker could not reach the database; trying again");
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
      if (!stopped) {
        timer = setTimeout(tick, pollMs);
        timer.unref?.();
      }
    });
  };

  return {
    /** Register the consumers' event types and start handling deliveries. */
    async start(): Promise<void> {
      await register();
      stopped = false;
      tick();
    },
    /** Register the consumers without handling anything (a node that only writes events). */
    register,
    /** Look for deliveries now (after this node committed durable events). */
    kick(): void {
      if (!stopped) tick();
    },
    /** Handle what is claimable now, once (tests). */
    drain,
    /** Stop, letting the delivery being handled finish. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
