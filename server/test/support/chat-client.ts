// A chatting client with the discipline a real widget or console has: every send gets a clientId that is reused
// on each retry until an ack arrives; after every (re)connect and on every seq gap it syncs from the last seq it
// holds; it shows each message once, in seq order. Counts what it sent, got acknowledged and received, so the
// fault tests can prove nothing was lost, duplicated or reordered.
import { randomUUID } from "node:crypto";
import { PROTOCOL_VERSION, type Conversation, type ConversationPage, type Message, type Result, type SyncPage } from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";
import { postJson } from "./clients";

export interface ChatStats {
  /** Distinct messages this client tried to send (one clientId each). */
  sent: number;
  /** Emits of message:send, retries included. */
  attempts: number;
  acknowledged: number;
  /** message:new events received. */
  received: number;
  /** message:new for a seq already held (delivered twice on the wire, shown once). */
  redelivered: number;
  /** message:new past a missing seq: the client synced to fill the gap. */
  gaps: number;
  syncs: number;
  /** Error codes seen in acks; TIMEOUT:<request> for acks that never came; DISCONNECTED for sends cut off by a disconnect. */
  errors: Record<string, number>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

export interface ChatClientOptions {
  url: string;
  kind: "visitor" | "operator";
  /** Conversations this client shows (a visitor: its own; an operator: every one it watches). */
  conversations: string[];
  /** Visitor: site key and token. Operator: session cookie. */
  siteKey?: string;
  token?: string;
  cookie?: string;
  label: string;
  ackTimeoutMs?: number;
}

export class ChatClient {
  readonly socket: Socket;
  readonly label: string;
  readonly kind: "visitor" | "operator";
  /** What the client shows, per conversation, in seq order. */
  readonly held = new Map<string, Message[]>();
  /** clientId -> the stored message its ack returned (the same for every retry). */
  readonly acked = new Map<string, Message>();
  /** clientIds sent and not acknowledged yet. */
  readonly pending = new Set<string>();
  readonly stats: ChatStats = { sent: 0, attempts: 0, acknowledged: 0, received: 0, redelivered: 0, gaps: 0, syncs: 0, errors: {} };
  /** Acks that named a different message than an earlier ack for the same clientId (must stay 0). */
  conflictingAcks = 0;
  /** Operators: the conversation list, as the console keeps it (reloaded on every connect, then updated live). */
  readonly inbox = new Map<string, Conversation>();
  /** Time from each lost connection to the next connect, in ms. */
  readonly reconnectMs: number[] = [];
  disconnectedAt: number | null = null;
  private readonly syncing = new Map<string, { run: Promise<void>; again: boolean }>();
  private readonly ackTimeoutMs: number;
  private closed = false;
  private chatting = false;
  private loop: Promise<void> | null = null;

  constructor(opts: ChatClientOptions) {
    this.label = opts.label;
    this.kind = opts.kind;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    for (const id of opts.conversations) this.held.set(id, []);
    const auth = opts.kind === "visitor" ? { protocol: PROTOCOL_VERSION, siteKey: opts.siteKey, token: opts.token } : { protocol: PROTOCOL_VERSION };
    this.socket = io(`${opts.url}/${opts.kind}`, {
      auth,
      extraHeaders: opts.cookie ? { cookie: opts.cookie } : undefined,
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      randomizationFactor: 0.5,
    });
    this.socket.on("connect", () => {
      if (this.disconnectedAt !== null) this.reconnectMs.push(Date.now() - this.disconnectedAt);
      this.disconnectedAt = null;
      for (const id of this.held.keys()) void this.sync(id);
      if (this.kind === "operator") void this.loadInbox();
    });
    this.socket.on("conversation:updated", (c: Conversation) => this.upsert(c));
    this.socket.on("disconnect", (reason) => {
      this.disconnectedAt ??= Date.now();
      // The server asked us to go (a node shutting down, or catching up after a Redis outage): come back, to
      // whichever node the balancer picks. Other reasons reconnect by themselves.
      if (reason === "io server disconnect" && !this.closed) setTimeout(() => this.socket.connect(), jitter(200));
    });
    this.socket.on("connect_error", () => {
      this.disconnectedAt ??= Date.now();
      // A refused handshake (e.g. UNAVAILABLE while Postgres restarts) is not retried by socket.io-client.
      if (!this.socket.active && !this.closed) setTimeout(() => this.socket.connect(), jitter(300));
    });
    this.socket.on("message:new", (m: Message) => {
      this.stats.received++;
      this.accept(m);
    });
  }

  get connected() {
    return this.socket.connected;
  }

  /** Resolve once connected (first connect included). */
  async waitConnected(ms = 10_000) {
    const deadline = Date.now() + ms;
    while (!this.socket.connected) {
      if (Date.now() > deadline) throw new Error(`${this.label} did not connect`);
      await pause(20);
    }
  }

