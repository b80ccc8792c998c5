// The visitor's side of a chat, as a store the widget frame renders. It opens a visitor session over REST,
// keeps a Socket.IO connection to /visitor, loads and syncs the conversation, and delivers messages.
import {
  ErrorCodes,
  MESSAGE_MAX_LENGTH,
  NAMESPACES,
  PROTOCOL_VERSION,
  type ApiError,
  type Conversation,
  type Message,
  type Result,
  type SiteSettings,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
  type VisitorSummary,
} from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";
import {
  addPending,
  bodyLength,
  assignConversation,
  hasGap,
  markFailed,
  markSending,
  mergeMessages,
  pendingItems,
  syncCursor,
  type ChatItem,
} from "./message-list";
import { Outbox } from "./outbox";
import { ask, backoffMs, connectErrorCode, fetchResult, newClientId, syncAll, type ConnectionState } from "./realtime";
import { readStored, writeStored } from "./storage";
import { Store } from "./store";

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

interface VisitorSession {
  token: string;
  visitor: VisitorSummary;
  site: SiteSettings;
  conversationId: string | null;
}

export interface VisitorChatState {
  /** `starting` until the session is open; `fatal` when the chat cannot work here (see `fatal`). */
  phase: "starting" | "ready" | "fatal";
  fatal: ApiError | null;
  site: SiteSettings | null;
  connection: ConnectionState;
  conversationId: string | null;
  items: ChatItem[];
  /** The last error to show the visitor (a refused send, for instance); cleared by the next success. */
  notice: ApiError | null;
  /** Whether the chat is on screen; messages from the team received while hidden count as unread. */
  visible: boolean;
  unread: number;
}

const tokenKey = (siteKey: string) => `kaiwa:token:${siteKey}`;

/** Errors after which reconnecting cannot help. */
const FATAL_CONNECT = new Set<string>([ErrorCodes.UNKNOWN_SITE, ErrorCodes.PROTOCOL_MISMATCH]);

const initialState: VisitorChatState = {
  phase: "starting",
  fatal: null,
  site: null,
  connection: "connecting",
  conversationId: null,
  items: [],
  notice: null,
  visible: false,
  unread: 0,
};

/** One visitor's chat on one site: render it with `useSyncExternalStore(chat.subscribe, chat.getSnapshot)`. */
export class VisitorChat extends Store<VisitorChatState> {
  private socket: VisitorSocket | null = null;
  private token: string | null = null;
  private starting: Promise<Result<Conversation>> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private stopped = false;
  /** Set once the visitor session has been asked for (see `start`). */
  private sessionRequested = false;
  /** Bumped by every start/stop, so work begun by an earlier run (React's strict-mode double mount) ends quietly. */
  private run = 0;
  private syncing: Promise<void> | null = null;
  private resyncWanted = false;
  private readonly outbox: Outbox;

  constructor(private readonly siteKey: string) {
    super(initialState);
    this.outbox = new Outbox({
      isOnline: () => this.socket?.connected ?? false,
      transmit: (item) => this.transmit(item),
      onSent: (message) => this.receive([message], false),
      onFailed: (clientId, error) =>
        this.setState((s) => ({ items: markFailed(s.items, clientId, error), notice: error })),
    });
  }

  /**
   * A returning visitor (a token is stored) connects at once, to hear replies and count unread ones. A new
   * one only loads the site's settings: the visitor, and its socket, are created when the chat is first
   * opened or written in, so a page view alone costs the server no row and no connection.
   */
  start(): void {
    this.stopped = false;
    const run = ++this.run;
    if (readStored(tokenKey(this.siteKey))) void this.openSession(run);
    else void this.loadSite(run);
  }

