// The durable outbox on every storage backend: events committed with their change, delivered to each registered
// consumer once, in order per conversation, retried with backoff, kept as failed after the last attempt, and
// taken over by another worker when the one that claimed it died.
import type { DomainEvent } from "@kaiwa/shared";
import pino from "pino";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { addNote } from "../../src/domain/conversations/notes";
import { setConversationStatus } from "../../src/domain/conversations/set-conversation-status";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { domainEvent } from "../../src/events/domain-event";
import { createOutboxWorker, type DurableConsumer } from "../../src/events/outbox-worker";
import { recordEvents } from "../../src/events/record-events";
import { newVisitor, seedWorkspace } from "../support/fixtures";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";

const logger = pino({ level: "silent" });

/** A consumer that keeps what it was handed; `fail(event)` decides whether an attempt throws. */
function recorder(name: string, types: DurableConsumer["types"], fail: (event: DomainEvent, attempt: number) => boolean = () => false) {
  const handled: DomainEvent[] = [];
  const attempts = new Map<string, number>();
  const consumer: DurableConsumer = {
    name,
    types,
    async handle(event) {
      const n = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, n);
      if (fail(event, n)) throw new Error(`refused ${event.type} (attempt ${n})`);
      handled.push(event);
    },
  };
  return { consumer, handled, attempts };
}

const delivery = async (db: Db, consumer: string, eventId: string) => {
  const result = (await db.execute(sql`
    select d.status, d.attempts, d.last_error from outbox_deliveries d join outbox_events e on e.position = d.event_position
    where d.consumer = ${consumer} and e.id = ${eventId}::uuid`)) as unknown as { rows: { status: string; attempts: number; last_error: string | null }[] };
  return result.rows[0];
};