  /** Show a message: the next seq is appended, an old one dropped, one past a gap triggers a sync. */
  private accept(m: Message) {
    const list = this.held.get(m.conversationId);
    if (!list) return;
    const last = list.length ? list[list.length - 1]!.seq : 0;
    if (m.seq <= last) return void this.stats.redelivered++;
    if (m.seq === last + 1) return void list.push(m);
    this.stats.gaps++;
    void this.sync(m.conversationId);
  }

  /** Fetch everything after the last seq held; one sync per conversation at a time, repeated if asked meanwhile. */
  sync(conversationId: string): Promise<void> {
    const current = this.syncing.get(conversationId);
    if (current) {
      current.again = true;
      return current.run;
    }
    const state = { run: Promise.resolve(), again: false };
    state.run = (async () => {
      try {
        do {
          state.again = false;
          for (;;) {
            if (this.closed || !this.socket.connected) return; // the next connect syncs again
            const list = this.held.get(conversationId)!;
            const afterSeq = list.length ? list[list.length - 1]!.seq : 0;
            this.stats.syncs++;
            let res: Result<SyncPage>;
            try {
              res = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("conversation:sync", { conversationId, afterSeq });
            } catch {
              this.count("TIMEOUT:sync");
              await pause(jitter(200));
              continue;
            }
            if ("error" in res && res.error) {
              this.count(res.error.code);
              await pause(jitter(200));
              continue;
            }
            for (const m of res.data!.messages) this.accept(m);
            if (!res.data!.hasMore) break;
          }
        } while (state.again);
      } finally {
        this.syncing.delete(conversationId);
      }
    })();
    this.syncing.set(conversationId, state);
    return state.run;
  }

  /** Keep the newer of two versions of a conversation: a higher lastSeq, or the same with a later activity. */
  private upsert(c: Conversation) {
    const known = this.inbox.get(c.id);
    if (!known || c.lastSeq > known.lastSeq || (c.lastSeq === known.lastSeq && c.lastActivityAt >= known.lastActivityAt)) this.inbox.set(c.id, c);
  }

  /** Operators: reload every page of the conversation list, as the console does after a (re)connect. */
  private async loadInbox() {
    let cursor: string | undefined;
    for (;;) {
      if (this.closed || !this.socket.connected) return;
      let res: Result<ConversationPage>;
      try {
        res = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("conversation:list", cursor ? { status: "all", cursor } : { status: "all" });
      } catch {
        this.count("TIMEOUT:send");
        continue;
      }
      if ("error" in res && res.error) {
        this.count(res.error.code);
        await pause(jitter(300));
        continue;
      }
      for (const c of res.data!.conversations) this.upsert(c);
      if (!res.data!.nextCursor) return;
      cursor = res.data!.nextCursor;
    }
  }

  private count(code: string) {
    this.stats.errors[code] = (this.stats.errors[code] ?? 0) + 1;
  }

  /** Send one message, retrying with the same clientId until it is acknowledged (or `giveUpMs` passes). */
  async send(conversationId: string, body: string, giveUpMs = 45_000): Promise<Message | null> {
    const clientId = randomUUID();
    this.stats.sent++;
    this.pending.add(clientId);
    const deadline = Date.now() + giveUpMs;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      if (attempt > 0) await pause(jitter(Math.min(1000, 100 * attempt)));
      if (!this.socket.connected) continue; // never queue emits offline: retry once connected
      this.stats.attempts++;
      let res: Result<Message> | "disconnected";
      let onDisconnect = () => {};
      try {
        // Like the web outbox: a disconnect while waiting means "unknown", so send again after the reconnect.
        res = await Promise.race([
          this.socket.timeout(this.ackTimeoutMs).emitWithAck("message:send", { conversationId, clientId, body }) as Promise<Result<Message>>,
          new Promise<"disconnected">((resolve) => this.socket.once("disconnect", (onDisconnect = () => resolve("disconnected")))),
        ]);
      } catch {
        this.count("TIMEOUT:list");
        continue;
      } finally {
        this.socket.off("disconnect", onDisconnect);
      }
      if (res === "disconnected") {
        this.count("DISCONNECTED");
        continue;
      }
      if ("error" in res && res.error) {
        this.count(res.error.code);
        if (res.error.code === "UNAVAILABLE" || res.error.code === "RATE_LIMITED" || res.error.code === "INTERNAL") continue;
        break; // not retryable: the test reports it
      }
      const message = res.data!;
      const earlier = this.acked.get(clientId);
      if (earlier && earlier.id !== message.id) this.conflictingAcks++;
      if (!earlier) {
        this.acked.set(clientId, message);
        this.stats.acknowledged++;
      }
      this.pending.delete(clientId);
      this.accept(message);
      return message;
    }
    return null;
  }

