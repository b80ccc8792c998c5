"use client";

import type { Activity, Attachment, Conversation, Note, Operator } from "@kaiwa/shared";
import { describeActivity } from "../../lib/activity-text";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useDismiss } from "../../lib/use-dismiss";
import { firstFile } from "../../lib/file-check";
import { api } from "../../lib/api-client";
import { describeError, dictionary, formatClock, formatRelativeTime, type Dictionary, type Locale } from "../../lib/i18n";
import type { ChatItem } from "../../lib/message-list";
import { fillPlaceholders } from "../../lib/canned";
import { inboxDictionary, type InboxDictionary } from "../../lib/inbox-i18n";
import { INBOX_TABS, OperatorConsole, countOf, type InboxTab } from "../../lib/operator-console";
import type { ConnectionState } from "../../lib/realtime";
import styles from "./console.module.css";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { DraftQueue } from "./draft-queue";
import { DraftsPanel } from "./drafts-panel";
import draftStyles from "./drafts.module.css";
import { draftsOf, pendingQueue, waitingByConversation } from "../../lib/trainee-drafts";
import { previewLine } from "../../lib/inbox-preview";
import { LanguageToggle } from "./language-toggle";
import { readStored, writeStored } from "../../lib/storage";
import { CannedManager, InboxSettings, ShortcutHelp, TagChipSmall, TagEditor, VisitorPanel, useWorkspaceTags } from "./inbox-parts";
import { SearchResults } from "./search-results";
import { VisitorWhereabouts } from "./visitor-whereabouts";
import { ReplyBox } from "./reply-box";
import { DeliveryState } from "../../components/delivery-state";
import { MessageText } from "../../components/message-text";

/** A visitor's name, or a short stable label from their id. */
export function visitorLabel(t: Dictionary, conversation: Conversation): string {
  return conversation.visitor.name || t.console.visitor(conversation.visitor.id.slice(0, 4).toUpperCase());
}

