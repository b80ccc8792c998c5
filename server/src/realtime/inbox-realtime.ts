// The inbox's live side on one node: view counts pushed after every change, operator presence kept in the
// shared store (heartbeats, expiry, pushes), and automatic assignment of new work to online operators.
import {
  ZCannedDeleteSchema,
  ZCannedListSchema,
  ZCannedSaveSchema,
  ZConversationSetTagsSchema,
  ZConversationStarSchema,
  ZInboxSettingsGetSchema,
  ZInboxSettingsSetSchema,
  ZNoteAddSchema,
  ZNoteListSchema,
  ZPresenceListSchema,
  ZPresenceSetSchema,
  ZSearchMessagesSchema,
  ZSiteListSchema,
  ZVisitorDetailsSchema,
  type Conversation,
  type PresenceMap,
} from "@kaiwa/shared";
import type { Socket } from "socket.io";
import type { Actor } from "../domain/actor";
import { deleteCanned, listCanned, saveCanned } from "../domain/canned/canned-responses";
import { setTags, starConversation } from "../domain/conversations/marks";
import { addNote, listNotes } from "../domain/conversations/notes";
import { assignWaiting, autoAssign, getInboxSettings, setInboxSettings } from "../domain/inbox/auto-assign";
import { listSites } from "../domain/inbox/list-sites";
import { visitorDetails } from "../domain/inbox/visitor-details";
import { searchMessages } from "../domain/search/search-messages";
import { countInbox } from "../domain/inbox/count-inbox";
import { workspaceRoom, type OperatorNamespace } from "./broadcast";
import { announceCanned } from "./canned-broadcast";
import type { NamespaceDeps } from "./common-handlers";
import { handleRequest } from "./handle-request";
import type { PresenceStore } from "./presence";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

