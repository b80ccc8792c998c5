// The inbox's reactions to domain events: view counts pushed after every change, and automatic assignment of
// waiting work to online operators with room.
import type { Conversation } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { countInbox } from "../domain/inbox/count-inbox";
import { assignWaiting, autoAssign } from "../domain/inbox/auto-assign";
import type { EventSpine } from "../events/event-spine";
import type { DurableConsumer } from "../events/outbox-worker";
import type { Publish } from "../events/with-events";
import type { OperatorNamespace } from "./rooms";
import { workspaceRoom } from "./rooms";
import type { PresenceStore } from "./presence";

interface InboxListenerDeps {
  db: Db;
  logger: Logger;
  operators: OperatorNamespace;
  presence: PresenceStore;
  publish: Publish;
}

/** Counts: recomputed at most every 150 ms per workspace, pushed through the adapter to every node. */
export function registerInboxCounts(spine: EventSpine, deps: Pick<InboxListenerDeps, "db" | "logger" | "operators">) {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const push = (workspaceId: string) => {
    if (pending.has(workspaceId)) return;
    const timer = setTimeout(() => {
      pending.delete(workspaceId);
      countInbox(deps.db, workspaceId).then(
        (counts) => deps.operators.to(workspaceRoom(workspaceId)).emit("inbox:counts", counts),
        (err: unknown) => deps.logger.warn({ err }, "inbox counts failed"),
      );
    }, 150);
    timer.unref?.();
    pending.set(workspaceId, timer);
  };
  spine.on(
    ["message.created", "conversation.opened", "conversation.assigned", "conversation.status_changed"],
    "inbox-counts",
    ({ workspaceId }) => push(workspaceId),
  );
}

/**
 * Automatic assignment. A conversation left unassigned and waiting on the visitor is offered at once (a live
 * listener: losing it to a crash only delays it to the next drain). Room that opens up (a resolve, a handover, a
 * site turning automatic assignment on) drains the waiting queue, longest waiting first: that is a durable
 * consumer, so a node dying right after the commit leaves the drain to another node.
 */
export function createAutomaticAssignment(deps: InboxListenerDeps) {
  const { db, logger, presence, publish } = deps;
  const online = async (workspaceId: string) => {
    const map = await presence.snapshot(workspaceId);
    return Object.keys(map).filter((id) => map[id] === "online");
  };

  const offer = async (workspaceId: string, conversation: Conversation) => {
    if (conversation.assigneeId || conversation.status === "resolved") return;
    if (conversation.lastMessage && conversation.lastMessage.authorKind !== "visitor") return;
    const result = await autoAssign(db, workspaceId, conversation, () => online(workspaceId));
    if (result) publish(result.events);
  };

  // One drain per workspace at a time on this node; a request during a drain runs it once more.
  const draining = new Map<string, { again: boolean; done: Promise<void> }>();
  const drain = (workspaceId: string): Promise<void> => {
    const running = draining.get(workspaceId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: true, done: Promise.resolve() };
    state.done = (async () => {
      try {
        while (state.again) {
          state.again = false;
          for (const result of await assignWaiting(db, workspaceId, await online(workspaceId))) publish(result.events);
        }
      } finally {
        draining.delete(workspaceId);
      }
    })();
    draining.set(workspaceId, state);
    return state.done;
  };

  const consumer: DurableConsumer<"inbox.settings_changed" | "conversation.status_changed" | "conversation.assigned"> = {
    name: "automatic-assignment",
    types: ["inbox.settings_changed", "conversation.status_changed", "conversation.assigned"],
    async handle(event) {
      const room =
        event.type === "inbox.settings_changed"
          ? event.data.settings.autoAssign
          : event.type === "conversation.status_changed"
            ? event.data.to === "resolved"
            : event.data.assignment.previousOperatorId !== null;
      if (room) await drain(event.workspaceId);
    },
  };

  return {
    consumer,
    /** Offer conversations that became unassigned and waiting, as this node commits them. */
    register(spine: EventSpine) {
      const name = "automatic-assignment";
      spine.on(["message.created", "conversation.opened"], name, ({ workspaceId, data }) => offer(workspaceId, data.conversation));
      spine.on("conversation.status_changed", name, ({ workspaceId, data }) => {
        if (data.to !== "resolved") return offer(workspaceId, data.conversation);
      });
      spine.on("conversation.assigned", name, ({ workspaceId, data }) => {
        if (data.assignment.operatorId === null) return offer(workspaceId, data.conversation);
      });
    },
    /** Hand waiting conversations to whoever has room now (an operator came online). */
    drain(workspaceId: string): void {
      drain(workspaceId).catch((err: unknown) => logger.warn({ err }, "automatic assignment failed"));
    },
  };
}

export type AutomaticAssignment = ReturnType<typeof createAutomaticAssignment>;