/** Re-render every `ms` so relative times stay true. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function selectedFromUrl(): string | null {
  if (typeof window === "undefined") return null;
  const id = new URLSearchParams(window.location.search).get("c");
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** The signed-in console: inbox on the left, the open conversation on the right. */
export function ConsoleView({
  operator,
  locale,
  onLocale,
  onSignedOut,
}: {
  operator: Operator;
  locale: Locale;
  onLocale(locale: Locale): void;
  onSignedOut(): void;
}) {
  const [store] = useState(() => new OperatorConsole(operator, { selectedId: selectedFromUrl() }));
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const t = dictionary(locale);
  const ti = inboxDictionary(locale);
  const now = useNow(30_000);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  useEffect(() => {
    if (state.signedOut) onSignedOut();
  }, [state.signedOut, onSignedOut]);

  // Keep the open conversation in the address, so a reload comes back to it.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (state.selectedId) url.searchParams.set("c", state.selectedId);
    else url.searchParams.delete("c");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url);
  }, [state.selectedId]);

  // The admin-defined tags: colours of the chips in the list and suggestions for the tag filter.
  const shownTags = useMemo(() => [...new Set(Object.values(state.marks).flatMap((m) => m.tags))].sort(), [state.marks]);
  const workspaceTags = useWorkspaceTags(shownTags);

  // Sound and browser notifications for new visitor messages, each with its own switch (kept in this browser).
  // A notification only while the console is not the focused window (another tab, another app, a second screen).
  const [sound, setSound] = useState(() => readStored("kaiwa:sound") !== "off");
  const [notify, setNotify] = useState(() => readStored("kaiwa:notify") === "on");
  const [help, setHelp] = useState(false);
  const [showQueue, setShowQueue] = useState(false);
  const [searchText, setSearchText] = useState("");
  // A phone shows one screen at a time: the list, the conversation, or its visitor's details.
  const [phoneScreen, setPhoneScreen] = useState<"thread" | "visitor">("thread");
  const [menuOpen, setMenuOpen] = useState(false);
  const [actionsOpen, setActionsOpen] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  // New visitor messages since the operator last looked at the console: "(3) Kaiwa console" in the tab.
  const [unseen, setUnseen] = useState(0);
  useEffect(() => {
    const seen = () => document.hasFocus() && setUnseen(0);
    window.addEventListener("focus", seen);
    document.addEventListener("visibilitychange", seen);
    return () => {
      window.removeEventListener("focus", seen);
      document.removeEventListener("visibilitychange", seen);
    };
  }, []);
  useEffect(() => {
    document.title = unseen > 0 ? `(${unseen}) ${t.console.title}` : t.console.title;
  }, [unseen, t]);
  const helpButtonRef = useRef<HTMLButtonElement>(null);
  const closeHelp = useCallback(() => setHelp(false), []);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const toolsRef = useRef<HTMLDivElement>(null);
  const actionsButtonRef = useRef<HTMLButtonElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
  useDismiss(menuOpen, useCallback(() => setMenuOpen(false), []), [menuButtonRef, toolsRef]);
  useDismiss(actionsOpen, useCallback(() => setActionsOpen(false), []), [actionsButtonRef, actionsRef]);
  // Another conversation opens on its own screen, with its menu closed.
  useEffect(() => {
    setPhoneScreen("thread");
    setActionsOpen(false);
  }, [state.selectedId]);
  // A trainee's queue is their own drafts; supervisors and admins see everyone's.
  const queue = useMemo(
    () => pendingQueue(state.traineeDrafts).filter((d) => operator.role !== "trainee" || d.authorId === operator.id),
    [state.traineeDrafts, operator],
  );
  const waitingDrafts = useMemo(() => waitingByConversation(state.traineeDrafts), [state.traineeDrafts]);
  const ta = accountsDictionary(locale);
  const seesQueue = operator.role !== "operator";
  useEffect(() => {
    store.onAlert = (kind, conversation, message) => {
      // Counted in the tab's title while the operator looks elsewhere.
      if (!document.hasFocus()) setUnseen((n) => n + 1);
      if (sound) beep();
      if (notify && typeof Notification !== "undefined" && Notification.permission === "granted" && !document.hasFocus()) {
        const title = kind === "conversation" ? ti.newConversation : ti.newMessage;
        new Notification(conversation ? `${title}: ${visitorLabel(t, conversation)}` : title, { body: message?.body.slice(0, 140) ?? "", tag: message?.conversationId });
      }
    };
    return () => {
      store.onAlert = null;
    };
  }, [store, sound, notify, ti, t]);

  // Keyboard shortcuts (not while typing in a field): j/k, e, a, r, /, ?, Esc.
  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setHelp(false);
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const s = latest.current;
      const focus = (testId: string) => (document.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null)?.focus();
      const act: Record<string, () => void> = {
        j: () => store.step(1),
        k: () => store.step(-1),
        e: () => s.selected && void store.setStatus(s.selected.status === "resolved" ? "open" : "resolved"),
        a: () => s.selected && s.selected.assigneeId !== operator.id && void store.assign(operator.id),
        r: () => focus("reply-input"),
        "/": () => focus("search-input"),
        "?": () => setHelp((v) => !v),
      };
      const run = act[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, operator.id]);

  const signOut = async () => {
    store.stop();
    await api.auth.logout();
    onSignedOut();
  };

  const selected = state.selected;
  const selectedId = state.selectedId;
  const operatorNames = Object.fromEntries(state.operators.map((o) => [o.id, o.name]));
  const items = selectedId ? state.threads[selectedId] : undefined;

  return (
    <div className={styles.app}>
      <header className={styles.topbar}>
        <div className={styles.brand}>
          <span className={styles.logoSmall} aria-hidden="true">
            K
          </span>
          Kaiwa
        </div>
        <ConnectionBadge state={state.connection} t={t} />
        <div className={styles.spacer} />
        {/* On a phone the tools live in a menu; on a wider screen they are in the bar. */}
        <button
          ref={menuButtonRef}
          type="button"
          className={styles.menuButton}
          aria-expanded={menuOpen}
          aria-controls="console-tools"
          onClick={() => setMenuOpen((v) => !v)}
          data-testid="console-menu"
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">{ti.menu}</span>
        </button>
        <div id="console-tools" ref={toolsRef} className={styles.tools} data-open={menuOpen ? "true" : "false"}>
        <select
          className={styles.presenceSelect}
          aria-label={ti.presenceLabel}
          value={state.presence[operator.id] === "away" ? "away" : "online"}
          onChange={(e) => void store.setPresence(e.target.value === "away" ? "away" : "online")}
          data-testid="presence-select"
          data-presence={state.presence[operator.id] ?? "offline"}
        >
          <option value="online">● {ti.presence.online}</option>
          <option value="away">◐ {ti.presence.away}</option>
        </select>
        <span className={styles.alertToggles}>
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={sound}
              onChange={(e) => {
                setSound(e.target.checked);
                writeStored("kaiwa:sound", e.target.checked ? "on" : "off");
              }}
              data-testid="toggle-sound"
            />
            {ti.sound}
          </label>
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={notify}
              onChange={(e) => {
                const on = e.target.checked;
                setNotify(on);
                writeStored("kaiwa:notify", on ? "on" : "off");
                if (on && typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission();
              }}
              data-testid="toggle-notifications"
            />
            {ti.notifications}
          </label>
        </span>
        <button
          ref={helpButtonRef}
          type="button"
          className={styles.ghostButton}
          onClick={() => setHelp((v) => !v)}
          aria-label={ti.shortcuts}
          title={ti.shortcuts}
          data-testid="shortcut-help-button"
        >
          ?
        </button>
        {help && <ShortcutHelp ti={ti} onClose={closeHelp} toggle={helpButtonRef} />}
        {operator.role === "admin" && (
          <InboxSettings sites={state.sites} ti={ti} onChange={(siteId, patch) => void store.setInboxSettings(siteId, patch)} />
        )}
        <CannedManager canned={state.canned} ti={ti} onSave={(sc, body, id) => store.saveCanned(sc, body, id)} onDelete={(id) => void store.deleteCanned(id)} />
        <LanguageToggle locale={locale} onLocale={onLocale} />
        <span className={styles.me} title={operator.email}>
          {operator.name}
        </span>
        <a className={styles.ghostButton} href="/settings/account" data-testid="account-settings">
          {ta.nav.settings}
        </a>
        <button type="button" className={styles.ghostButton} onClick={() => void signOut()} data-testid="sign-out">
          {t.console.signOut}
        </button>
        </div>
      </header>

      {state.fatal && (
        <p className={styles.banner} role="alert">
          {describeError(locale, state.fatal)}
        </p>
      )}

      <div className={styles.main} data-has-selection={state.selectedId ? "true" : "false"} data-screen={!selectedId ? "list" : phoneScreen}>
        <aside className={styles.sidebar} aria-label={t.console.inbox}>
          <form
            className={styles.searchBox}
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              void store.search(searchText);
            }}
          >
            <input
              name="q"
              type="search"
              placeholder={ti.search}
              aria-label={ti.search}
              data-testid="search-input"
              maxLength={200}
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                // The field's own clear button (×) ends the search too.
                if (e.target.value === "" && state.search) void store.search("");
              }}
            />
          </form>
          <div className={styles.tabs} role="tablist" aria-label={t.console.inbox}>
            {INBOX_TABS.map((tab) => {
              const count = countOf(state.counts, tab, operator.id);
              return (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={state.tab === tab}
                  className={state.tab === tab ? styles.tabActive : styles.tab}
                  onClick={() => store.setTab(tab)}
                  data-testid={`tab-${tab}`}
                >
                  <span className={styles.tabLabel} title={ti.views[tab]}>
                    {ti.views[tab]}
                  </span>
                  <span className={styles.tabCount} data-testid={`count-${tab}`}>
                    {count ?? "–"}
                  </span>
                </button>
              );
            })}
          </div>
          <button
            type="button"
            className={styles.filtersToggle}
            aria-expanded={filtersOpen}
            aria-controls="inbox-filters"
            onClick={() => setFiltersOpen((v) => !v)}
            data-testid="filters-toggle"
          >
            {ti.filtersAndSort}
          </button>
          <div id="inbox-filters" className={styles.filters} data-open={filtersOpen ? "true" : "false"}>
            <select
              aria-label={ti.sort.label}
              value={state.filters.sort ?? "activity"}
              onChange={(e) => store.setFilters({ sort: e.target.value === "waiting" ? "waiting" : undefined })}
              data-testid="sort-select"
            >
              <option value="activity">{ti.sort.activity}</option>
              <option value="waiting">{ti.sort.waiting}</option>
            </select>
            <select
              aria-label={ti.filters.operator}
              value={state.filters.assigneeId ?? ""}
              onChange={(e) => store.setFilters({ assigneeId: e.target.value || undefined })}
              data-testid="filter-assignee"
            >
              <option value="">{ti.filters.anyOperator}</option>
              {state.operators.map((o) => (
                <option key={o.id} value={o.id} data-presence={state.presence[o.id] ?? "offline"}>
                  {state.presence[o.id] === "online" ? "● " : state.presence[o.id] === "away" ? "◐ " : "○ "}
                  {o.name}
                </option>
              ))}
            </select>
            {state.sites.length > 1 && (
              <select
                aria-label={ti.filters.site}
                value={state.filters.siteId ?? ""}
                onChange={(e) => store.setFilters({ siteId: e.target.value || undefined })}
                data-testid="filter-site"
              >
                <option value="">{ti.filters.anySite}</option>
                {state.sites.map((site) => (
                  <option key={site.siteId} value={site.siteId}>
                    {site.name}
                  </option>
                ))}
              </select>
            )}
            <label className={styles.check}>
              <input
                type="checkbox"
                checked={!!state.filters.unreplied}
                onChange={(e) => store.setFilters({ unreplied: e.target.checked || undefined })}
                data-testid="filter-unreplied"
              />
              {ti.filters.unreplied}
            </label>
            <label className={styles.check}>
              <input
                type="checkbox"
                checked={!!state.filters.starred}
                onChange={(e) => store.setFilters({ starred: e.target.checked || undefined })}
                data-testid="filter-starred"
              />
              {ti.starredOnly}
            </label>
            <input
              className={styles.tagFilter}
              type="search"
              placeholder={ti.tagFilter}
              aria-label={ti.tagFilter}
              defaultValue={state.filters.tag ?? ""}
              onKeyDown={(e) => {
                if (e.key === "Enter") store.setFilters({ tag: e.currentTarget.value.trim().toLowerCase() || undefined });
              }}
              onFocus={() => void workspaceTags.reload()}
              list="kaiwa-tag-filter-options"
              data-testid="filter-tag"
            />
            <datalist id="kaiwa-tag-filter-options">
              {workspaceTags.tags.map((x) => (
                <option key={x.name} value={x.name} />
              ))}
            </datalist>
          </div>
          {seesQueue && (
            <button
              type="button"
              className={showQueue ? styles.queueToggleActive : styles.queueToggle}
              aria-pressed={showQueue}
              onClick={() => setShowQueue((v) => !v)}
              data-testid="tab-drafts"
            >
              <span>{ta.drafts.queue}</span>
              <span className={styles.tabCount} data-testid="count-drafts">
                {state.connection === "connected" || queue.length > 0 ? queue.length : "–"}
              </span>
            </button>
          )}
          {showQueue && !state.search && (
            <DraftQueue
              queue={queue}
              selectedId={state.selectedId}
              locale={locale}
              now={now}
              label={(id) => {
                const c = state.conversations.find((x) => x.id === id) ?? (state.selected?.id === id ? state.selected : null);
                return c ? visitorLabel(t, c) : t.console.visitor(id.slice(0, 4).toUpperCase());
              }}
              onSelect={(id) => store.select(id)}
              onClose={() => setShowQueue(false)}
            />
          )}
          {state.search && (
            <SearchResults
              search={state.search}
              ti={ti}
              label={(c) => visitorLabel(t, c)}
              onSelect={(id) => store.select(id)}
              onClear={() => {
                setSearchText("");
                void store.search("");
              }}
            />
          )}
          <ConversationList
            hidden={!!state.search || showQueue}
            waitingDrafts={waitingDrafts}
            sortWaiting={state.filters.sort === "waiting"}
            draftWaitingLabel={ta.drafts.waiting}
            marks={state.marks}
            tagColors={workspaceTags.colors}
            conversations={state.conversations}
            loaded={state.listLoaded}
            tab={state.tab}
            ti={ti}
            operatorNames={Object.fromEntries(state.operators.map((o) => [o.id, o.name]))}
            operatorsTyping={state.operatorsTyping}
            me={operator.id}
            selectedId={state.selectedId}
            onSelect={(id) => store.select(id)}
            t={t}
            locale={locale}
            now={now}
          />
          {state.nextCursor && !showQueue && !state.search && (
            <button type="button" className={styles.loadMore} onClick={() => void store.loadMore()} disabled={state.loadingMore}>
              {state.loadingMore ? t.console.loading : t.console.loadMore}
            </button>
          )}
        </aside>

        <section className={styles.thread} aria-label={selected ? visitorLabel(t, selected) : undefined}>
          {!selectedId ? (
            <div className={styles.empty}>
              <p>{t.console.selectConversation}</p>
            </div>
          ) : (
            <>
              <div className={styles.threadHeader}>
                <button type="button" className={styles.back} onClick={() => store.select(null)} aria-label={t.console.back}>
                  ‹
                </button>
                <div className={styles.threadTitle}>
                  <h2>{selected ? visitorLabel(t, selected) : "\u00a0"}</h2>
                  {selected && (
                    <span className={`${styles.pill} ${styles[`pill_${selected.status}`]}`}>{t.console.status[selected.status]}</span>
                  )}
                </div>
                {selected && (
                  <button
                    type="button"
                    className={styles.starButton}
                    aria-pressed={!!state.marks[selected.id]?.starred}
                    aria-label={state.marks[selected.id]?.starred ? ti.unstar : ti.star}
                    title={state.marks[selected.id]?.starred ? ti.unstar : ti.star}
                    onClick={() => void store.toggleStar()}
                    data-testid="star-button"
                  >
                    {state.marks[selected.id]?.starred ? "★" : "☆"}
                  </button>
                )}
                <button type="button" className={styles.phoneOnly} onClick={() => setPhoneScreen("visitor")} data-testid="show-visitor">
                  {ti.visitorPanel}
                </button>
                <button
                  ref={actionsButtonRef}
                  type="button"
                  className={styles.actionsButton}
                  aria-expanded={actionsOpen}
                  aria-controls="thread-actions"
                  onClick={() => setActionsOpen((v) => !v)}
                  data-testid="thread-actions-button"
                >
                  <span aria-hidden="true">⋯</span>
                  <span className="visually-hidden">{ti.actions}</span>
                </button>
                <div id="thread-actions" ref={actionsRef} className={styles.threadActions} data-open={actionsOpen ? "true" : "false"}>
                {selected && (
                  <AssignControls
                    conversation={selected}
                    me={operator.id}
                    operators={state.operators}
                    presence={state.presence}
                    busy={state.assignBusy || state.connection !== "connected"}
                    onAssign={(id, note) => store.assign(id, note)}
                    ti={ti}
                  />
                )}
                {selected && selected.status === "open" && (
                  <button
                    type="button"
                    className={styles.secondaryButton}
                    disabled={state.statusBusy || state.connection !== "connected"}
                    onClick={() => void store.setStatus("pending")}
                    data-testid="pending-button"
                  >
                    {ti.pending}
                  </button>
                )}
                {selected && (
                  <button
                    type="button"
                    className={selected.status === "resolved" ? styles.secondaryButton : styles.primaryButton}
                    disabled={state.statusBusy || state.connection !== "connected"}
                    onClick={() => void store.setStatus(selected.status === "resolved" ? "open" : "resolved")}
                    data-testid="resolve-button"
                    data-action={selected.status === "resolved" ? "reopen" : "resolve"}
                  >
                    {selected.status === "resolved" ? t.console.reopen : t.console.resolve}
                  </button>
                )}
                {selected && selected.status !== "resolved" && (
                  <ResolveWithMessage
                    key={selected.id}
                    ti={ti}
                    disabled={state.statusBusy || state.connection !== "connected"}
                    onResolve={(message) => store.setStatus("resolved", message)}
                  />
                )}
                </div>
              </div>

              {/* The conversation beside its context: the visitor, where they are, the tags (stacked when narrow). */}
              <div className={styles.threadBody}>
                {/* biome-ignore lint/a11y/noStaticElementInteractions: the conversation takes a dropped file; the paperclip is the keyboard's way */}
                <div
                  className={styles.threadMain}
                  data-dragging={dragging ? "true" : "false"}
                  onDragOver={(e) => {
                    if (!e.dataTransfer.types.includes("Files")) return;
                    e.preventDefault();
                    setDragging(true);
                  }}
                  onDragLeave={(e) => {
                    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
                  }}
                  onDrop={(e) => {
                    setDragging(false);
                    const file = firstFile(e.dataTransfer.files);
                    if (!file) return;
                    e.preventDefault();
                    void store.sendFile(selectedId, file);
                  }}
                >
                  {dragging && (
                    <p className={styles.dropHint} aria-hidden="true">
                      {t.dropFile}
                    </p>
                  )}
                  {state.selectedId && state.transfers[state.selectedId] && (
                    <p className={styles.transferNotice} data-testid="transfer-notice">
                      {ti.transferredToYou(
                        state.operators.find((o) => o.id === state.transfers[state.selectedId!]!.fromId)?.name ?? ti.someone,
                        state.transfers[state.selectedId]!.note,
                      )}
                    </p>
                  )}

                  <MessageLog
                    key={state.selectedId}
                    items={items}
                    loading={state.threadLoading && !items}
                    locale={locale}
                    t={t}
                    operatorId={operator.id}
                    onRetry={(clientId) => state.selectedId && store.retry(state.selectedId, clientId)}
                    visitorReadSeq={state.selectedId ? (state.visitorReadSeq[state.selectedId] ?? 0) : 0}
                    attachments={state.attachments}
                    notes={state.selectedId ? state.notes[state.selectedId] : undefined}
                    activity={selectedId ? state.activity[selectedId] : undefined}
                    describe={(a) => describeActivity(a, operatorNames, ti)}
                    noteLabel={ti.noteBadge}
                    hasOlder={!!(state.selectedId && state.hasOlder[state.selectedId])}
                    loadingOlder={state.loadingOlder}
                    olderLabel={ti.loadOlder}
                    onLoadOlder={() => state.selectedId && void store.loadOlder(state.selectedId)}
                  />

                  <p className={styles.typing} data-testid="console-typing" aria-live="polite">
                    {state.selectedId && state.visitorTyping[state.selectedId] ? t.console.visitorTyping : ""}
                  </p>
                  {state.uploading && (
                    <p className={styles.typing} role="status" data-testid="console-uploading">
                      {t.widget.uploading}
                    </p>
                  )}
                  {selectedId && state.operatorsTyping[selectedId] && (
                    <p className={styles.replying} data-testid="operator-replying" role="status">
                      {ti.replying(Object.values(state.operatorsTyping[selectedId]!).join(", "))}
                    </p>
                  )}

                  {state.notice && (
                    <p className={styles.notice} role="alert">
                      {describeError(locale, state.notice, { maxUploadBytes: store.maxUploadBytes(selectedId) })}
                      <button type="button" className={styles.dismiss} onClick={() => store.dismissNotice()} aria-label="×">
                        ×
                      </button>
                    </p>
                  )}

                  {state.draftSaved === selectedId && (
                    <p className={draftStyles.saved} role="status" data-testid="draft-saved">
                      {ta.drafts.saved}
                      <button type="button" onClick={() => store.dismissDraftSaved()} aria-label={ta.drafts.dismiss}>
                        ×
                      </button>
                    </p>
                  )}
                  <DraftsPanel
                    key={`drafts-${selectedId}`}
                    drafts={draftsOf(state.traineeDrafts, selectedId)}
                    operator={operator}
                    locale={locale}
                    onReview={(review) => store.reviewDraft(review)}
                  />
                  <ReplyBox
                    key={`reply-${selectedId}`}
                    conversationId={selectedId}
                    drafts={store.composerDrafts}
                    onSend={(text) => {
                      store.typing(false);
                      return store.send(text, selectedId);
                    }}
                    onNote={(text) => store.addNote(text, selectedId)}
                    onTextChange={(text) => store.typing(text.trim().length > 0)}
                    canned={state.canned}
                    signature={operator.signature}
                    onFile={(file) => void store.sendFile(selectedId, file)}
                    uploading={state.uploading}
                    fill={(body) => fillPlaceholders(body, { conversation: selected, operatorName: operator.name, fallbackName: selected ? visitorLabel(t, selected) : "" })}
                    strings={{
                      reply: ti.reply,
                      note: ti.note,
                      replyPlaceholder: t.console.replyPlaceholder,
                      notePlaceholder: ti.notePlaceholder,
                      send: t.send,
                      addNote: ti.addNote,
                      cannedHint: ti.cannedHint,
                      addSignature: ti.addSignature,
                      attach: t.widget.attach,
                    }}
                  />
                </div>
                <aside className={styles.threadSide} aria-label={ti.visitorPanel} data-testid="thread-side">
                  <button type="button" className={styles.phoneOnly} onClick={() => setPhoneScreen("thread")} data-testid="back-to-thread">
                    ‹ {ti.backToConversation}
                  </button>
                  <VisitorPanel
                    details={state.selectedId ? state.visitorDetails[state.selectedId] : undefined}
                    ti={ti}
                    formatDate={(iso) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))}
                    onOpen={(id) => store.select(id)}
                  />
                  {state.selectedId && state.visitorDetails[state.selectedId] && (
                    <VisitorWhereabouts
                      page={state.visitorDetails[state.selectedId]!.page ?? null}
                      referrer={state.visitorDetails[state.selectedId]!.referrer ?? null}
                      browser={state.visitorDetails[state.selectedId]!.browser ?? null}
                      ti={ti}
                      formatDate={(iso) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))}
                    />
                  )}
                  {selected && <TagEditor tags={state.marks[selected.id]?.tags ?? []} workspace={workspaceTags} ti={ti} onChange={(tags) => void store.setTags(tags)} />}
                </aside>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** Resolve and send the visitor a last message: the text is offered, editable, before it goes. */
