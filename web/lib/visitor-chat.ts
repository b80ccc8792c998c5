// The visitor's side of a chat, as a store the widget frame renders. It opens a visitor session over REST,
// keeps a Socket.IO connection to /visitor, loads and syncs the conversation, and delivers messages.
import {
  ErrorCodes,
  MESSAGE_MAX_LENGTH,
  NAMESPACES,
  PROTOCOL_VERSION,
  type ApiError,
  type Attachment,
  type Availability,
  type Conversation,
  type Message,
  type ReadState,
  type Result,
  type SiteSettings,
  type TVisitorIdentity,
  type TVisitorPage,
  type TVisitorUpdate,
  type TypingEvent,
  type VisitorClientToServerEvents,
  type VisitorProfile,
  type VisitorServerToClientEvents,
} from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";
import {
  addPending,
  bodyLength,
  assignConversation,
  hasGap,
  highestSeq,
  markFailed,
  markRetrying,
  markSending,
  mergeMessages,
  pendingItems,
  syncCursor,
  type ChatItem,
} from "./message-list";
import { Outbox } from "./outbox";
import { TRANSPORTS, ask, backoffMs, connectErrorCode, fetchResult, newClientId, syncAll, type ConnectionState } from "./realtime";
import { refuseFile } from "./file-check";
import { readStored, writeStored } from "./storage";
import { Store } from "./store";

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

interface VisitorSession {
  token: string;
  visitor: VisitorProfile;
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
  /** Who we are to the server, once the session is open. */
  visitor: VisitorProfile | null;
  /** The team has seen our messages up to this seq ('seen' receipts). */
  operatorReadSeq: number;
  /** An operator is typing in our conversation. */
  operatorTyping: { name: string | null } | null;
  /** Whether someone can answer now; null until asked. */
  availability: Availability | null;
  /** Attachments of the conversation, by the id of the message that carries them. */
  attachments: Record<string, Attachment[]>;
  /** A file is being uploaded. */
  uploading: boolean;
}

/** How often a visitor's "typing" is repeated while they keep typing, and when it lapses without keys. */
const TYPING_REPEAT_MS = 2500;
const TYPING_IDLE_MS = 4000;
/** A "typing" not refreshed within this long has expired (the sender closed the tab, for instance). */
const TYPING_EXPIRY_MS = 6000;

/** Where the visitor token is kept (in the frame's storage, or seeded from the host page's by widget.js). */
export const tokenKey = (siteKey: string) => `kaiwa:token:${siteKey}`;
/** Where messages written but not yet stored are kept, so a reload or a closed tab does not lose them. */
export const pendingKey = (siteKey: string) => `kaiwa:pending:${siteKey}`;

/** What is kept of an unsent message. */
interface StoredPending {
  clientId: string;
  body: string;
  createdAt: string;
}

function parsePending(raw: string | null): StoredPending[] {
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter(
        (p): p is StoredPending =>
          !!p && typeof p.clientId === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(p.clientId) && typeof p.body === "string" && typeof p.createdAt === "string",
      )
      .slice(0, 50);
  } catch {
    return [];
  }
}

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
  visitor: null,
  operatorReadSeq: 0,
  operatorTyping: null,
  availability: null,
  attachments: {},
  uploading: false,
};

