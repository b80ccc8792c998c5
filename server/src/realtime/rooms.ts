import type {
  Conversation,
  Draft,
  Message,
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
  VisitorClientToServerEvents,
  VisitorPageEvent,
  VisitorServerToClientEvents,
} from "@kaiwa/shared";
import { NAMESPACES } from "@kaiwa/shared";
import type { Namespace, Server } from "socket.io";
import { hashToken } from "../domain/auth/tokens";

/** Room of every socket of one visitor (all their tabs). */
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
/** Room of the sockets opened with one operator session, so sign-out can close them on every node. */
export const sessionRoom = (sessionToken: string) => sessionRoomOfHash(hashToken(sessionToken));
/** The same room from the token's stored SHA-256 (the database never holds the token itself). */
export const sessionRoomOfHash = (tokenHash: string) => `session:${tokenHash.slice(0, 32)}`;
/** Room of every operator socket of one workspace. */
export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;

export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents>;
export type OperatorNamespace = Namespace<OperatorClientToServerEvents, OperatorServerToClientEvents>;

/** Fan-out of committed changes to every node through the adapter. */
export function createBroadcaster(io: Server) {
  const visitors = io.of(NAMESPACES.visitor) as unknown as VisitorNamespace;
  const operators = io.of(NAMESPACES.operator) as unknown as OperatorNamespace;
  /** Called with the workspace after every conversation change this node broadcasts (the inbox counts follow it). */
  const changeListeners = new Set<(workspaceId: string, conversation: Conversation) => void>();
  const changed = (workspaceId: string, conversation: Conversation) => {
    for (const fn of changeListeners) fn(workspaceId, conversation);
  };
  return {
    onConversationChange(fn: (workspaceId: string, conversation: Conversation) => void) {
      changeListeners.add(fn);
    },
    /** A new message: to the visitor's tabs and to the workspace's operators. */
    messageCreated(workspaceId: string, conversation: Conversation, message: Message) {
      visitors.to(visitorRoom(conversation.visitor.id)).emit("message:new", message);
      operators.to(workspaceRoom(workspaceId)).emit("message:new", message);
      operators.to(workspaceRoom(workspaceId)).emit("conversation:updated", conversation);
      changed(workspaceId, conversation);
    },
    /** A trainee draft was created or reviewed: operators only, never the visitor namespace. */
    draftUpdated(workspaceId: string, draft: Draft) {
      operators.to(workspaceRoom(workspaceId)).emit("draft:updated", draft);
    },
    /** A visitor is on another page: to the workspace's operators on every node (the visitor panel follows it). */
    visitorPage(workspaceId: string, event: VisitorPageEvent) {
      operators.to(workspaceRoom(workspaceId)).emit("visitor:page", event);
    },
    /** A conversation was created or changed. */
    conversationUpdated(workspaceId: string, conversation: Conversation) {
      operators.to(workspaceRoom(workspaceId)).emit("conversation:updated", conversation);
      changed(workspaceId, conversation);
    },
  };
}

export type Broadcaster = ReturnType<typeof createBroadcaster>;