export function outboxContract(name: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(opts.skip)(`durable outbox on ${name}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    it("delivers a committed command's events once to each consumer registered for them, in order per conversation", async () => {
      const w = await seedWorkspace(db);
      const opened = recorder(`opened-${w.workspace.id}`, ["conversation.opened", "conversation.status_changed", "note.added"]);
      const worker = createOutboxWorker({ db, logger, consumers: [opened.consumer] });
      await worker.register();
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const me = w.operatorActor();
      await addNote(db, me, { conversationId: conversation.id, body: "first" });
      await setConversationStatus(db, me, { conversationId: conversation.id, status: "pending" });
      await setConversationStatus(db, me, { conversationId: conversation.id, status: "resolved" });
      await worker.drain();
      await worker.drain();
      expect(opened.handled.map((e) => e.type)).toEqual(["conversation.opened", "note.added", "conversation.status_changed", "conversation.status_changed"]);
      expect(opened.handled.every((e) => e.workspaceId === w.workspace.id)).toBe(true);
      const last = opened.handled[3];
      expect(last?.type === "conversation.status_changed" && [last.data.from, last.data.to]).toEqual(["pending", "resolved"]);
      expect(await delivery(db, opened.consumer.name, opened.handled[0]!.id)).toMatchObject({ status: "done", attempts: 1 });
    });

    it("writes nothing when the command's transaction rolls back", async () => {
      const w = await seedWorkspace(db);
      const r = recorder(`rollback-${w.workspace.id}`, ["canned.changed"]);
      const worker = createOutboxWorker({ db, logger, consumers: [r.consumer] });
      await worker.register();
      const event = domainEvent("canned.changed", w.workspace.id, null, { id: crypto.randomUUID(), canned: null });
      await expect(
        db.transaction(async (tx) => {
          await recordEvents(tx, [event]);
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      await worker.drain();
      expect(r.handled).toEqual([]);
      expect(await delivery(db, r.consumer.name, event.id)).toBeUndefined();
    });

    it("retries a failing event with backoff, holds that conversation's later events, and keeps it as failed with its error after the last attempt", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const other = await startConversation(db, (await newVisitor(db, w.site.publicKey)).actor);
      const me = w.operatorActor();
      const r = recorder(`retry-${w.workspace.id}`, ["note.added"], (e) => e.type === "note.added" && e.data.note.body === "poison");
      const worker = createOutboxWorker({ db, logger, consumers: [r.consumer], maxAttempts: 3, backoffMs: () => 150 });
      const afterBackoff = () => new Promise((resolve) => setTimeout(resolve, 200));
      await worker.register();
      const { events: [poison] } = await addNote(db, me, { conversationId: conversation.id, body: "poison" });
      await addNote(db, me, { conversationId: conversation.id, body: "after the poison" });
      await addNote(db, me, { conversationId: other.conversation.id, body: "another conversation" });

      await worker.drain(); // attempt 1 of the poison; the other conversation goes on
      expect(r.handled.map((e) => e.type === "note.added" && e.data.note.body)).toEqual(["another conversation"]);
      expect(await delivery(db, r.consumer.name, poison!.id)).toMatchObject({ status: "pending", attempts: 1, last_error: "refused note.added (attempt 1)" });
      await worker.drain(); // the retry is not due yet
      expect(await delivery(db, r.consumer.name, poison!.id)).toMatchObject({ status: "pending", attempts: 1 });
      await afterBackoff();
      await worker.drain();
      expect(await delivery(db, r.consumer.name, poison!.id)).toMatchObject({ status: "pending", attempts: 2 });
      expect(r.handled).toHaveLength(1);
      await afterBackoff();
      await worker.drain(); // the last attempt fails for good, and the note behind it goes through
      expect(await delivery(db, r.consumer.name, poison!.id)).toMatchObject({ status: "failed", attempts: 3, last_error: "refused note.added (attempt 3)" });
      expect(r.handled.map((e) => e.type === "note.added" && e.data.note.body)).toEqual(["another conversation", "after the poison"]);
    });

    it("gives a delivery whose worker died (its lease ran out) to another worker", async () => {
      const w = await seedWorkspace(db);
      const name = `lease-${w.workspace.id}`;
      // The first worker claims and never finishes, as a node killed in the middle of the handler.
      const hung: DurableConsumer = { name, types: ["canned.changed"], handle: () => new Promise<void>(() => {}) };
      const first = createOutboxWorker({ db, logger, consumers: [hung], leaseMs: 300 });
      await first.register();
      const event = domainEvent("canned.changed", w.workspace.id, null, { id: crypto.randomUUID(), canned: null });
      await db.transaction((tx) => recordEvents(tx, [event]));
      void first.drain();
      await expect.poll(async () => (await delivery(db, name, event.id))?.attempts).toBe(1);
      const survivor = recorder(name, ["canned.changed"]);
      const second = createOutboxWorker({ db, logger, consumers: [survivor.consumer], leaseMs: 300 });
      await second.drain();
      expect(survivor.handled).toEqual([]); // still leased
      await new Promise((r) => setTimeout(r, 400));
      await second.drain();
      expect(survivor.handled.map((e) => e.id)).toEqual([event.id]);
      expect(await delivery(db, name, event.id)).toMatchObject({ status: "done", attempts: 2 });
    });

    it("hands each event to exactly one of several workers draining at once", async () => {
      const w = await seedWorkspace(db);
      const name = `race-${w.workspace.id}`;
      const recorders = [0, 1, 2].map(() => recorder(name, ["canned.changed"]));
      const workers = recorders.map((r) => createOutboxWorker({ db, logger, consumers: [r.consumer], batchSize: 5 }));
      await workers[0]!.register();
      const events = Array.from({ length: 60 }, () => domainEvent("canned.changed", w.workspace.id, null, { id: crypto.randomUUID(), canned: null }));
      for (let i = 0; i < events.length; i += 10) await db.transaction((tx) => recordEvents(tx, events.slice(i, i + 10)));
      await Promise.all(workers.map((x) => x.drain()));
      const handled = recorders.flatMap((r) => r.handled.map((e) => e.id));
      expect(handled.sort()).toEqual(events.map((e) => e.id).sort());
    });
  });
}