  /** Chat until `stop()`: a message every `everyMs` (with jitter) into one of its conversations. */
  start(everyMs: number) {
    this.chatting = true;
    const ids = [...this.held.keys()];
    this.loop = (async () => {
      let n = 0;
      while (this.chatting) {
        await pause(jitter(everyMs));
        if (!this.chatting) break;
        const conversationId = ids[Math.floor(Math.random() * ids.length)]!;
        await this.send(conversationId, `${this.label} #${++n}`);
      }
    })();
  }

  /** Stop starting new messages; resolves once the last one is acknowledged (or given up). */
  async stop() {
    this.chatting = false;
    await this.loop;
  }

  close() {
    this.closed = true;
    this.chatting = false;
    this.socket.disconnect();
  }
}

/** Open a visitor session over REST (through the balancer) and return its chatting client, not yet connected. */
export async function visitorClient(url: string, siteKey: string, label: string) {
  const res = await postJson(url, "/api/visitor/session", { siteKey });
  if (!res.body.data) throw new Error(`visitor session failed: ${JSON.stringify(res.body)}`);
  return res.body.data as { token: string; visitor: { id: string } };
}

export interface DeliveryReport {
  clients: number;
  sent: number;
  attempts: number;
  acknowledged: number;
  received: number;
  redelivered: number;
  gaps: number;
  /** Acknowledged messages a client should show and does not. */
  lost: number;
  /** Messages shown twice by a client, stored twice in Postgres, or acked as two different messages. */
  duplicated: number;
  /** Places where a client shows messages out of seq order or with a hole. */
  misordered: number;
  /** Sends never acknowledged (the client gave up). */
  unacknowledged: number;
  /** Stored messages nobody got an ack for. */
  storedUnacknowledged: number;
  errors: Record<string, number>;
}

/** Everything the clients hold, checked against the acks and against the rows in Postgres. */
export function deliveryReport(clients: ChatClient[], stored: { id: string; conversationId: string; clientId: string; seq: number }[]): DeliveryReport {
  const acked = new Map<string, Message>();
  let duplicated = 0;
  for (const c of clients) {
    duplicated += c.conflictingAcks;
    for (const [clientId, m] of c.acked) acked.set(clientId, m);
  }
  const byConversation = new Map<string, Message[]>();
  for (const m of acked.values()) (byConversation.get(m.conversationId) ?? byConversation.set(m.conversationId, []).get(m.conversationId)!).push(m);
  let lost = 0;
  let misordered = 0;
  for (const c of clients) {
    for (const [conversationId, list] of c.held) {
      const ids = new Set<string>();
      list.forEach((m, i) => {
        if (ids.has(m.id)) duplicated++;
        ids.add(m.id);
        if (m.seq !== i + 1) misordered++;
      });
      for (const m of byConversation.get(conversationId) ?? []) if (!ids.has(m.id)) lost++;
    }
  }
  const storedKeys = new Map<string, number>();
  for (const row of stored) storedKeys.set(`${row.conversationId}/${row.clientId}`, (storedKeys.get(`${row.conversationId}/${row.clientId}`) ?? 0) + 1);
  for (const n of storedKeys.values()) if (n > 1) duplicated += n - 1;
  const storedIds = new Set(stored.map((r) => r.id));
  for (const m of acked.values()) if (!storedIds.has(m.id)) lost++; // acknowledged but not in Postgres
  const ackedIds = new Set([...acked.values()].map((m) => m.id));
  const errors: Record<string, number> = {};
  for (const c of clients) for (const [k, v] of Object.entries(c.stats.errors)) errors[k] = (errors[k] ?? 0) + v;
  const sum = (f: (c: ChatClient) => number) => clients.reduce((a, c) => a + f(c), 0);
  return {
    clients: clients.length,
    sent: sum((c) => c.stats.sent),
    attempts: sum((c) => c.stats.attempts),
    acknowledged: sum((c) => c.stats.acknowledged),
    received: sum((c) => c.stats.received),
    redelivered: sum((c) => c.stats.redelivered),
    gaps: sum((c) => c.stats.gaps),
    lost,
    duplicated,
    misordered,
    unacknowledged: sum((c) => c.pending.size),
    storedUnacknowledged: stored.filter((r) => !ackedIds.has(r.id)).length,
    errors,
  };
}

/** True once every client shows every acknowledged message of its conversations. */
export function allDelivered(clients: ChatClient[]): boolean {
  const counts = new Map<string, number>();
  for (const c of clients) for (const m of c.acked.values()) counts.set(m.conversationId, (counts.get(m.conversationId) ?? 0) + 1);
  return clients.every((c) => [...c.held].every(([id, list]) => list.length >= (counts.get(id) ?? 0)));
}