function ResolveWithMessage(props: { ti: InboxDictionary; disabled: boolean; onResolve(message: string): Promise<boolean> }) {
  const { ti } = props;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(ti.closingDefault);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLFormElement>(null);
  useDismiss(open, useCallback(() => setOpen(false), []), [buttonRef, panelRef]);
  return (
    <span className={styles.resolveMore}>
      <button
        ref={buttonRef}
        type="button"
        className={styles.ghostButton}
        disabled={props.disabled}
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        aria-label={ti.resolveWithMessage}
        title={ti.resolveWithMessage}
        data-testid="resolve-with-message"
      >
        <span aria-hidden="true">✉▾</span>
        <span className={styles.phoneLabel}>{ti.resolveWithMessage}</span>
      </button>
      {open && (
        <form
          ref={panelRef}
          className={styles.closingPanel}
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            void props.onResolve(text).then((ok) => ok && setOpen(false));
          }}
        >
          <label>
            {ti.closingMessage}
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} data-testid="closing-message" />
          </label>
          <button type="submit" className={styles.primaryButton} disabled={props.disabled || !text.trim()} data-testid="closing-send">
            {ti.sendAndResolve}
          </button>
        </form>
      )}
    </span>
  );
}

function ConnectionBadge({ state, t }: { state: ConnectionState; t: Dictionary }) {
  return (
    <span className={`${styles.connection} ${styles[`connection_${state}`]}`} role="status" data-testid="connection-state" data-state={state}>
      <span className={styles.connectionDot} aria-hidden="true" />
      {t.connection[state]}
    </span>
  );
}

