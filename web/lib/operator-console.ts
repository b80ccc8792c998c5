// The operator's side, as a store the console renders: the inbox (one status tab at a time), the open
// conversation's messages, replies and status changes, over one Socket.IO connection to /operator.
import {
  ErrorCodes,
  MESSAGE_MAX_LENGTH,
  NAMESPACES,
  PROTOCOL_VERSION,
  type ApiError,
  type Attachment,
  type CannedResponse,
  type Conversation,
  type ConversationMarks,
  type ConversationStatus,
  type Activity,
  type Draft,
  type InboxCounts,
  type InboxSite,
  type InboxView,
  type Message,
  type Note,
  type Operator,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
  type OperatorSummary,
  type PresenceMap,
  type ReadState,
  type TConversationList,
  type VisitorDetails,
  type VisitorSummary,
} from "@kaiwa/shared";
import { io, type Socket } from "socket.io-client";
import {
  addPending,
  bodyLength,
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
import { ComposerDrafts } from "./composer-drafts";
import { refuseFile } from "./file-check";
import { Outbox } from "./outbox";
import { TRANSPORTS, ask, backoffMs, connectErrorCode, fetchResult, newClientId, syncAll, type ConnectionState } from "./realtime";
import { Store } from "./store";

type OperatorSocket = Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;

/** The inbox tabs: the views Unassigned, Mine, All open (open + pending), Resolved. */
export type InboxTab = InboxView;
export const INBOX_TABS: InboxTab[] = ["unassigned", "mine", "open", "pending", "resolved"];

/** Filters and sort within a view. */
export interface InboxFilters {
  assigneeId?: string;
  siteId?: string;
  unreplied?: boolean;
  tag?: string;
  starred?: boolean;
  sort?: "activity" | "waiting";
}

/** What a search found: contacts by name and email, messages, internal notes. */
export interface SearchState {
  q: string;
  busy: boolean;
  contacts: { visitor: VisitorSummary; conversation: Conversation }[];
  hits: { message: Message; conversation: Conversation }[];
  notes: { note: Note; conversation: Conversation }[];
}

/** A transfer to this operator, with its note, shown on the conversation. */
export interface TransferNotice {
  fromId: string | null;
  note: string | null;
}

export interface ConsoleState {
  connection: ConnectionState;
  /** The session ended (signed out elsewhere, expired): show the sign-in form. */
  signedOut: boolean;
  tab: InboxTab;
  /** The current tab's conversations, newest activity first. */
  conversations: Conversation[];
  listLoaded: boolean;
  nextCursor: string | null;
  loadingMore: boolean;
  selectedId: string | null;
  /** The freshest copy we know of the selected conversation. */
  selected: Conversation | null;
  /** Messages of every conversation opened so far, by conversation id. */
  threads: Record<string, ChatItem[]>;
  /** True while the selected conversation's first load runs. */
  threadLoading: boolean;
  statusBusy: boolean;
  /** The last error to show; cleared by the next success. */
  notice: ApiError | null;
  /** The connection was refused for good (another protocol version). */
  fatal: ApiError | null;
  /** Conversations whose visitor is typing now. */
  visitorTyping: Record<string, true>;
  /** Other operators writing a reply now, by conversation id (operator id to name). */
  operatorsTyping: Record<string, Record<string, string>>;
  /** How far each visitor has read, by conversation id (read receipts on our replies). */
  visitorReadSeq: Record<string, number>;
  /** Attachments by the id of the message that carries them. */
  attachments: Record<string, Attachment[]>;
  /** Counts of every view, pushed live by the server. */
  counts: InboxCounts | null;
  /** The workspace's operators (for assignment). */
  operators: OperatorSummary[];
  filters: InboxFilters;
  assignBusy: boolean;
  /** Conversations transferred to this operator, with the note left. */
  transfers: Record<string, TransferNotice>;
  /** Who is online or away (absent: offline), shared by every node. */
  presence: PresenceMap;
  /** Internal notes of the conversations opened, by conversation id. */
  notes: Record<string, Note[]>;
  /** What happened to the conversations opened (assignments, status changes), by conversation id, oldest first. */
  activity: Record<string, Activity[]>;
  /** Tags and this operator's star, by conversation id. */
  marks: Record<string, Pick<ConversationMarks, "tags" | "starred">>;
  canned: CannedResponse[];
  /** Conversations with older messages not loaded yet (history loads in pages, newest first). */
  hasOlder: Record<string, boolean>;
  loadingOlder: boolean;
  /** The workspace's sites with their inbox settings. */
  sites: InboxSite[];
  /** The visitor panel of the selected conversation. */
  visitorDetails: Record<string, VisitorDetails>;
  /** Trainee drafts known to this console (the review queue and those of the conversations opened), by id. */
  traineeDrafts: Record<string, Draft>;
  /** A file of ours is on its way (upload, then its message). */
  uploading: boolean;
  /** A trainee's reply was kept as a draft for review: said as a confirmation, not an error. */
  draftSaved: string | null;
  /** Results of the current search; null when not searching. */
  search: SearchState | null;
}

const initialState = (tab: InboxTab): ConsoleState => ({
  connection: "connecting",
  signedOut: false,
  tab,
  conversations: [],
  listLoaded: false,
  nextCursor: null,
  loadingMore: false,
  selectedId: null,
  selected: null,
  threads: {},
  threadLoading: false,
  statusBusy: false,
  notice: null,
  fatal: null,
  visitorTyping: {},
  operatorsTyping: {},
  visitorReadSeq: {},
  attachments: {},
  counts: null,
  operators: [],
  filters: {},
  assignBusy: false,
  transfers: {},
  presence: {},
  notes: {},
  activity: {},
  marks: {},
  canned: [],
  traineeDrafts: {},
  draftSaved: null,
  uploading: false,
  search: null,
  visitorDetails: {},
  sites: [],
  hasOlder: {},
  loadingOlder: false,
});

/** Messages fetched when a conversation is first opened; older ones come in pages on demand. */
export const FIRST_PAGE = 50;

/** True when `a` is at least as recent as `b` (same conversation). */
function isFresher(a: Conversation, b: Conversation): boolean {
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt > b.lastActivityAt;
  return a.lastSeq >= b.lastSeq;
}

function byActivity(a: Conversation, b: Conversation): number {
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Longest waiting: unanswered first, the oldest first unanswered message on top; then the answered, idle longest first (the server's order). */
function byWaiting(a: Conversation, b: Conversation): number {
  if ((a.waitingSince === null) !== (b.waitingSince === null)) return a.waitingSince === null ? 1 : -1;
  const ka = a.waitingSince ?? a.lastActivityAt;
  const kb = b.waitingSince ?? b.lastActivityAt;
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The order of a view: newest activity first, or longest waiting first. */
export function orderOf(filters: InboxFilters): (a: Conversation, b: Conversation) => number {
  return filters.sort === "waiting" ? byWaiting : byActivity;
}

/** Whether a conversation belongs in a view under the filters (what the server would list). */
export function inView(
  c: Conversation,
  tab: InboxTab,
  filters: InboxFilters,
  me: string,
  marks?: Pick<ConversationMarks, "tags" | "starred">,
): boolean {
  if (tab === "resolved" ? c.status !== "resolved" : c.status === "resolved") return false;
  if (tab === "pending" && c.status !== "pending") return false;
  if (tab === "unassigned" && c.assigneeId !== null) return false;
  if (tab === "mine" && c.assigneeId !== me) return false;
  if (filters.assigneeId && c.assigneeId !== filters.assigneeId) return false;
  if (filters.siteId && c.siteId !== filters.siteId) return false;
  if (filters.unreplied && c.lastMessage?.authorKind !== "visitor") return false;
  if (filters.tag && !marks?.tags.includes(filters.tag)) return false;
  if (filters.starred && !marks?.starred) return false;
  return true;
}

/** The count of a view for this operator. */
export function countOf(counts: InboxCounts | null, tab: InboxTab, me: string): number | null {
  if (!counts) return null;
  if (tab === "mine") return counts.byAssignee[me] ?? 0;
  return counts[tab];
}

export class OperatorConsole extends Store<ConsoleState> {
  private socket: OperatorSocket | null = null;
  private readonly outbox: Outbox;
  /** What the operator has typed and not sent, per conversation. */
  readonly composerDrafts: ComposerDrafts;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private listRequest = 0;
  private syncing = new Map<string, Promise<void>>();
  private resyncWanted = new Set<string>();
  private typingExpiry = new Map<string, ReturnType<typeof setTimeout>>();
  private typingSentAt = 0;
  private readSent = new Map<string, number>();

  constructor(
    private readonly operator: Operator,
    options: { tab?: InboxTab; selectedId?: string | null } = {},
  ) {
    super({ ...initialState(options.tab ?? "open"), selectedId: options.selectedId ?? null });
    this.composerDrafts = new ComposerDrafts(operator.id);
    this.outbox = new Outbox({
      isOnline: () => this.socket?.connected ?? false,
      transmit: (item) =>
        this.socket && item.conversationId
          ? ask(this.socket, "message:send", { conversationId: item.conversationId, clientId: item.clientId, body: item.body })
          : Promise.resolve({ error: { code: ErrorCodes.UNAVAILABLE, message: "not connected" } }),
      onSent: (message) => this.receive([message]),
      onFailed: (clientId, error) => {
        const conversationId = this.threadOf(clientId);
        if (!conversationId) return;
        // A trainee's reply is held as a draft (shown by the drafts panel), not a failed message.
        const held = error.code === ErrorCodes.HELD_FOR_APPROVAL;
        this.updateThread(conversationId, (items) => (held ? items.filter((i) => i.clientId !== clientId) : markFailed(items, clientId, error)));
        if (held) this.setState({ draftSaved: conversationId, notice: null });
        else this.setState({ notice: error });
      },
      onRetrying: (clientId, error) => {
        const conversationId = this.threadOf(clientId);
        if (conversationId) this.updateThread(conversationId, (items) => markRetrying(items, clientId, error));
      },
    });
  }

  /** The conversation whose thread holds our message `clientId`. */
  private threadOf(clientId: string): string | undefined {
    return Object.keys(this.state.threads).find((id) => this.state.threads[id]?.some((i) => i.clientId === clientId));
  }

  /** The list request of the current view and filters. */
  private listQuery(cursor?: string): TConversationList {
    const { tab, filters } = this.state;
    const query: TConversationList = { view: tab };
    if (filters.assigneeId) query.assigneeId = filters.assigneeId;
    if (filters.siteId) query.siteId = filters.siteId;
    if (filters.unreplied) query.unreplied = true;
    if (filters.tag) query.tag = filters.tag;
    if (filters.starred) query.starred = true;
    if (filters.sort === "waiting") query.sort = "waiting";
    if (cursor) query.cursor = cursor;
    return query;
  }

  /** Connect and load the inbox. */
  start(): void {
    this.stopped = false;
    if (this.socket) return;
    const socket: OperatorSocket = io(NAMESPACES.operator, { auth: { protocol: PROTOCOL_VERSION }, ...TRANSPORTS });
    this.socket = socket;

    socket.on("connect", () => {
      this.attempts = 0;
      this.setState({ connection: "connected", fatal: null });
      // On the first connect and after every reconnect: a fresh inbox, the open conversation caught up, unsent replies resent.
      void this.loadList();
      void this.loadCounts();
      void ask(socket, "operator:list", {}).then((r) => r.data && this.setState({ operators: r.data }));
      void ask(socket, "presence:list", {}).then((r) => r.data && this.setState({ presence: r.data }));
      void ask(socket, "canned:list", {}).then((r) => r.data && this.setState({ canned: r.data }));
      void ask(socket, "site:list", {}).then((r) => r.data && this.setState({ sites: r.data }));
      // The review queue, caught up after every reconnect (reviews missed while offline included).
      void ask(socket, "draft:queue", {}).then((r) => r.data && this.replaceQueue(r.data));
      const selected = this.state.selectedId;
      if (selected) {
        void this.syncThread(selected);
        void this.loadNotes(selected);
        void this.loadVisitor(selected);
        void this.loadDrafts(selected);
        void this.loadActivity(selected);
      }
      for (const items of Object.values(this.state.threads)) this.outbox.flush(pendingItems(items));
    });

    socket.on("disconnect", (reason) => {
      this.outbox.disconnected();
      if (this.stopped) return;
      this.setState({ connection: "reconnecting" });
      // Dropped on purpose by the server: signed out elsewhere, or the node is going away. Find out which.
      if (reason === "io server disconnect") void this.checkSessionThenReconnect();
    });

    socket.on("connect_error", (err) => {
      const code = connectErrorCode(err);
      if (code === ErrorCodes.UNAUTHENTICATED) {
        this.stop();
        this.setState({ signedOut: true });
        return;
      }
      if (code === ErrorCodes.PROTOCOL_MISMATCH) {
        this.setState({ fatal: { code, message: err.message } });
        return;
      }
      if (this.state.connection === "connected") this.setState({ connection: "reconnecting" });
      if (!socket.active) this.scheduleRetry(() => socket.connect());
    });

    socket.on("message:new", (message) => this.onLiveMessage(message));
    socket.on("conversation:updated", (conversation) => this.upsert(conversation));
    socket.on("inbox:counts", (counts) => this.setState({ counts }));
    socket.on("presence:changed", (presence) => this.setState({ presence }));
    socket.on("note:new", (note) => this.addNotes(note.conversationId, [note]));
    socket.on("canned:changed", (canned) => this.setState({ canned }));
    socket.on("draft:updated", (draft) => this.addDrafts([draft]));
    // Another console or the sites page changed automatic assignment: every open console shows it.
    socket.on("inbox:settings", (settings) =>
      this.setState((s) => ({ sites: s.sites.map((x) => (x.siteId === settings.siteId ? { ...x, ...settings } : x)) })),
    );
    socket.on("conversation:tags", ({ conversationId, tags }) =>
      this.setState((s) => ({ marks: { ...s.marks, [conversationId]: { starred: s.marks[conversationId]?.starred ?? false, tags } } })),
    );
    socket.on("conversation:activity", (activity) => this.addActivity(activity.conversationId, [activity]));
    socket.on("conversation:assigned", (event) => {
      if (event.operatorId !== this.operator.id || event.assignedById === this.operator.id) return;
      if (event.reason !== "transfer" && event.reason !== "assign") return;
      this.setState((s) => ({
        transfers: { ...s.transfers, [event.conversationId]: { fromId: event.assignedById, note: event.note } },
      }));
    });
    socket.on("conversation:typing", (event) => {
      if (event.authorKind === "operator") {
        if (event.authorId && event.authorId !== this.operator.id) this.onOperatorTyping(event.conversationId, event.authorId, event.authorName, event.typing);
        return;
      }
      clearTimeout(this.typingExpiry.get(event.conversationId));
      this.setVisitorTyping(event.conversationId, event.typing);
      // A "typing" not refreshed within 6 s has expired.
      if (event.typing) this.typingExpiry.set(event.conversationId, setTimeout(() => this.setVisitorTyping(event.conversationId, false), 6000));
    });
    socket.on("conversation:read", (state) => this.applyRead(state));
    socket.on("attachment:new", (attachment) => this.addAttachments([attachment]));
    // A visitor moved to another page: every loaded panel of theirs follows, without asking again.
    socket.on("visitor:page", (event) =>
      this.setState((s) => {
        let visitorDetails = s.visitorDetails;
        for (const [conversationId, d] of Object.entries(s.visitorDetails)) {
          if (d.id !== event.visitorId) continue;
          if (d.page && d.page.seenAt > event.page.seenAt) continue; // an older report arriving late
          visitorDetails = { ...visitorDetails, [conversationId]: { ...d, page: event.page, referrer: event.referrer, browser: event.browser } };
        }
        return visitorDetails === s.visitorDetails ? {} : { visitorDetails };
      }),
    );
  }

  private addAttachments(list: Attachment[]): void {
    const posted = list.filter((a) => a.messageId);
    if (posted.length === 0) return;
    this.setState((s) => {
      const attachments = { ...s.attachments };
      for (const a of posted) attachments[a.messageId as string] = [...(attachments[a.messageId as string] ?? []).filter((x) => x.id !== a.id), a];
      return { attachments };
    });
  }

  /** The operator typed in the reply box (true) or emptied it (false); throttled to one signal per 2.5 s. */
  typing(active: boolean): void {
    const conversationId = this.state.selectedId;
    if (!conversationId || !this.socket?.connected) return;
    const now = Date.now();
    if (active && now - this.typingSentAt < 2500) return;
    if (!active && this.typingSentAt === 0) return;
    this.typingSentAt = active ? now : 0;
    this.socket.emit("conversation:typing", { conversationId, typing: active });
  }

  /** Another operator is writing in a conversation (or stopped); a signal not refreshed within 6 s has expired. */
  private onOperatorTyping(conversationId: string, operatorId: string, name: string | null, typing: boolean): void {
    const key = `${conversationId}:${operatorId}`;
    clearTimeout(this.typingExpiry.get(key));
    this.typingExpiry.delete(key);
    this.setState((s) => {
      const here = { ...(s.operatorsTyping[conversationId] ?? {}) };
      if (typing) here[operatorId] = name ?? s.operators.find((o) => o.id === operatorId)?.name ?? "";
      else if (!(operatorId in here)) return {};
      else delete here[operatorId];
      const operatorsTyping = { ...s.operatorsTyping };
      if (Object.keys(here).length > 0) operatorsTyping[conversationId] = here;
      else delete operatorsTyping[conversationId];
      return { operatorsTyping };
    });
    if (typing) this.typingExpiry.set(key, setTimeout(() => this.onOperatorTyping(conversationId, operatorId, name, false), 6000));
  }

  private setVisitorTyping(conversationId: string, typing: boolean): void {
    this.setState((s) => {
      if (!!s.visitorTyping[conversationId] === typing) return {};
      const visitorTyping = { ...s.visitorTyping };
      if (typing) visitorTyping[conversationId] = true;
      else delete visitorTyping[conversationId];
      return { visitorTyping };
    });
  }

  private applyRead(state: ReadState): void {
    if ((this.state.visitorReadSeq[state.conversationId] ?? 0) >= state.visitorSeq) return;
    this.setState((s) => ({ visitorReadSeq: { ...s.visitorReadSeq, [state.conversationId]: state.visitorSeq } }));
  }

  /** The selected conversation is on screen: tell its visitor how far we have read (and learn how far they have). */
  private markRead(conversationId: string): void {
    const socket = this.socket;
    if (!socket?.connected || this.state.selectedId !== conversationId) return;
    if (typeof document !== "undefined" && document.visibilityState !== "visible") return;
    const seq = highestSeq(this.state.threads[conversationId] ?? []);
    if (this.readSent.has(conversationId) && (this.readSent.get(conversationId) ?? 0) >= seq) return;
    this.readSent.set(conversationId, seq);
    void ask(socket, "conversation:read", { conversationId, seq }).then((r) => r.data && this.applyRead(r.data));
  }

  /** Disconnect for good (sign-out, unmount). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Show another inbox tab. */
  setTab(tab: InboxTab): void {
    if (tab === this.state.tab) return;
    this.setState({ tab, conversations: [], listLoaded: false, nextCursor: null });
    void this.loadList();
  }

  /** Change the filters or sort of the view (merged into the current ones). */
  setFilters(patch: InboxFilters): void {
    const filters = { ...this.state.filters, ...patch };
    for (const key of Object.keys(filters) as (keyof InboxFilters)[]) if (!filters[key]) delete filters[key];
    this.setState({ filters, conversations: [], listLoaded: false, nextCursor: null });
    void this.loadList();
  }

  /** Assign the selected conversation: to an operator (yourself: claim), with a note for a transfer, or to nobody. */
  async assign(operatorId: string | null, note?: string): Promise<boolean> {
    const conversationId = this.state.selectedId;
    const socket = this.socket;
    if (!conversationId || !socket) return false;
    this.setState({ assignBusy: true, notice: null });
    const result = await ask(socket, "conversation:assign", note ? { conversationId, operatorId, note } : { conversationId, operatorId });
    this.setState({ assignBusy: false });
    if (result.error) {
      this.setState({ notice: result.error });
      return false;
    }
    this.upsert(result.data);
    return true;
  }

  /** Choose online or away. */
  async setPresence(status: "online" | "away"): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "presence:set", { status });
    if (result.error) this.setState({ notice: result.error });
    else this.setState({ presence: result.data });
  }

  /** Ask for the views' counts (after a reconnect; afterwards the server pushes them). */
  private async loadCounts(): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "inbox:counts", {});
    if (result.data) this.setState({ counts: result.data });
  }

  /** Open a conversation (null closes the view). */
  select(conversationId: string | null): void {
    if (conversationId === this.state.selectedId) return;
    const fromList = this.state.conversations.find((c) => c.id === conversationId) ?? null;
    this.setState({ selectedId: conversationId, selected: fromList, notice: null, threadLoading: false });
    if (conversationId) {
      void this.syncThread(conversationId);
      void this.loadNotes(conversationId);
      void this.loadVisitor(conversationId);
      void this.loadDrafts(conversationId);
      void this.loadActivity(conversationId);
    }
  }

  /** Timeline entries of a conversation (only for those opened: the others load theirs when opened). */
  private addActivity(conversationId: string, list: Activity[]): void {
    this.setState((s) => {
      const known = s.activity[conversationId];
      if (!known && list.length === 1 && s.selectedId !== conversationId) return {};
      const fresh = list.filter((a) => !known?.some((k) => k.id === a.id));
      if (fresh.length === 0 && known) return {};
      const merged = [...(known ?? []), ...fresh].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
      return { activity: { ...s.activity, [conversationId]: merged } };
    });
  }

  private async loadActivity(conversationId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "conversation:activity", { conversationId });
    if (result.data) this.addActivity(conversationId, result.data);
  }

  private addDrafts(list: Draft[]): void {
    if (list.length === 0) return;
    this.setState((s) => {
      const traineeDrafts = { ...s.traineeDrafts };
      for (const d of list) traineeDrafts[d.id] = d;
      return { traineeDrafts };
    });
  }

  /** The queue as the server has it now: pending drafts it no longer lists were reviewed while we were away. */
  private replaceQueue(queue: Draft[]): void {
    this.setState((s) => {
      const traineeDrafts: Record<string, Draft> = {};
      for (const d of Object.values(s.traineeDrafts)) if (d.status !== "pending") traineeDrafts[d.id] = d;
      for (const d of queue) traineeDrafts[d.id] = d;
      return { traineeDrafts };
    });
  }

  private async loadDrafts(conversationId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "draft:list", { conversationId });
    if (result.data) this.addDrafts(result.data);
  }

  /** Supervisors and admins: approve a draft (it is sent) or reject it with a comment. */
  async reviewDraft(payload: { draftId: string; decision: "approve" } | { draftId: string; decision: "reject"; comment: string }): Promise<ApiError | null> {
    const socket = this.socket;
    if (!socket?.connected) return { code: ErrorCodes.UNAVAILABLE, message: "not connected" };
    const result = await ask(socket, "draft:review", payload);
    if (result.error) return result.error;
    this.addDrafts([result.data]);
    return null;
  }

  /** Hide the "saved as a draft" confirmation. */
  dismissDraftSaved(): void {
    this.setState({ draftSaved: null });
  }

  private async loadVisitor(conversationId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "visitor:details", { conversationId });
    if (result.data) this.setState((s) => ({ visitorDetails: { ...s.visitorDetails, [conversationId]: result.data } }));
  }

  /** Admins: automatic assignment of a site on or off, and its per-operator capacity. */
  async setInboxSettings(siteId: string, patch: { autoAssign?: boolean; capacity?: number }): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const before = this.state.sites;
    // Shown at once; put back if the server refuses.
    this.setState((s) => ({ sites: s.sites.map((x) => (x.siteId === siteId ? { ...x, ...patch } : x)) }));
    const result = await ask(socket, "inbox:setSettings", { siteId, ...patch });
    if (result.error) this.setState({ notice: result.error, sites: before });
    else this.setState((s) => ({ sites: s.sites.map((x) => (x.siteId === siteId ? { ...x, ...result.data } : x)) }));
  }

  /** Load the page of messages before the oldest one held. */
  async loadOlder(conversationId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected || this.state.loadingOlder || !this.state.hasOlder[conversationId]) return;
    const items = this.state.threads[conversationId] ?? [];
    const oldest = items.reduce((min, i) => (i.seq !== null && i.seq < min ? i.seq : min), Infinity);
    if (!Number.isFinite(oldest)) return;
    this.setState({ loadingOlder: true });
    const result = await ask(socket, "conversation:history", { conversationId, beforeSeq: oldest, limit: 100 });
    this.setState({ loadingOlder: false });
    if (result.error) {
      this.setState({ notice: result.error });
      return;
    }
    this.updateThread(conversationId, (list) => mergeMessages(list, result.data.messages));
    this.setState((s) => ({ hasOlder: { ...s.hasOlder, [conversationId]: result.data.hasMore } }));
  }

  /** Open the next (+1) or previous (-1) conversation of the list. */
  step(delta: 1 | -1): void {
    const list = this.state.conversations;
    if (list.length === 0) return;
    const at = list.findIndex((c) => c.id === this.state.selectedId);
    const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.select(list[next]!.id);
  }

  /** Called for live activity the operator may want to hear about (sound, browser notification). */
  onAlert: ((kind: "conversation" | "message", conversation: Conversation | null, message: Message | null) => void) | null = null;

  private addNotes(conversationId: string, list: Note[]): void {
    this.setState((s) => {
      const known = s.notes[conversationId] ?? [];
      const fresh = list.filter((n) => !known.some((k) => k.id === n.id));
      if (fresh.length === 0 && s.notes[conversationId]) return {};
      const notes = [...known, ...fresh].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      return { notes: { ...s.notes, [conversationId]: notes } };
    });
  }

  private async loadNotes(conversationId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "note:list", { conversationId });
    if (result.data) this.addNotes(conversationId, result.data);
  }

  /** Add an internal note to a conversation (the selected one by default; never shown to the visitor). */
  addNote(text: string, conversationId: string | null = this.state.selectedId): boolean {
    const socket = this.socket;
    if (!conversationId || !socket?.connected || text.trim().length === 0) return false;
    void ask(socket, "note:add", { conversationId, body: text }).then((r) => {
      if (r.error) this.setState({ notice: r.error });
      else this.addNotes(conversationId, [r.data]);
    });
    return true;
  }

  private applyMarks(list: ConversationMarks[] | undefined): void {
    if (!list?.length) return;
    this.setState((s) => {
      const marks = { ...s.marks };
      for (const m of list) marks[m.conversationId] = { tags: m.tags, starred: m.starred };
      return { marks };
    });
  }

  /** Replace the selected conversation's tags. */
  async setTags(tags: string[]): Promise<void> {
    const conversationId = this.state.selectedId;
    const socket = this.socket;
    if (!conversationId || !socket?.connected) return;
    const result = await ask(socket, "conversation:setTags", { conversationId, tags });
    if (result.error) this.setState({ notice: result.error });
    else this.applyMarks([result.data]);
  }

  /** Star or unstar the selected conversation (for this operator only). */
  async toggleStar(): Promise<void> {
    const conversationId = this.state.selectedId;
    const socket = this.socket;
    if (!conversationId || !socket?.connected) return;
    const starred = !this.state.marks[conversationId]?.starred;
    const result = await ask(socket, "conversation:star", { conversationId, starred });
    if (result.error) this.setState({ notice: result.error });
    else this.applyMarks([result.data]);
  }

  /** Create or update a canned response. */
  async saveCanned(shortcut: string, body: string, id?: string): Promise<boolean> {
    const socket = this.socket;
    if (!socket?.connected) return false;
    const result = await ask(socket, "canned:save", id ? { id, shortcut, body } : { shortcut, body });
    if (result.error) {
      this.setState({ notice: result.error });
      return false;
    }
    const saved = result.data;
    this.setState((s) => ({ canned: [...s.canned.filter((c) => c.id !== saved.id), saved].sort((a, b) => (a.shortcut < b.shortcut ? -1 : 1)) }));
    return true;
  }

  async deleteCanned(id: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const result = await ask(socket, "canned:delete", { id });
    if (result.error) this.setState({ notice: result.error });
    else this.setState((s) => ({ canned: s.canned.filter((c) => c.id !== id) }));
  }

  /** Search the workspace's contacts, messages and internal notes; an empty query ends the search. */
  async search(q: string): Promise<void> {
    const socket = this.socket;
    const query = q.trim();
    if (!query) {
      this.setState({ search: null });
      return;
    }
    if (!socket?.connected) return;
    this.setState((s) => ({ search: { q: query, busy: true, contacts: s.search?.contacts ?? [], hits: s.search?.hits ?? [], notes: s.search?.notes ?? [] } }));
    const [contacts, messages, notes] = await Promise.all([
      ask(socket, "search:contacts", { q: query, limit: 20 }),
      ask(socket, "search:messages", { q: query, limit: 50 }),
      ask(socket, "search:notes", { q: query, limit: 20 }),
    ]);
    if (this.state.search?.q !== query) return; // a newer search won
    // Text with nothing to match word by word (punctuation only) still finds contacts by name or email.
    const failed = [contacts, messages, notes].find((r) => r.error && r.error.code !== ErrorCodes.VALIDATION)?.error;
    this.setState({
      search: { q: query, busy: false, contacts: contacts.data ?? [], hits: messages.data ?? [], notes: notes.data ?? [] },
      ...(failed ? { notice: failed } : {}),
    });
  }

  /** Load the next page of the current tab. */
  async loadMore(): Promise<void> {
    const { nextCursor, tab, loadingMore, filters } = this.state;
    const socket = this.socket;
    if (!nextCursor || loadingMore || !socket) return;
    this.setState({ loadingMore: true });
    const request = this.listRequest;
    const result = await ask(socket, "conversation:list", this.listQuery(nextCursor));
    if (request !== this.listRequest || tab !== this.state.tab || filters !== this.state.filters) return;
    if (result.error) {
      this.setState({ loadingMore: false, notice: result.error });
      return;
    }
    const known = new Set(this.state.conversations.map((c) => c.id));
    this.applyMarks(result.data.marks);
    this.setState((s) => ({
      loadingMore: false,
      nextCursor: result.data.nextCursor,
      conversations: [...s.conversations, ...result.data.conversations.filter((c) => !known.has(c.id))].sort(orderOf(s.filters)),
    }));
  }

  /** Reply in a conversation (the selected one by default); false when there is nothing to send. */
  send(text: string, conversationId: string | null = this.state.selectedId): boolean {
    if (!conversationId || text.trim().length === 0) return false;
    if (bodyLength(text) > MESSAGE_MAX_LENGTH) {
      this.setState({ notice: { code: ErrorCodes.MESSAGE_TOO_LONG, message: "too long" } });
      return false;
    }
    const clientId = newClientId();
    this.updateThread(conversationId, (items) =>
      addPending(items, {
        clientId,
        conversationId,
        body: text,
        authorKind: "operator",
        authorId: this.operator.id,
        authorName: this.operator.name,
      }),
    );
    this.setState({ notice: null, draftSaved: null });
    const item = this.state.threads[conversationId]?.find((i) => i.clientId === clientId);
    if (item) this.outbox.deliver(item);
    return true;
  }

  /** The largest file the site of a conversation accepts (known once the sites are listed). */
  maxUploadBytes(conversationId: string | null): number | undefined {
    const conversation = this.state.selected?.id === conversationId ? this.state.selected : this.state.conversations.find((c) => c.id === conversationId);
    return this.state.sites.find((s) => s.siteId === conversation?.siteId)?.maxUploadBytes;
  }

  /** Send a file in a conversation: checked here first (size, type), uploaded, then posted as our message. */
  async sendFile(conversationId: string, file: File): Promise<void> {
    const refused = refuseFile(file, this.maxUploadBytes(conversationId));
    if (refused) return this.setState({ notice: refused });
    const socket = this.socket;
    if (!socket?.connected) return this.setState({ notice: { code: ErrorCodes.UNAVAILABLE, message: "not connected" } });
    this.setState({ uploading: true, notice: null });
    try {
      const query = `conversationId=${encodeURIComponent(conversationId)}&name=${encodeURIComponent(file.name || "file")}`;
      const uploaded = await fetchResult<{ attachment: Attachment }>(`/api/attachments?${query}`, {
        method: "POST",
        body: file,
        headers: { "Content-Type": "application/octet-stream" },
      });
      if (uploaded.error) return this.setState({ notice: uploaded.error });
      const sent = await ask(socket, "attachment:send", { conversationId, clientId: newClientId(), attachmentId: uploaded.data.attachment.id });
      if (sent.error) return this.setState({ notice: sent.error });
      this.addAttachments([{ ...uploaded.data.attachment, messageId: sent.data.id }]);
      this.receive([sent.data]);
    } finally {
      this.setState({ uploading: false });
    }
  }

  /** Send a failed reply again with its original clientId. */
  retry(conversationId: string, clientId: string): void {
    this.updateThread(conversationId, (items) => markSending(items, clientId));
    this.setState({ notice: null });
    const item = this.state.threads[conversationId]?.find((i) => i.clientId === clientId);
    if (item) this.outbox.deliver(item);
  }

  /** Resolve (with a closing message to the visitor, if given), park or reopen the selected conversation. */
  async setStatus(status: ConversationStatus, closingMessage?: string): Promise<boolean> {
    const conversationId = this.state.selectedId;
    const socket = this.socket;
    if (!conversationId || !socket) return false;
    this.setState({ statusBusy: true, notice: null });
    const closing = status === "resolved" && closingMessage?.trim() ? { clientId: newClientId(), body: closingMessage } : undefined;
    const result = await ask(socket, "conversation:setStatus", closing ? { conversationId, status, closingMessage: closing } : { conversationId, status });
    this.setState({ statusBusy: false });
    if (result.error) {
      this.setState({ notice: result.error });
      return false;
    }
    this.upsert(result.data);
    return true;
  }

  /** Hide the current notice. */
  dismissNotice(): void {
    this.setState({ notice: null });
  }

  // --- internals --------------------------------------------------------------------------------------

  private scheduleRetry(run: () => void): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) run();
    }, backoffMs(this.attempts++));
  }

  private async checkSessionThenReconnect(): Promise<void> {
    const me = await fetchResult<{ operator: Operator }>("/api/auth/me");
    if (this.stopped) return;
    if (me.error?.code === ErrorCodes.UNAUTHENTICATED) {
      this.stop();
      this.setState({ signedOut: true });
      return;
    }
    this.scheduleRetry(() => this.socket?.connect());
  }

  private async loadList(): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    const request = ++this.listRequest;
    const result = await ask(socket, "conversation:list", this.listQuery());
    if (request !== this.listRequest) return; // a newer request (tab switch, reconnect) wins
    if (result.error) {
      this.setState({ listLoaded: true, notice: result.error });
      return;
    }
    this.applyMarks(result.data.marks);
    // Live updates may have landed while the request ran: keep whichever copy is fresher.
    const current = new Map(this.state.conversations.map((c) => [c.id, c]));
    const conversations = result.data.conversations.map((c) => {
      const live = current.get(c.id);
      return live && isFresher(live, c) ? live : c;
    });
    this.setState((s) => ({
      listLoaded: true,
      loadingMore: false,
      nextCursor: result.data.nextCursor,
      conversations: conversations.sort(orderOf(s.filters)),
      selected: s.selected ? (conversations.find((c) => c.id === s.selected?.id && isFresher(c, s.selected)) ?? s.selected) : s.selected,
    }));
    if (!this.state.selected && this.state.selectedId) {
      const found = conversations.find((c) => c.id === this.state.selectedId);
      if (found) this.setState({ selected: found });
    }
  }

  /** Insert or update a conversation everywhere it shows; it leaves the list when it changes tab. */
  private upsert(conversation: Conversation): void {
    this.setState((s) => {
      const existing = s.conversations.find((c) => c.id === conversation.id);
      const selected =
        s.selectedId === conversation.id && (!s.selected || isFresher(conversation, s.selected)) ? conversation : s.selected;
      if (existing && !isFresher(conversation, existing)) return { selected };
      const others = s.conversations.filter((c) => c.id !== conversation.id);
      const conversations = inView(conversation, s.tab, s.filters, this.operator.id, s.marks[conversation.id])
        ? [...others, conversation].sort(orderOf(s.filters))
        : others;
      return { conversations, selected };
    });
  }

  private onLiveMessage(message: Message): void {
    if (message.authorKind === "visitor") {
      const conversation = this.state.conversations.find((c) => c.id === message.conversationId) ?? null;
      this.onAlert?.(message.seq === 1 ? "conversation" : "message", conversation, message);
    }
    // The inbox preview follows at once; conversation:updated brings the rest right after.
    this.setState((s) => {
      const conversations = s.conversations.map((c) =>
        c.id === message.conversationId && message.seq > c.lastSeq
          ? {
              ...c,
              lastSeq: message.seq,
              lastMessage: { body: message.body, authorKind: message.authorKind, authorId: message.authorId, createdAt: message.createdAt, seq: message.seq },
              lastActivityAt: message.createdAt > c.lastActivityAt ? message.createdAt : c.lastActivityAt,
              // As the server keeps it: a visitor's wait starts with their first unanswered message, a reply ends it.
              waitingSince:
                message.authorKind === "visitor" ? (c.waitingSince ?? message.createdAt) : message.authorKind === "operator" ? null : c.waitingSince,
            }
          : c,
      );
      return { conversations: conversations.sort(orderOf(s.filters)) };
    });
    // Threads not loaded yet are fetched whole when opened.
    if (!this.state.threads[message.conversationId]) return;
    this.receive([message]);
    if (hasGap(this.state.threads[message.conversationId] ?? [])) void this.syncThread(message.conversationId);
  }

  private receive(messages: Message[]): void {
    const byConversation = new Map<string, Message[]>();
    for (const m of messages) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
    for (const [conversationId, list] of byConversation) {
      this.updateThread(conversationId, (items) => mergeMessages(items, list));
    }
  }

  private updateThread(conversationId: string, update: (items: ChatItem[]) => ChatItem[]): void {
    this.setState((s) => {
      const before = s.threads[conversationId] ?? [];
      const after = update(before);
      if (after === before && s.threads[conversationId]) return {};
      return { threads: { ...s.threads, [conversationId]: after } };
    });
    this.markRead(conversationId);
  }

  /** Fetch what we miss of one conversation: all of it the first time, then after the last unbroken seq. */
  private syncThread(conversationId: string): Promise<void> {
    const running = this.syncing.get(conversationId);
    if (running) {
      this.resyncWanted.add(conversationId);
      return running;
    }
    const run = (async () => {
      do {
        this.resyncWanted.delete(conversationId);
        const socket = this.socket;
        if (!socket?.connected) break;
        let loaded = this.state.threads[conversationId];
        if (!loaded && this.state.selectedId === conversationId) this.setState({ threadLoading: true });
        if (!loaded) {
          // A long conversation opens fast: its newest page first, older pages as the operator scrolls up.
          const newest = await ask(socket, "conversation:history", { conversationId, limit: FIRST_PAGE });
          if (newest.error) {
            if (this.state.selectedId === conversationId) this.setState({ threadLoading: false, notice: newest.error });
            break;
          }
          this.updateThread(conversationId, (items) => mergeMessages(items, newest.data.messages));
          this.setState((s) => ({ hasOlder: { ...s.hasOlder, [conversationId]: newest.data.hasMore } }));
          loaded = this.state.threads[conversationId];
        }
        const result = await syncAll(
          (afterSeq) => ask(socket, "conversation:sync", { conversationId, afterSeq }),
          syncCursor(loaded ?? []),
        );
        if (this.state.selectedId === conversationId) this.setState({ threadLoading: false });
        if (result.error) {
          if (this.state.selectedId === conversationId) this.setState({ notice: result.error });
          break;
        }
        this.updateThread(conversationId, (items) => mergeMessages(items, result.data.messages));
        this.upsertSelected(result.data.conversation);
        void ask(socket, "conversation:attachments", { conversationId }).then((r) => r.data && this.addAttachments(r.data));
      } while (this.resyncWanted.has(conversationId));
    })().finally(() => this.syncing.delete(conversationId));
    this.syncing.set(conversationId, run);
    return run;
  }

  private upsertSelected(conversation: Conversation): void {
    if (this.state.selectedId !== conversation.id) return;
    if (!this.state.selected || isFresher(conversation, this.state.selected)) this.setState({ selected: conversation });
  }
}
