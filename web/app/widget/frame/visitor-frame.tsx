"use client";

import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from "react";
import { Composer } from "../../../components/composer";
import { safeColor, textOn } from "../../../lib/color";
import { browserLanguage, describeError, dictionary, formatClock, pickLocale, type Locale } from "../../../lib/i18n";
import type { ChatItem } from "../../../lib/message-list";
import { VisitorChat } from "../../../lib/visitor-chat";
import { connectToParent, type ParentBridge } from "./parent-bridge";
import styles from "./widget.module.css";

/** The visitor's chat window. */
export function VisitorFrame({ siteKey, initialLocale }: { siteKey: string; initialLocale: Locale }) {
  const [chat] = useState(() => new VisitorChat(siteKey));
  const state = useSyncExternalStore(chat.subscribe, chat.getSnapshot, chat.getSnapshot);
  const [browserLocale, setBrowserLocale] = useState<Locale>(initialLocale);
  const [embedded, setEmbedded] = useState(true);
  const [openCount, setOpenCount] = useState(0);
  const bridge = useRef<ParentBridge | null>(null);
  const logRef = useRef<HTMLDivElement>(null);

  const locale: Locale = state.site?.locale ?? browserLocale;
  const t = dictionary(locale);
  const color = safeColor(state.site?.color);

  useEffect(() => {
    setBrowserLocale(pickLocale(browserLanguage()));
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    chat.start();
    return () => chat.stop();
  }, [chat]);

  useEffect(() => {
    const b = connectToParent({
      onVisibility: (open) => {
        chat.setVisible(open);
        if (open) setOpenCount((n) => n + 1);
      },
    });
    bridge.current = b;
    setEmbedded(b.embedded);
    if (!b.embedded) chat.setVisible(true);
    b.ready();
    return () => {
      b.dispose();
      bridge.current = null;
    };
  }, [chat]);

  // Once the site is known, the launcher takes its colour.
  useEffect(() => {
    if (state.site) bridge.current?.ready(color);
  }, [state.site, color]);

  useEffect(() => {
    bridge.current?.unread(state.unread);
  }, [state.unread]);

  // Keep the newest message in view when it arrives (unless the visitor scrolled up to read).
  const lastKey = state.items[state.items.length - 1]?.key;
  const stickToBottom = useRef(true);
  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastKey, state.items.length, state.phase, openCount]);

  const close = () => bridge.current?.close();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") bridge.current?.close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const theme = { "--accent": color, "--on-accent": textOn(color) } as CSSProperties;
  const siteName = state.site?.name ?? "";

  return (
    <div className={styles.frame} style={theme}>
      <header className={styles.header}>
        <div className={styles.avatar} aria-hidden="true">
          {siteName.slice(0, 1).toUpperCase() || "K"}
        </div>
        <div className={styles.titles}>
          <h1 className={styles.title}>{siteName || "\u00a0"}</h1>
          {/* Visitors only hear about the connection when it is not working. */}
          <p className={styles.presence} role="status" data-testid="widget-connection" data-state={state.connection}>
            {state.connection !== "connected" && state.phase !== "fatal" && (
              <>
                <span className={`${styles.dot} ${styles[state.connection]}`} aria-hidden="true" />
                {t.connection[state.connection]}
              </>
            )}
          </p>
        </div>
        {embedded && (
          <button type="button" className={styles.close} onClick={close} aria-label={t.widget.close} title={t.widget.close}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
              <path fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        )}
      </header>

      {state.phase === "fatal" ? (
        <div className={styles.center} role="alert">
          <p>{state.fatal ? describeError(locale, state.fatal) : t.widget.unavailable}</p>
          {state.fatal?.code !== "UNKNOWN_SITE" && (
            <button type="button" className={styles.textButton} onClick={() => chat.retryStart()}>
              {t.widget.tryAgain}
            </button>
          )}
        </div>
      ) : (
        <>
          <div
            ref={logRef}
            className={styles.log}
            role="log"
            aria-live="polite"
            aria-label={t.widget.messages}
            onScroll={(e) => {
              const el = e.currentTarget;
              stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
            }}
          >
            {state.phase === "starting" ? (
              <p className={styles.starting}>{t.widget.starting}</p>
            ) : (
              <>
                <div className={`${styles.row} ${styles.theirs}`}>
                  <span className={styles.author}>{siteName}</span>
                  <div className={styles.bubble}>{state.site?.greeting || t.widget.defaultGreeting}</div>
                </div>
                {state.items.map((item, i) => (
                  <Bubble
                    key={item.key}
                    item={item}
                    previous={i === 0 ? undefined : state.items[i - 1]}
                    locale={locale}
                    onRetry={() => chat.retry(item.clientId)}
                  />
                ))}
              </>
            )}
          </div>

          {state.notice && (
            <p className={styles.notice} role="alert">
              {describeError(locale, state.notice)}
            </p>
          )}

          <Composer
            className={styles.composer}
            onSend={(text) => {
              stickToBottom.current = true;
              return chat.send(text);
            }}
            placeholder={t.widget.placeholder}
            label={t.widget.inputLabel}
            sendLabel={t.send}
            charactersLeft={t.charactersLeft}
            inputTestId="widget-input"
            sendTestId="widget-send"
            disabled={state.phase !== "ready"}
            focusKey={openCount === 0 ? undefined : openCount}
          />
        </>
      )}
    </div>
  );
}

function Bubble({ item, previous, locale, onRetry }: { item: ChatItem; previous: ChatItem | undefined; locale: Locale; onRetry(): void }) {
  const t = dictionary(locale);
  const own = item.authorKind === "visitor";
  // The author's name heads a run of messages by the same person.
  const showAuthor = !own && (!previous || previous.authorKind !== item.authorKind || previous.authorId !== item.authorId);
  return (
    <div
      className={`${styles.row} ${own ? styles.own : styles.theirs} ${item.authorKind === "system" ? styles.system : ""}`}
      data-testid="widget-message"
      data-author-kind={item.authorKind}
      data-status={item.status}
    >
      {showAuthor && <span className={styles.author}>{item.authorName ?? t.widget.support}</span>}
      <div className={`${styles.bubble} ${item.status !== "sent" ? styles.unsent : ""}`}>{item.body}</div>
      <div className={styles.meta}>
        {item.status === "sending" && <span>{t.sending}</span>}
        {item.status === "failed" && (
          <span className={styles.failed}>
            {t.failed}
            {" · "}
            <button type="button" className={styles.retry} onClick={onRetry}>
              {t.retry}
            </button>
          </span>
        )}
        {item.status === "sent" && <time dateTime={item.createdAt}>{formatClock(locale, item.createdAt)}</time>}
      </div>
    </div>
  );
}