/** Who holds the conversation, and the moves: claim, transfer (with a note), unassign. */
function AssignControls(props: {
  conversation: Conversation;
  me: string;
  operators: { id: string; name: string }[];
  presence: Record<string, "online" | "away">;
  busy: boolean;
  onAssign(operatorId: string | null, note?: string): Promise<boolean>;
  ti: InboxDictionary;
}) {
  const { conversation, me, ti } = props;
  const [transferring, setTransferring] = useState(false);
  const [target, setTarget] = useState("");
  const [note, setNote] = useState("");
  const transferButtonRef = useRef<HTMLButtonElement>(null);
  const transferFormRef = useRef<HTMLFormElement>(null);
  useDismiss(transferring, useCallback(() => setTransferring(false), []), [transferButtonRef, transferFormRef]);
  const assignee = props.operators.find((o) => o.id === conversation.assigneeId);
  const others = props.operators.filter((o) => o.id !== conversation.assigneeId);
  return (
    <div className={styles.assign}>
      <span className={styles.assignee} data-testid="assignee" data-assignee-id={conversation.assigneeId ?? ""}>
        {ti.assignee}: {conversation.assigneeId ? (assignee?.name ?? "…") : ti.nobody}
      </span>
      {conversation.assigneeId !== me && (
        <button type="button" className={styles.secondaryButton} disabled={props.busy} onClick={() => void props.onAssign(me)} data-testid="claim-button">
          {ti.claim}
        </button>
      )}
      {conversation.assigneeId && (
        <button type="button" className={styles.ghostButton} disabled={props.busy} onClick={() => void props.onAssign(null)} data-testid="unassign-button">
          {ti.unassign}
        </button>
      )}
      <button ref={transferButtonRef} type="button" className={styles.ghostButton} disabled={props.busy} onClick={() => setTransferring((v) => !v)} data-testid="transfer-button">
        {ti.transfer}
      </button>
      {transferring && (
        <form
          ref={transferFormRef}
          className={styles.transferForm}
          onSubmit={(e) => {
            e.preventDefault();
            if (!target) return;
            void props.onAssign(target, note.trim() || undefined).then((ok) => {
              if (!ok) return;
              setTransferring(false);
              setNote("");
              setTarget("");
            });
          }}
        >
          <select aria-label={ti.transferTo} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-operator" required>
            <option value="">{ti.transferTo}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id} data-presence={props.presence[o.id] ?? "offline"}>
                {o.name} ({ti.presence[props.presence[o.id] ?? "offline"]})
              </option>
            ))}
          </select>
          <input aria-label={ti.transferNote} placeholder={ti.transferNote} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="transfer-note" />
          <button type="submit" className={styles.primaryButton} disabled={props.busy || !target} data-testid="transfer-submit">
            {ti.transferSubmit}
          </button>
          <button type="button" className={styles.ghostButton} onClick={() => setTransferring(false)}>
            {ti.cancel}
          </button>
        </form>
      )}
    </div>
  );
}