export function createInboxRealtime(nsp: OperatorNamespace, deps: NamespaceDeps, presence: PresenceStore) {
  const { db, logger, broadcast } = deps;
  const room = (ws: string) => nsp.to(workspaceRoom(ws));

  // Counts: recomputed at most every 150 ms per workspace, pushed through the adapter to every node.
  const pendingCounts = new Map<string, ReturnType<typeof setTimeout>>();
  const pushCounts = (workspaceId: string) => {
    if (pendingCounts.has(workspaceId)) return;
    const timer = setTimeout(() => {
      pendingCounts.delete(workspaceId);
      countInbox(db, workspaceId).then(
        (counts) => room(workspaceId).emit("inbox:counts", counts),
        (err: unknown) => logger.warn({ err }, "inbox counts failed"),
      );
    }, 150);
    timer.unref?.();
    pendingCounts.set(workspaceId, timer);
  };

  // Presence: this node's operator sockets, refreshed every ttl/3; each sweep also notices operators whose
  // node died (their members expired) and pushes the change.
  const local = new Map<string, { workspaceId: string; operatorId: string; socketId: string }>();
  const lastPushed = new Map<string, string>();
  const pushPresence = async (workspaceId: string, force = false): Promise<PresenceMap> => {
    const map = await presence.snapshot(workspaceId);
    const key = JSON.stringify(Object.entries(map).sort());
    if (force || lastPushed.get(workspaceId) !== key) {
      lastPushed.set(workspaceId, key);
      room(workspaceId).emit("presence:changed", map);
    }
    return map;
  };
  const sweep = setInterval(() => {
    const members = [...local.values()];
    void presence
      .heartbeat(members)
      .then(() => Promise.all([...new Set(members.map((m) => m.workspaceId))].map((ws) => pushPresence(ws))))
      .catch((err: unknown) => logger.warn({ err }, "presence heartbeat failed"));
  }, Math.max(200, Math.floor(presence.ttlMs / 3)));
  sweep.unref?.();

  // Automatic assignment: a change that leaves a conversation unassigned and waiting on the visitor.
  const maybeAutoAssign = async (workspaceId: string, conversation: Conversation) => {
    if (conversation.assigneeId || conversation.status === "resolved") return;
    if (conversation.lastMessage && conversation.lastMessage.authorKind !== "visitor") return;
    const online = async () => {
      const map = await presence.snapshot(workspaceId);
      return Object.keys(map).filter((id) => map[id] === "online");
    };
    const result = await autoAssign(db, workspaceId, conversation, online);
    if (!result?.event) return;
    room(workspaceId).emit("conversation:assigned", result.event);
    broadcast.conversationUpdated(workspaceId, result.conversation);
  };

  // Waiting work for operators who just came online or got room (a resolve, a transfer, an unassign): longest
  // waiting first. One drain per workspace at a time on this node; a request during a drain runs it once more.
  const draining = new Map<string, { again: boolean }>();
  const drainWaiting = async (workspaceId: string) => {
    const running = draining.get(workspaceId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    draining.set(workspaceId, state);
    try {
      while (state.again) {
        state.again = false;
        const map = await presence.snapshot(workspaceId);
        const online = Object.keys(map).filter((id) => map[id] === "online");
        for (const result of await assignWaiting(db, workspaceId, online)) {
          if (!result.event) continue;
          room(workspaceId).emit("conversation:assigned", result.event);
          broadcast.conversationUpdated(workspaceId, result.conversation);
        }
      }
    } finally {
      draining.delete(workspaceId);
    }
  };
  const drain = (workspaceId: string) => void drainWaiting(workspaceId).catch((err: unknown) => logger.warn({ err }, "automatic assignment failed"));

  broadcast.onConversationChange((workspaceId, conversation) => {
    pushCounts(workspaceId);
    if (conversation.status === "resolved") drain(workspaceId);
    else maybeAutoAssign(workspaceId, conversation).catch((err: unknown) => logger.warn({ err }, "automatic assignment failed"));
  });

  return {
    /** Wire one connected operator socket: presence on connect and disconnect, and the inbox requests. */
    onSocket(socket: Socket, actor: OperatorActor) {
      const member = { workspaceId: actor.workspaceId, operatorId: actor.operatorId, socketId: socket.id };
      local.set(socket.id, member);
      presence
        .join(actor.workspaceId, actor.operatorId, socket.id)
        .then(() => pushPresence(actor.workspaceId))
        .then(() => drain(actor.workspaceId))
        .catch((err: unknown) => logger.warn({ err }, "presence join failed"));
      socket.on("disconnect", () => {
        local.delete(socket.id);
        presence
          .leave(actor.workspaceId, actor.operatorId, socket.id)
          .then(() => pushPresence(actor.workspaceId))
          .catch((err: unknown) => logger.warn({ err }, "presence leave failed"));
      });
      socket.on(
        "presence:set",
        handleRequest(logger, ZPresenceSetSchema, async (input) => {
          await presence.setAway(actor.workspaceId, actor.operatorId, input.status === "away");
          if (input.status === "online") drain(actor.workspaceId);
          return pushPresence(actor.workspaceId, true);
        }),
      );
      socket.on("presence:list", handleRequest(logger, ZPresenceListSchema, () => presence.snapshot(actor.workspaceId)));
      socket.on("inbox:settings", handleRequest(logger, ZInboxSettingsGetSchema, (input) => getInboxSettings(db, actor, input.siteId)));
      // Notes and tags go to the workspace's operator room only: the /visitor namespace has no such events.
      socket.on(
        "note:add",
        handleRequest(logger, ZNoteAddSchema, (input) => addNote(db, actor, input), {
          after: (note) => room(actor.workspaceId).emit("note:new", note),
        }),
      );
      socket.on("note:list", handleRequest(logger, ZNoteListSchema, (input) => listNotes(db, actor, input.conversationId)));
      socket.on(
        "conversation:setTags",
        handleRequest(logger, ZConversationSetTagsSchema, (input) => setTags(db, actor, input), {
          after: (marks) => room(actor.workspaceId).emit("conversation:tags", { conversationId: marks.conversationId, tags: marks.tags }),
        }),
      );
      socket.on("conversation:star", handleRequest(logger, ZConversationStarSchema, (input) => starConversation(db, actor, input)));
      socket.on("visitor:details", handleRequest(logger, ZVisitorDetailsSchema, (input) => visitorDetails(db, actor, input.conversationId)));
      socket.on("site:list", handleRequest(logger, ZSiteListSchema, () => listSites(db, actor)));
      socket.on("search:messages", handleRequest(logger, ZSearchMessagesSchema, (input) => searchMessages(db, actor, input)));
      socket.on("canned:list", handleRequest(logger, ZCannedListSchema, () => listCanned(db, actor)));
      const cannedChanged = () => announceCanned(nsp, db, logger, actor);
      socket.on("canned:save", handleRequest(logger, ZCannedSaveSchema, (input) => saveCanned(db, actor, input), { after: cannedChanged }));
      socket.on("canned:delete", handleRequest(logger, ZCannedDeleteSchema, (input) => deleteCanned(db, actor, input.id), { after: cannedChanged }));
      socket.on(
        "inbox:setSettings",
        handleRequest(logger, ZInboxSettingsSetSchema, (input) => setInboxSettings(db, actor, input), {
          after: (settings) => {
            if (settings.autoAssign) drain(actor.workspaceId);
          },
        }),
      );
    },
    /** Someone's load went down (a transfer or an unassign): hand waiting conversations to whoever has room. */
    capacityFreed(workspaceId: string) {
      drain(workspaceId);
    },
    close() {
      clearInterval(sweep);
    },
  };
}
