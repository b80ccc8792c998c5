// Operator presence on one node: this node's console sockets kept alive in the shared store (heartbeats, expiry),
// and the workspace's presence pushed whenever it changes. An operator coming online drains the waiting queue.
import type { PresenceMap, PresenceStatus } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { Actor } from "../domain/actor";
import type { PresenceStore } from "./presence";
import { workspaceRoom, type OperatorNamespace } from "./rooms";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** Presence for `nsp`; `cameOnline` runs when an operator connects or chooses online (automatic assignment). */
export function createPresenceRealtime(nsp: OperatorNamespace, store: PresenceStore, logger: Logger, cameOnline: (workspaceId: string) => void) {
  const local = new Map<string, { workspaceId: string; operatorId: string; socketId: string }>();
  const lastPushed = new Map<string, string>();
  const push = async (workspaceId: string, force = false): Promise<PresenceMap> => {
    const map = await store.snapshot(workspaceId);
    const key = JSON.stringify(Object.entries(map).sort());
    if (force || lastPushed.get(workspaceId) !== key) {
      lastPushed.set(workspaceId, key);
      nsp.to(workspaceRoom(workspaceId)).emit("presence:changed", map);
    }
    return map;
  };
  // Every ttl/3 this node refreshes its members; each sweep also notices operators whose node died (their members
  // expired) and pushes the change.
  const sweep = setInterval(() => {
    const members = [...local.values()];
    void store
      .heartbeat(members)
      .then(() => Promise.all([...new Set(members.map((m) => m.workspaceId))].map((ws) => push(ws))))
      .catch((err: unknown) => logger.warn({ err }, "presence heartbeat failed"));
  }, Math.max(200, Math.floor(store.ttlMs / 3)));
  sweep.unref?.();

  return {
    /** A console connected: it is online until it disconnects. */
    onSocket(socket: { id: string; on(event: "disconnect", fn: () => void): unknown }, actor: OperatorActor) {
      local.set(socket.id, { workspaceId: actor.workspaceId, operatorId: actor.operatorId, socketId: socket.id });
      store
        .join(actor.workspaceId, actor.operatorId, socket.id)
        .then(() => push(actor.workspaceId))
        .then(() => cameOnline(actor.workspaceId))
        .catch((err: unknown) => logger.warn({ err }, "presence join failed"));
      socket.on("disconnect", () => {
        local.delete(socket.id);
        store
          .leave(actor.workspaceId, actor.operatorId, socket.id)
          .then(() => push(actor.workspaceId))
          .catch((err: unknown) => logger.warn({ err }, "presence leave failed"));
      });
    },
    /** The operator chose online or away; answers the workspace's presence. */
    async set(actor: OperatorActor, status: PresenceStatus): Promise<PresenceMap> {
      await store.setAway(actor.workspaceId, actor.operatorId, status === "away");
      if (status === "online") cameOnline(actor.workspaceId);
      return push(actor.workspaceId, true);
    },
    snapshot: (workspaceId: string) => store.snapshot(workspaceId),
    close() {
      clearInterval(sweep);
    },
  };
}
