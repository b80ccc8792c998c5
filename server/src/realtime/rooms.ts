// The rooms every push is addressed to, and the typed namespaces.
import type {
  ClientToServerEvents,
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
  VisitorClientToServerEvents,
  ServerToClientEvents,
  VisitorServerToClientEvents,
} from "@kaiwa/shared";
import type { Namespace, Server } from "socket.io";
import type { Actor } from "../domain/actor";
import { hashToken } from "../domain/auth/tokens";

/** Room of every socket of one visitor (all their tabs). */
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
/** Room of the sockets opened with one operator session, so sign-out can close them on every node. */
export const sessionRoom = (sessionToken: string) => sessionRoomOfHash(hashToken(sessionToken));
/** The same room from the token's stored SHA-256 (the database never holds the token itself). */
export const sessionRoomOfHash = (tokenHash: string) => `session:${tokenHash.slice(0, 32)}`;
/** Room of every operator socket of one workspace. */
export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;

/** Feedback board: public posts go to every subscribed operator. */
export const FEEDBACK_PUBLIC_ROOM = "feedback:public";
/** Feedback board: the product team sees every post. */
export const FEEDBACK_TEAM_ROOM = "feedback:team";
/** Feedback board: one workspace's subscribed operators. */
export const feedbackWorkspaceRoom = (workspaceId: string) => `feedback:ws:${workspaceId}`;
/** The rooms that may see a feedback post. */
export const feedbackRooms = (post: { visibility: "public" | "workspace"; workspaceId: string }) =>
  post.visibility === "public" ? [FEEDBACK_PUBLIC_ROOM] : [feedbackWorkspaceRoom(post.workspaceId), FEEDBACK_TEAM_ROOM];

/** What the server keeps on each socket: who it is, and for consoles the session it was opened with. */
export interface SocketData {
  actor: Actor;
  sessionRoom?: string;
  sessionToken?: string;
  sessionExpiresAt?: number;
}

export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, Record<string, never>, SocketData>;
export type OperatorNamespace = Namespace<OperatorClientToServerEvents, OperatorServerToClientEvents, Record<string, never>, SocketData>;

/** The Socket.IO server typed with the contract: the union of both namespaces' events, and what sockets carry. */
export type KaiwaServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