  /** Disconnect and stop every timer. */
  stop(): void {
    this.stopped = true;
    this.sessionRequested = false;
    this.run++;
    clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Try again after a fatal start failure (the button on the error screen). */
  retryStart(): void {
    this.stop();
    this.setState({ phase: "starting", fatal: null });
    this.start();
  }

  /** The chat was shown or hidden by the host page. */
  setVisible(visible: boolean): void {
    this.setState(visible ? { visible, unread: 0 } : { visible });
    if (visible) this.ensureSession();
  }

  /** Open the visitor session unless it is open or opening. */
  private ensureSession(): void {
    if (this.sessionRequested || this.stopped) return;
    void this.openSession(this.run);
  }

  private async loadSite(run: number): Promise<void> {
    const result = await fetchResult<{ site: SiteSettings }>(`/api/visitor/sites/${encodeURIComponent(this.siteKey)}`, { method: "GET" });
    if (run !== this.run || this.sessionRequested) return;
    if (result.error) {
      if (result.error.code === ErrorCodes.UNAVAILABLE || result.error.code === ErrorCodes.RATE_LIMITED) {
        this.scheduleRetry(() => void this.loadSite(run));
        return;
      }
      this.setState({ phase: "fatal", fatal: result.error });
      return;
    }
    // Nothing to be connected to yet, so nothing to warn the visitor about.
    this.setState({ phase: "ready", site: result.data.site, connection: "connected" });
  }

  /** Send a message the visitor wrote; returns false (and says why) when it cannot be sent. */
  send(text: string): boolean {
    if (text.trim().length === 0) return false;
    if (bodyLength(text) > MESSAGE_MAX_LENGTH) {
      this.setState({ notice: { code: ErrorCodes.MESSAGE_TOO_LONG, message: "too long" } });
      return false;
    }
    const clientId = newClientId();
    this.setState((s) => ({
      items: addPending(s.items, { clientId, conversationId: s.conversationId, body: text, authorKind: "visitor" }),
      notice: null,
    }));
    const item = this.state.items.find((i) => i.clientId === clientId);
    this.ensureSession();
    if (item) this.outbox.deliver(item);
    return true;
  }

  /** Send a failed message again, with the same clientId. */
  retry(clientId: string): void {
    this.setState((s) => ({ items: markSending(s.items, clientId), notice: null }));
    const item = this.state.items.find((i) => i.clientId === clientId);
    if (item) this.outbox.deliver(item);
  }

  // --- session and connection -------------------------------------------------------------------

  private async openSession(run: number): Promise<void> {
    this.sessionRequested = true;
    const stored = readStored(tokenKey(this.siteKey));
    let result = await fetchResult<VisitorSession>("/api/visitor/session", {
      method: "POST",
      body: JSON.stringify(stored ? { siteKey: this.siteKey, token: stored } : { siteKey: this.siteKey }),
    });
    if (result.error?.code === ErrorCodes.VALIDATION && stored) {
      // A stored token the server no longer accepts the shape of: start over as a new visitor.
      writeStored(tokenKey(this.siteKey), null);
      result = await fetchResult<VisitorSession>("/api/visitor/session", {
        method: "POST",
        body: JSON.stringify({ siteKey: this.siteKey }),
      });
    }
    if (run !== this.run) return;
    if (result.error) {
      if (result.error.code === ErrorCodes.UNAVAILABLE || result.error.code === ErrorCodes.RATE_LIMITED) {
        this.scheduleRetry(() => void this.openSession(run));
        return;
      }
      this.setState({ phase: "fatal", fatal: result.error });
      return;
    }
    this.attempts = 0;
    const session = result.data;
    this.token = session.token;
    writeStored(tokenKey(this.siteKey), session.token);
    const sameConversation = session.conversationId !== null && session.conversationId === this.state.conversationId;
    this.setState((s) => ({
      phase: "ready",
      fatal: null,
      site: session.site,
      conversationId: session.conversationId,
      // A new identity (the old token was refused) sees none of the old identity's messages.
      items: sameConversation ? s.items : s.items.filter((i) => i.status !== "sent").map((i) => ({ ...i, conversationId: null })),
    }));
    this.connect();
  }

  private scheduleRetry(run: () => void): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) run();
    }, backoffMs(this.attempts++));
  }

  private connect(): void {
    if (this.socket) {
      // Reconnect with the new token.
      this.socket.auth = this.handshake();
      this.socket.connect();
      return;
    }
    const socket: VisitorSocket = io(NAMESPACES.visitor, { auth: this.handshake() });
    this.socket = socket;

    socket.on("connect", () => {
      this.attempts = 0;
      this.setState({ connection: "connected" });
      // First connect loads the conversation; every reconnect fetches what was missed and resends.
      void this.sync();
      this.outbox.flush(pendingItems(this.state.items));
    });

    socket.on("disconnect", (reason) => {
      this.outbox.disconnected();
      this.setState({ connection: "reconnecting" });
      // The server dropped us on purpose (it is shutting down, for instance): socket.io will not retry by itself.
      if (reason === "io server disconnect") this.scheduleRetry(() => socket.connect());
    });

    socket.on("connect_error", (err) => {
      const code = connectErrorCode(err);
      if (code === ErrorCodes.UNAUTHENTICATED) {
        // The token is unknown (a wiped database, a removed visitor): forget it and become a new visitor.
        writeStored(tokenKey(this.siteKey), null);
        this.token = null;
        this.scheduleRetry(() => void this.openSession(this.run));
        return;
      }
      if (code && FATAL_CONNECT.has(code)) {
        this.setState({ phase: "fatal", fatal: { code, message: err.message } });
        return;
      }
      this.setState({ connection: this.state.connection === "connected" ? "reconnecting" : this.state.connection });
      // A refusal by the middleware (e.g. the database is briefly down) is not retried by socket.io itself.
      if (!socket.active) this.scheduleRetry(() => socket.connect());
    });

    socket.on("message:new", (message) => this.onLiveMessage(message));
  }

  private handshake() {
    return { protocol: PROTOCOL_VERSION, siteKey: this.siteKey, token: this.token ?? "" };
  }

  // --- conversation ---------------------------------------------------------------------------------

  private onLiveMessage(message: Message): void {
    const current = this.state.conversationId;
    if (current !== message.conversationId) {
      // Only one unresolved conversation exists per visitor: a message elsewhere means another tab started
      // (or reopened) the one that now counts. Follow it.
      this.setState((s) => ({
        conversationId: message.conversationId,
        items: current === null ? assignConversation(s.items, message.conversationId) : s.items.filter((i) => i.status !== "sent"),
      }));
      this.receive([message], true);
      void this.sync();
      return;
    }
    this.receive([message], true);
    if (hasGap(this.state.items)) void this.sync();
  }

  /** Merge stored messages; `live` ones from the team count as unread while the chat is hidden. */
  private receive(messages: Message[], live: boolean): void {
    const relevant = messages.filter((m) => m.conversationId === this.state.conversationId || this.state.conversationId === null);
    if (relevant.length === 0) return;
    const before = this.state.items;
    const items = mergeMessages(before, relevant);
    if (items === before) return;
    const known = new Set(before.map((i) => i.id));
    const fresh = live && !this.state.visible ? relevant.filter((m) => m.authorKind !== "visitor" && !known.has(m.id)).length : 0;
    this.setState((s) => ({ items, unread: s.unread + fresh }));
  }

  /** Fetch everything after what we hold, one sync at a time. */
  private sync(): Promise<void> {
    if (this.syncing) {
      this.resyncWanted = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.resyncWanted = false;
        const conversationId = this.state.conversationId;
        const socket = this.socket;
        if (!conversationId || !socket?.connected) break;
        const result = await syncAll(
          (afterSeq) => ask(socket, "conversation:sync", { conversationId, afterSeq }),
          syncCursor(this.state.items.filter((i) => i.conversationId === conversationId)),
        );
        if (result.error) {
          if (result.error.code === ErrorCodes.CONVERSATION_NOT_FOUND) this.setState({ conversationId: null });
          break;
        }
        if (this.state.conversationId === conversationId) this.receive(result.data.messages, false);
      } while (this.resyncWanted);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /** The conversation to write into: the current one, or a new one on the first message. */
  private async ensureConversation(socket: VisitorSocket): Promise<Result<string>> {
    const existing = this.state.conversationId;
    if (existing) return { data: existing };
    this.starting ??= ask(socket, "conversation:start", {}).finally(() => {
      this.starting = null;
    });
    const result = await this.starting;
    if (result.error) return result;
    const id = result.data.id;
    if (this.state.conversationId !== id) {
      this.setState((s) => ({ conversationId: id, items: assignConversation(s.items, id) }));
      // A resumed conversation may already hold messages (written in another tab).
      if (result.data.lastSeq > 0) void this.sync();
    }
    return { data: id };
  }

  private async transmit(item: ChatItem): Promise<Result<Message>> {
    const socket = this.socket;
    if (!socket) return { error: { code: ErrorCodes.UNAVAILABLE, message: "not connected" } };
    const conversation = await this.ensureConversation(socket);
    if (conversation.error) return conversation;
    const result = await ask(socket, "message:send", { conversationId: conversation.data, clientId: item.clientId, body: item.body });
    if (result.error?.code !== ErrorCodes.CONVERSATION_CLOSED) return result;
    // Ours was resolved and a newer conversation is open (started in another tab): move there and send again.
    if (this.state.conversationId === conversation.data) this.leaveConversation();
    const current = await this.ensureConversation(socket);
    if (current.error) return current;
    return ask(socket, "message:send", { conversationId: current.data, clientId: item.clientId, body: item.body });
  }

  /** Stop showing the current conversation; unsent messages wait for the next one. */
  private leaveConversation(): void {
    this.setState((s) => ({
      conversationId: null,
      items: s.items.filter((i) => i.status !== "sent").map((i) => ({ ...i, conversationId: null })),
    }));
  }
}