function ConversationList(props: {
  hidden?: boolean;
  waitingDrafts: Record<string, number>;
  draftWaitingLabel: string;
  sortWaiting: boolean;
  marks: Record<string, { tags: string[]; starred: boolean }>;
  tagColors: Map<string, string>;
  conversations: Conversation[];
  loaded: boolean;
  tab: InboxTab;
  ti: InboxDictionary;
  operatorNames: Record<string, string>;
  operatorsTyping: Record<string, Record<string, string>>;
  me: string;
  selectedId: string | null;
  onSelect(id: string): void;
  t: Dictionary;
  locale: Locale;
  now: number;
}) {
  const { conversations, t, locale, now } = props;
  if (props.hidden) return null;
  if (!props.loaded) return <p className={styles.listEmpty}>{t.console.loading}</p>;
  if (conversations.length === 0) return <p className={styles.listEmpty}>{props.ti.empty[props.tab]}</p>;
  return (
    <ul className={styles.list}>
      {conversations.map((c) => {
        const label = visitorLabel(t, c);
        const awaiting = c.status !== "resolved" && c.lastMessage?.authorKind === "visitor";
        const preview = previewLine(c.lastMessage, props.me, props.operatorNames, {
          you: t.console.you,
          operator: t.console.author.operator,
          bot: t.console.author.bot,
          system: t.console.author.system,
          noMessages: t.console.noMessages,
        });
        return (
          <li key={c.id}>
            <button
              type="button"
              className={c.id === props.selectedId ? styles.rowActive : styles.row}
              aria-current={c.id === props.selectedId ? "true" : undefined}
              onClick={() => props.onSelect(c.id)}
              data-testid="conversation-item"
              data-conversation-id={c.id}
            >
              <span className={styles.avatar} aria-hidden="true">
                {label.replace(/^.*#/, "").slice(0, 2)}
              </span>
              <span className={styles.rowBody}>
                <span className={styles.rowTop}>
                  <span className={styles.rowName}>
                    {props.marks[c.id]?.starred && <span className={styles.rowStar} aria-hidden="true">★ </span>}
                    {label}
                  </span>
                  {props.sortWaiting && c.waitingSince && c.status !== "resolved" ? (
                    // Sorted by waiting time, the row says how long the visitor has waited for an answer.
                    <time className={styles.rowWaiting} dateTime={c.waitingSince} title={props.ti.waitingSince} data-testid="row-waiting">
                      {formatRelativeTime(locale, c.waitingSince, now)}
                    </time>
                  ) : (
                    <time className={styles.rowTime} dateTime={c.lastActivityAt}>
                      {formatRelativeTime(locale, c.lastActivityAt, now)}
                    </time>
                  )}
                </span>
                <span className={styles.rowBottom}>
                  <span className={awaiting ? styles.previewStrong : styles.preview}>{preview}</span>
                  {(props.marks[c.id]?.tags ?? []).slice(0, 2).map((tag) => (
                    <TagChipSmall key={tag} tag={tag} color={props.tagColors.get(tag)} />
                  ))}
                  {c.assigneeId && <span className={styles.rowAssignee}>{props.operatorNames[c.assigneeId] ?? ""}</span>}
                  {props.operatorsTyping[c.id] && (
                    <span className={styles.rowReplying} data-testid="row-replying">
                      {props.ti.replying(Object.values(props.operatorsTyping[c.id]!).join(", "))}
                    </span>
                  )}
                  {c.status === "pending" && <span className={`${styles.pill} ${styles.pill_pending}`}>{t.console.status.pending}</span>}
                  {props.waitingDrafts[c.id] ? (
                    <span className={`${styles.pill} ${styles.pill_draft}`} data-testid="row-draft">
                      {props.draftWaitingLabel}
                    </span>
                  ) : null}
                  {awaiting && <span className={styles.awaiting} role="img" title={t.console.awaitingReply} aria-label={t.console.awaitingReply} />}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function MessageLog(props: {
  items: ChatItem[] | undefined;
  loading: boolean;
  locale: Locale;
  t: Dictionary;
  operatorId: string;
  visitorReadSeq?: number;
  attachments?: Record<string, Attachment[]>;
  notes?: Note[];
  activity?: Activity[];
  describe(a: Activity): string;
  noteLabel: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderLabel: string;
  onLoadOlder(): void;
  onRetry(clientId: string): void;
}) {
  const { items, t, locale } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastKey = items?.[items.length - 1]?.key;
  const notes = props.notes ?? [];
  const activity = props.activity ?? [];
  const firstKey = items?.[0]?.key;
  const beforePrepend = useRef<{ height: number; top: number } | null>(null);

  // Older messages were put on top: keep the operator's place instead of jumping.
  useLayoutEffect(() => {
    const el = ref.current;
    const before = beforePrepend.current;
    if (el && before) el.scrollTop = el.scrollHeight - before.height + before.top;
    beforePrepend.current = null;
  }, [firstKey]);

  const loadOlder = () => {
    const el = ref.current;
    if (!props.hasOlder || props.loadingOlder || !el) return;
    beforePrepend.current = { height: el.scrollHeight, top: el.scrollTop };
    props.onLoadOlder();
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastKey, items?.length, notes.length, activity.length]);

  // Notes and the timeline's events sit between the messages by time; the ones after the last message close the log.
  type Extra = { at: string; note: Note; activity?: undefined } | { at: string; activity: Activity; note?: undefined };
  const extras: Extra[] = [...notes.map((note) => ({ at: note.createdAt, note })), ...activity.map((a) => ({ at: a.at, activity: a }))].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
  const extrasBefore: Extra[][] = [];
  let n = 0;
  for (const item of items ?? []) {
    const here: Extra[] = [];
    while (n < extras.length && item.status === "sent" && extras[n]!.at <= item.createdAt) here.push(extras[n++]!);
    extrasBefore.push(here);
  }
  const trailing = extras.slice(n);
  const renderExtra = (extra: Extra) =>
    extra.note ? (
      renderNote(extra.note)
    ) : (
      <div key={extra.activity.id} className={styles.activity} data-testid="console-activity" data-kind={extra.activity.kind}>
        <span>{props.describe(extra.activity)}</span>
        <time dateTime={extra.activity.at}>{formatClock(locale, extra.activity.at)}</time>
        {extra.activity.kind === "assigned" && extra.activity.note ? <q className={styles.activityNote}>{extra.activity.note}</q> : null}
      </div>
    );
  const renderNote = (note: Note) => (
    <div key={note.id} className={styles.note} data-testid="console-note">
      <span className={styles.msgAuthor}>
        {props.noteLabel} · {note.authorName ?? t.console.author.operator}
      </span>
      <div className={styles.noteBubble}>{note.body}</div>
      <div className={styles.msgMeta}>
        <time dateTime={note.createdAt}>{formatClock(locale, note.createdAt)}</time>
      </div>
    </div>
  );

  return (
    <div
      ref={ref}
      className={styles.log}
      role="log"
      aria-live="polite"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 64;
        if (el.scrollTop < 40) loadOlder();
      }}
    >
      {props.hasOlder && (
        <button type="button" className={styles.loadMore} onClick={loadOlder} disabled={props.loadingOlder} data-testid="load-older">
          {props.loadingOlder ? t.console.loading : props.olderLabel}
        </button>
      )}
      {props.loading && <p className={styles.listEmpty}>{t.console.loading}</p>}
      {items && items.length === 0 && <p className={styles.listEmpty}>{t.console.noMessages}</p>}
      {items?.map((item, i) => {
        const previous = i > 0 ? items[i - 1] : undefined;
        const own = item.authorKind === "operator";
        const mine = own && item.authorId === props.operatorId;
        const showAuthor = !previous || previous.authorKind !== item.authorKind || previous.authorId !== item.authorId;
        const author = item.authorKind === "operator" ? (mine ? t.console.you : (item.authorName ?? t.console.author.operator)) : t.console.author[item.authorKind];
        return (
          <Fragment key={item.key}>
          {extrasBefore[i]?.map(renderExtra)}
          <div
            className={`${styles.msg} ${own ? styles.msgOwn : styles.msgTheirs} ${item.authorKind === "system" || item.authorKind === "bot" ? styles.msgSystem : ""}`}
            data-testid="console-message"
            data-author-kind={item.authorKind}
            data-status={item.status}
            data-seen={own && item.seq !== null ? String(item.seq <= (props.visitorReadSeq ?? 0)) : undefined}
          >
            {showAuthor && <span className={styles.msgAuthor}>{author}</span>}
            <div className={`${styles.bubble} ${item.status !== "sent" ? styles.unsent : ""}`}>
              {item.id && props.attachments?.[item.id]?.length
                ? props.attachments[item.id]!.map((a) => (
                    // Served only to this workspace's operators (session cookie); images inline, other files as downloads.
                    <a key={a.id} href={`/api/attachments/${a.id}`} target="_blank" rel="noopener noreferrer" data-testid="console-attachment">
                      {a.contentType.startsWith("image/") ? <img src={`/api/attachments/${a.id}`} alt={a.name} style={{ display: "block", maxWidth: 200, maxHeight: 200, borderRadius: 8 }} /> : a.name}
                    </a>
                  ))
                : <MessageText body={item.body} />}
            </div>
            <div className={styles.msgMeta}>
              <DeliveryState item={item} locale={locale} onRetry={() => props.onRetry(item.clientId)} showReason />
              {item.status === "sent" && <time dateTime={item.createdAt}>{formatClock(locale, item.createdAt)}</time>}
              {own && item.seq !== null && item.seq <= (props.visitorReadSeq ?? 0) && ` · ${t.widget.seen}`}
            </div>
          </div>
          </Fragment>
        );
      })}
      {trailing.map(renderExtra)}
    </div>
  );
}

/** A short, soft two-tone chime through Web Audio (no sound file to load). */
function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.08, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
    gain.connect(ctx.destination);
    for (const [freq, at] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.2);
    }
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No audio device or autoplay refused: stay silent.
  }
}