export interface VisitorChatHooks {
  /** A message arrived live (from the team, or ours from any tab). */
  onMessage?(message: Message): void;
  /** The visitor token or the unsent messages changed (null: forgotten); widget.js keeps them in the host page's storage. */
  onStore?(name: "token" | "pending", value: string | null): void;
}

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
  /** Session requests run one after the other, so an older answer never overwrites a newer identity. */
  private sessionChain: Promise<unknown> = Promise.resolve();
  /** The identity the host page gave and the server accepted; sent with every later session request. */
  private identity: TVisitorIdentity | null = null;
  /** Name, email and attributes still to send (on the next connect if offline). */
  private profilePatch: TVisitorUpdate = {};
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private typingExpiry: ReturnType<typeof setTimeout> | undefined;
  private readSent = { conversationId: "", seq: 0 };
  private unlisten: (() => void) | null = null;
  private readonly blobUrls = new Map<string, Promise<string>>();
  private pendingRestored = false;
  private pendingSignature = "";
  /** The host page the visitor is on, as widget.js last said; sent on every connect and whenever it changes. */
  private page: TVisitorPage | null = null;

  constructor(
    private readonly siteKey: string,
    private readonly hooks: VisitorChatHooks = {},
  ) {
    super(initialState);
    this.subscribe(() => this.persistPending());
    this.outbox = new Outbox({
      isOnline: () => this.socket?.connected ?? false,
      transmit: (item) => this.transmit(item),
      onSent: (message) => this.receive([message], false),
      onFailed: (clientId, error) =>
        this.setState((s) => ({ items: markFailed(s.items, clientId, error), notice: error })),
      onRetrying: (clientId, error) => this.setState((s) => ({ items: markRetrying(s.items, clientId, error) })),
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
    this.restorePending();
    if (readStored(tokenKey(this.siteKey))) void this.requestSession(run);
    else void this.loadSite(run);
  }

  /** Disconnect and stop every timer. */
  stop(): void {
    this.stopped = true;
    this.sessionRequested = false;
    this.run++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.typingIdle);
    clearTimeout(this.typingExpiry);
    this.unlisten?.();
    this.unlisten = null;
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
    if (visible) {
      this.ensureSession();
      this.markRead();
      void this.refreshAvailability();
    }
  }

  /**
   * The host page says who the visitor is (`ChatWidget.identify`). On a site that verifies identities a wrong
   * hash is refused (IDENTITY_INVALID) and the chat stays as it was; a right one makes this device that user's.
   */
  async identify(raw: unknown): Promise<Result<VisitorProfile>> {
    const identity = raw as TVisitorIdentity;
    if (!identity || typeof identity !== "object" || typeof identity.userId !== "string") {
      return { error: { code: ErrorCodes.VALIDATION, message: "identify() needs a userId" } };
    }
    const result = await this.requestSession(this.run, identity);
    return result.error ? result : { data: result.data.visitor };
  }

  /** Name, email or attributes of the visitor (the host page's `setAttributes`, the pre-chat form, the email prompt). */
  updateProfile(patch: TVisitorUpdate): void {
    this.profilePatch = {
      ...this.profilePatch,
      ...patch,
      ...(patch.attributes ? { attributes: { ...this.profilePatch.attributes, ...patch.attributes } } : {}),
    };
    void this.flushProfile();
  }

  /**
   * The host page the visitor is on now (widget.js throttles these). It reaches the server once the visitor
   * exists there: at once when connected, else on the connect that follows the session's start. Only http(s)
   * pages are reported (a file: or about: page has nothing to show the team); an empty referrer is "none".
   */
  reportPage(page: { url: string; title: string; referrer: string }): void {
    if (!/^https?:\/\//i.test(page.url)) return;
    const referrer = /^https?:\/\//i.test(page.referrer) ? page.referrer : null;
    const next: TVisitorPage = { url: page.url, title: page.title, referrer };
    const same = this.page && this.page.url === next.url && this.page.title === next.title && this.page.referrer === next.referrer;
    this.page = next;
    if (!same) this.sendPage();
  }

  private sendPage(): void {
    const socket = this.socket;
    const page = this.page;
    if (!socket?.connected || !page) return;
    void ask(socket, "visitor:page", page).then((r) => {
      // Refused (too long, say): the team sees the previous page; nothing the visitor needs to hear about.
      if (r.error && r.error.code !== ErrorCodes.UNAVAILABLE) console.warn(`[kaiwa] page not recorded: ${r.error.code}`);
    });
  }

  /** The visitor typed (true) or emptied the box / sent (false); throttled here, so call it on every change. */
  typing(active: boolean): void {
    const conversationId = this.state.conversationId;
    const socket = this.socket;
    clearTimeout(this.typingIdle);
    if (!conversationId || !socket?.connected) return;
    if (active) {
      const now = Date.now();
      if (now - this.typingSentAt >= TYPING_REPEAT_MS) {
        socket.emit("conversation:typing", { conversationId, typing: true });
        this.typingSentAt = now;
      }
      this.typingIdle = setTimeout(() => this.typing(false), TYPING_IDLE_MS);
    } else if (this.typingSentAt !== 0) {
      socket.emit("conversation:typing", { conversationId, typing: false });
      this.typingSentAt = 0;
    }
  }

  /** Upload a file and post it as a message; refusals (size, type) become the notice. */
  async sendFile(file: File): Promise<void> {
    const refused = refuseFile(file, this.state.site?.maxUploadBytes);
    if (refused) {
      this.setState({ notice: refused });
      return;
    }
    const socket = this.socket;
    if (!socket?.connected || !this.token) {
      this.ensureSession();
      this.setState({ notice: { code: ErrorCodes.UNAVAILABLE, message: "not connected" } });
      return;
    }
    this.setState({ uploading: true, notice: null });
    try {
      const conversation = await this.ensureConversation(socket);
      if (conversation.error) return void this.setState({ notice: conversation.error });
      const query = `conversationId=${encodeURIComponent(conversation.data)}&name=${encodeURIComponent(file.name || "file")}`;
      const uploaded = await fetchResult<{ attachment: Attachment }>(`/api/visitor/attachments?${query}`, {
        method: "POST",
        body: file,
        headers: { ...this.authHeaders(), "Content-Type": "application/octet-stream" },
      });
      if (uploaded.error) return void this.setState({ notice: uploaded.error });
      this.addAttachments([uploaded.data.attachment]);
      const sent = await ask(socket, "attachment:send", {
        conversationId: conversation.data,
        clientId: newClientId(),
        attachmentId: uploaded.data.attachment.id,
      });
      if (sent.error) return void this.setState({ notice: sent.error });
      this.addAttachments([{ ...uploaded.data.attachment, messageId: sent.data.id }]);
      this.receive([sent.data], false);
    } finally {
      this.setState({ uploading: false });
    }
  }

  /** A URL the frame can show an attachment from (fetched with the visitor's credentials, kept as a blob). */
  attachmentUrl(id: string): Promise<string> {
    let url = this.blobUrls.get(id);
    if (!url) {
      url = fetch(`/api/attachments/${encodeURIComponent(id)}`, { headers: this.authHeaders() }).then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return URL.createObjectURL(await res.blob());
      });
      url.catch(() => this.blobUrls.delete(id));
      this.blobUrls.set(id, url);
    }
    return url;
  }

  private authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.token ?? ""}`, "X-Kaiwa-Site": this.siteKey };
  }

  private addAttachments(list: Attachment[]): void {
    const posted = list.filter((a) => a.messageId);
    if (posted.length === 0) return;
    this.setState((s) => {
      const attachments = { ...s.attachments };
      for (const a of posted) {
        const key = a.messageId as string;
        attachments[key] = [...(attachments[key] ?? []).filter((x) => x.id !== a.id), a];
      }
      return { attachments };
    });
  }

  private async loadAttachments(): Promise<void> {
    const conversationId = this.state.conversationId;
    const socket = this.socket;
    if (!conversationId || !socket?.connected) return;
    const result = await ask(socket, "conversation:attachments", { conversationId });
    if (result.data && this.state.conversationId === conversationId) this.addAttachments(result.data);
  }

  /** Open the visitor session unless it is open or opening. */
  private ensureSession(): void {
    if (this.sessionRequested || this.stopped) return;
    void this.requestSession(this.run);
  }

  private requestSession(run: number, identity?: TVisitorIdentity): Promise<Result<VisitorSession>> {
    this.sessionRequested = true;
    const next = this.sessionChain.then(() => this.openSession(run, identity));
    this.sessionChain = next.catch(() => {});
    return next;
  }

  private async flushProfile(): Promise<void> {
    const socket = this.socket;
    const patch = this.profilePatch;
    if (!socket?.connected || Object.keys(patch).length === 0) return;
    const result = await ask(socket, "visitor:update", patch);
    if (result.data) {
      if (this.profilePatch === patch) this.profilePatch = {};
      this.setState({ visitor: result.data });
    } else if (result.error.code !== ErrorCodes.UNAVAILABLE) {
      this.profilePatch = {}; // refused as invalid: sending it again will not help
      console.warn(`[kaiwa] visitor update refused: ${result.error.code} ${result.error.message}`);
    }
  }

  private async refreshAvailability(): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "site:availability", {});
    if (result.data) this.setState({ availability: result.data });
  }

  /** Tell the team how far we have read (only while the chat is on screen), or just learn how far they have. */
  private markRead(force = false): void {
    const conversationId = this.state.conversationId;
    const socket = this.socket;
    if (!conversationId || !socket?.connected) return;
    const onScreen = this.state.visible && (typeof document === "undefined" || document.visibilityState === "visible");
    const seq = onScreen ? highestSeq(this.state.items.filter((i) => i.conversationId === conversationId)) : 0;
    const sent = this.readSent.conversationId === conversationId ? this.readSent.seq : 0;
    if (!force && seq <= sent) return;
    if (seq > sent) this.readSent = { conversationId, seq };
    void ask(socket, "conversation:read", { conversationId, seq }).then((r) => r.data && this.applyRead(r.data));
  }

  private applyRead(state: ReadState): void {
    const conversationId = this.state.conversationId;
    if (state.conversationId !== conversationId) return;
    if (state.operatorSeq > this.state.operatorReadSeq) this.setState({ operatorReadSeq: state.operatorSeq });
    // Unread survives reloads and page changes of the host site: it is what the team wrote after the visitor's
    // read position, which the server keeps (and which another tab may just have moved).
    if (!this.state.visible) {
      const unread = this.state.items.filter(
        (i) => i.conversationId === conversationId && i.authorKind !== "visitor" && i.seq !== null && i.seq > state.visitorSeq,
      ).length;
      if (unread !== this.state.unread) this.setState({ unread });
    }
  }

  private onTyping(event: TypingEvent): void {
    if (event.authorKind !== "operator" || event.conversationId !== this.state.conversationId) return;
    clearTimeout(this.typingExpiry);
    this.setState({ operatorTyping: event.typing ? { name: event.authorName } : null });
    if (event.typing) this.typingExpiry = setTimeout(() => this.setState({ operatorTyping: null }), TYPING_EXPIRY_MS);
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
    this.typing(false);
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

  private async openSession(run: number, identity?: TVisitorIdentity): Promise<Result<VisitorSession>> {
    const stored = readStored(tokenKey(this.siteKey));
    const asked = identity ?? this.identity ?? undefined;
    const body = (token: string | null) => JSON.stringify({ siteKey: this.siteKey, ...(token ? { token } : {}), ...(asked ? { identity: asked } : {}) });
    let result = await fetchResult<VisitorSession>("/api/visitor/session", { method: "POST", body: body(stored) });
    if (result.error?.code === ErrorCodes.VALIDATION && stored && !identity) {
      // A stored token the server no longer accepts the shape of: start over as a new visitor.
      this.storeToken(null);
      result = await fetchResult<VisitorSession>("/api/visitor/session", { method: "POST", body: body(null) });
    }
    if (run !== this.run) return result;
    if (result.error) {
      if (identity && (result.error.code === ErrorCodes.IDENTITY_INVALID || result.error.code === ErrorCodes.VALIDATION)) {
        // The host page's identify() was refused: the chat carries on as it was, anonymous.
        if (!this.token) this.sessionRequested = false;
        return result;
      }
      if (result.error.code === ErrorCodes.UNAVAILABLE || result.error.code === ErrorCodes.RATE_LIMITED) {
        this.scheduleRetry(() => void this.requestSession(run, identity));
        return result;
      }
      this.setState({ phase: "fatal", fatal: result.error });
      return result;
    }
    if (identity) this.identity = identity;
    this.attempts = 0;
    const session = result.data;
    const tokenChanged = session.token !== this.token;
    this.token = session.token;
    this.storeToken(session.token);
    const sameConversation = session.conversationId !== null && session.conversationId === this.state.conversationId;
    this.setState((s) => ({
      phase: "ready",
      fatal: null,
      site: session.site,
      visitor: session.visitor,
      conversationId: session.conversationId,
      operatorReadSeq: sameConversation ? s.operatorReadSeq : 0,
      // A new identity (the old token was refused) sees none of the old identity's messages.
      items: sameConversation ? s.items : s.items.filter((i) => i.status !== "sent").map((i) => ({ ...i, conversationId: null })),
    }));
    if (tokenChanged || !this.socket) this.connect();
    return result;
  }

  private storeToken(token: string | null): void {
    writeStored(tokenKey(this.siteKey), token);
    this.hooks.onStore?.("token", token);
  }

  /** Messages written before a reload (or while offline before the tab closed) go out again, same clientId. */
  private restorePending(): void {
    if (this.pendingRestored) return;
    this.pendingRestored = true;
    const stored = parsePending(readStored(pendingKey(this.siteKey)));
    if (stored.length === 0) return;
    let items = this.state.items;
    for (const p of stored) items = addPending(items, { ...p, conversationId: this.state.conversationId, authorKind: "visitor" });
    this.setState({ items });
    if (!readStored(tokenKey(this.siteKey))) this.ensureSession();
  }

  private persistPending(): void {
    if (!this.pendingRestored) return;
    const pending = this.state.items.filter((i) => i.authorKind === "visitor" && i.status === "sending");
    const signature = pending.map((i) => i.clientId).join(",");
    if (signature === this.pendingSignature) return;
    this.pendingSignature = signature;
    const value = pending.length ? JSON.stringify(pending.map((i) => ({ clientId: i.clientId, body: i.body, createdAt: i.createdAt }))) : null;
    writeStored(pendingKey(this.siteKey), value);
    this.hooks.onStore?.("pending", value);
  }

  private scheduleRetry(run: () => void): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) run();
    }, backoffMs(this.attempts++));
  }

  private connect(): void {
    if (this.socket) {
      // Reconnect as the new visitor (a new token after identify(), or after the old one was refused).
      this.socket.disconnect();
      this.socket.auth = this.handshake();
      this.socket.connect();
      return;
    }
    const socket: VisitorSocket = io(NAMESPACES.visitor, { auth: this.handshake(), ...TRANSPORTS });
    this.socket = socket;

    socket.on("connect", () => {
      this.attempts = 0;
      this.setState({ connection: "connected" });
      // Where the visitor is, before anything else: the team's panel is filled by the time the first message shows.
      this.sendPage();
      // First connect loads the conversation; every reconnect fetches what was missed and resends.
      void this.sync().then(() => {
        this.markRead(true);
        void this.loadAttachments();
      });
      this.outbox.flush(pendingItems(this.state.items));
      void this.flushProfile();
      void this.refreshAvailability();
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
        this.storeToken(null);
        this.token = null;
        this.scheduleRetry(() => void this.requestSession(this.run));
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

    // The browser knows at once when the network goes; the socket would only notice at its next heartbeat.
    if (typeof window !== "undefined") {
      const offline = () => socket.disconnect();
      const online = () => {
        if (!this.stopped && !socket.connected) socket.connect();
      };
      window.addEventListener("offline", offline);
      window.addEventListener("online", online);
      this.unlisten = () => {
        window.removeEventListener("offline", offline);
        window.removeEventListener("online", online);
      };
    }

    socket.on("message:new", (message) => this.onLiveMessage(message));
    socket.on("conversation:typing", (event) => this.onTyping(event));
    socket.on("conversation:read", (state) => this.applyRead(state));
    socket.on("attachment:new", (attachment) => {
      if (attachment.conversationId === this.state.conversationId) this.addAttachments([attachment]);
    });
  }

  private handshake() {
    return { protocol: PROTOCOL_VERSION, siteKey: this.siteKey, token: this.token ?? "" };
  }

  // --- conversation ---------------------------------------------------------------------------------

  private onLiveMessage(message: Message): void {
    this.hooks.onMessage?.(message);
    if (message.authorKind === "operator" && this.state.operatorTyping) {
      clearTimeout(this.typingExpiry);
      this.setState({ operatorTyping: null });
    }
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
    this.markRead();
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
