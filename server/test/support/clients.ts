// Real socket.io-client instances speaking the protocol, as the widget and the console do.
import { randomUUID } from "node:crypto";
import {
  PROTOCOL_VERSION,
  type Conversation,
  type Message,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
  type Result,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
export type OperatorSocket = Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;

export async function postJson(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Result<any>, headers: res.headers };
}

/** Call the REST API as the operator of `cookie` (empty or null: nobody); a string body is sent as is (for broken JSON). */
export async function callApi(baseUrl: string, method: string, path: string, cookie: string | null, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; error?: { code: string; message: string } } };
}

/** Sign in through the REST API and return the session cookie. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await postJson(baseUrl, "/api/auth/login", { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  return setCookie.split(";")[0] as string;
}

function waitConnected<T extends Socket>(socket: T): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(Object.assign(err, { data: (err as { data?: unknown }).data })));
  });
}

/** Open a visitor session over REST and connect its socket. */
export async function connectVisitor(baseUrl: string, siteKey: string, token?: string) {
  const res = await postJson(baseUrl, "/api/visitor/session", token ? { siteKey, token } : { siteKey });
  if (!res.body.data) throw new Error(`visitor session failed: ${JSON.stringify(res.body)}`);
  const session = res.body.data as { token: string; visitor: { id: string }; conversationId: string | null };
  const socket: VisitorSocket = io(`${baseUrl}/visitor`, {
    auth: { protocol: PROTOCOL_VERSION, siteKey, token: session.token },
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  await waitConnected(socket);
  return { socket, session };
}

/** Connect an operator socket with a session cookie. */
export async function connectOperator(baseUrl: string, cookie: string): Promise<OperatorSocket> {
  const socket: OperatorSocket = io(`${baseUrl}/operator`, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { cookie },
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  return waitConnected(socket);
}

/** Emit a request event and resolve with its ack, or reject after `ms`. */
export function request<T = any>(socket: Socket, event: string, payload: unknown, ms = 5000): Promise<Result<T>> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<Result<T>>;
}

/** Collects every `message:new` a socket receives. */
export function collectMessages(socket: Socket): Message[] {
  const received: Message[] = [];
  socket.on("message:new", (m: Message) => received.push(m));
  return received;
}

/** Resolve once `check` holds, polling; reject with `label` after `ms`. */
export async function eventually(check: () => boolean, label: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A visitor on `baseUrl` who starts a conversation and writes `body`: it waits for an operator. Returns the visitor's socket and the conversation. */
export async function waitingVisitor(baseUrl: string, siteKey: string, body: string) {
  const { socket } = await connectVisitor(baseUrl, siteKey);
  const conversation = (await request<Conversation>(socket, "conversation:start", {})).data!;
  await request(socket, "message:send", { conversationId: conversation.id, clientId: randomUUID(), body });
  return { socket, conversation };
}
