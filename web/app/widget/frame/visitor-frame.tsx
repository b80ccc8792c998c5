"use client";

import type { Attachment } from "@kaiwa/shared";
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from "react";
import { Composer } from "../../../components/composer";
import { MessageText } from "../../../components/message-text";
import { DeliveryState } from "../../../components/delivery-state";
import { safeColor, textOn } from "../../../lib/color";
import { browserLanguage, describeError, dictionary, formatClock, pickLocale, type Locale } from "../../../lib/i18n";
import { ACCEPT_ATTRIBUTE } from "../../../lib/file-check";
import type { ChatItem } from "../../../lib/message-list";
import { writeStored } from "../../../lib/storage";
import { pendingKey, tokenKey, VisitorChat } from "../../../lib/visitor-chat";
import { connectToParent, type ParentBridge } from "./parent-bridge";
import styles from "./widget.module.css";

/** The visitor's chat window. */
export function VisitorFrame({ siteKey, initialLocale }: { siteKey: string; initialLocale: Locale }) {
  const bridge = useRef<ParentBridge | null>(null);
  const [chat] = useState(() => new VisitorChat(siteKey, { onMessage: (m) => bridge.current?.message(m), onStore: (name, value) => bridge.current?.store(name, value) }));
  const state = useSyncExternalStore(chat.subscribe, chat.getSnapshot, chat.getSnapshot);
  const [browserLocale, setBrowserLocale] = useState<Locale>(initialLocale);
  const [embedded, setEmbedded] = useState(true);
  const [openCount, setOpenCount] = useState(0);
  const [dragging, setDragging] = useState(false);
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
    // Embedded, the chat starts once widget.js has greeted us with the token it keeps in the host page's storage.
    let started = false;
    const startOnce = () => {
      if (started) return;
      started = true;
      chat.start();
    };
    const b = connectToParent({
      onHello: (stored) => {
        if (stored.token) writeStored(tokenKey(siteKey), stored.token);
        if (stored.pending) writeStored(pendingKey(siteKey), stored.pending);
        startOnce();
      },
      onVisibility: (open) => {
        chat.setVisible(open);
        if (open) setOpenCount((n) => n + 1);
      },
      onIdentify: (requestId, identity) => {
        void chat.identify(identity).then((r) => {
          if (r.error) console.warn(`[kaiwa] identify() refused: ${r.error.code}`);
          bridge.current?.identified(requestId, r.error ?? null);
        });
      },
      onAttributes: (attributes) => {
        if (attributes && typeof attributes === "object") chat.updateProfile({ attributes: attributes as Record<string, string> });
      },
      onPage: (page) => chat.reportPage(page),
    });
    bridge.current = b;
    setEmbedded(b.embedded);
    if (!b.embedded) {
      startOnce();
      chat.setVisible(true);
    }
    b.ready();
    // A loader that never answers (an outdated copy cached by the host): start on our own storage.
    const fallback = setTimeout(startOnce, 2000);
    return () => {
      clearTimeout(fallback);
      b.dispose();
      bridge.current = null;
      chat.stop();
    };
  }, [chat, siteKey]);

  // Once the site is known, the launcher takes its colour.
  useEffect(() => {
    if (state.site) bridge.current?.ready({ color, position: state.site.position === "left" ? "left" : "right" });
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
  const showPreChat =
    state.phase === "ready" && !!state.site?.preChatForm && !state.conversationId && state.items.length === 0 && !state.visitor?.name;
  const away = state.availability && (!state.availability.openNow || !state.availability.operatorsOnline) ? state.availability : null;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole chat takes a dropped file; the paperclip is the keyboard's way
    <div
      className={styles.frame}
      style={theme}
      data-dragging={dragging ? "true" : "false"}
      onDragOver={(e) => {
        if (state.phase !== "ready" || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (!file || state.phase !== "ready") return;
        e.preventDefault();
        stickToBottom.current = true;
        void chat.sendFile(file);
      }}
    >
      {dragging && (
        <p className={styles.dropHint} aria-hidden="true">
          {t.dropFile}
        </p>
      )}
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
                    seen={item.seq !== null && item.seq <= state.operatorReadSeq}
                    attachments={item.id ? state.attachments[item.id] : undefined}
                    chat={chat}
                    onRetry={() => chat.retry(item.clientId)}
                  />
                ))}
              </>
            )}
          </div>

          <p className={styles.typing} data-testid="widget-typing" aria-live="polite">
            {state.operatorTyping ? t.widget.typing(state.operatorTyping.name) : ""}
          </p>

          {away && (
            <div className={styles.away} data-testid="widget-away" role="status">
              <p>{away.openNow ? t.widget.nobodyOnline : t.widget.outsideHours}</p>
              {/* The pre-chat form asks for the email itself: never ask twice. */}
              {state.site?.askEmail && !showPreChat && <EmailPrompt locale={locale} saved={state.visitor?.email ?? null} onSave={(email) => chat.updateProfile({ email })} />}
            </div>
          )}

          {state.uploading && (
            <p className={styles.uploading} role="status">
              {t.widget.uploading}
            </p>
          )}

          {state.notice && (
            <p className={styles.notice} role="alert">
              {describeError(locale, state.notice, { maxUploadBytes: state.site?.maxUploadBytes })}
            </p>
          )}

          {showPreChat ? (
            <PreChatForm
              locale={locale}
              onSubmit={(form) => {
                chat.updateProfile({ name: form.name, ...(form.email ? { email: form.email } : {}) });
                stickToBottom.current = true;
                chat.send(form.question);
              }}
            />
          ) : (
          <Composer
            className={styles.composer}
            onTextChange={(text) => chat.typing(text.trim().length > 0)}
            attach={{
              label: t.widget.attach,
              accept: ACCEPT_ATTRIBUTE,
              busy: state.uploading,
              onFile: (file) => {
                stickToBottom.current = true;
                void chat.sendFile(file);
              },
            }}
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
          )}
        </>
      )}
    </div>
  );
}

function EmailPrompt({ locale, saved, onSave }: { locale: Locale; saved: string | null; onSave(email: string): void }) {
  const t = dictionary(locale);
  const [email, setEmail] = useState("");
  if (saved) return <p data-testid="widget-email-saved">{t.widget.emailSaved(saved)}</p>;
  return (
    <form
      className={styles.inlineForm}
      onSubmit={(e) => {
        e.preventDefault();
        if (e.currentTarget.checkValidity()) onSave(email.trim());
      }}
    >
      <label>
        {t.widget.emailPrompt}
        <input type="email" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="widget-email" autoComplete="email" />
      </label>
      <button type="submit" className={styles.textButton} data-testid="widget-email-save">
        {t.widget.save}
      </button>
    </form>
  );
}

function PreChatForm({ locale, onSubmit }: { locale: Locale; onSubmit(form: { name: string; email: string; question: string }): void }) {
  const t = dictionary(locale);
  const [form, setForm] = useState({ name: "", email: "", question: "" });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    "data-testid": `prechat-${key}`,
  });
  return (
    <form
      className={styles.preChat}
      data-testid="prechat-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.name.trim() && form.question.trim()) onSubmit({ name: form.name.trim(), email: form.email.trim(), question: form.question });
      }}
    >
      <h2>{t.widget.preChatTitle}</h2>
      <label>
        {t.widget.name}
        <input required maxLength={200} autoComplete="name" {...field("name")} />
      </label>
      <label>
        {t.widget.email}
        <input type="email" maxLength={320} autoComplete="email" {...field("email")} />
      </label>
      <label>
        {t.widget.question}
        <textarea required rows={3} maxLength={5000} {...field("question")} />
      </label>
      <button type="submit" className={styles.primaryButton} data-testid="prechat-submit">
        {t.widget.startChat}
      </button>
    </form>
  );
}

/** An attachment: images as a thumbnail, other files as a download link; fetched with the visitor's credentials. */
function AttachmentView({ attachment, chat }: { attachment: Attachment; chat: VisitorChat }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    chat.attachmentUrl(attachment.id).then(
      (u) => live && setUrl(u),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [chat, attachment.id]);
  const image = attachment.contentType.startsWith("image/");
  const size = attachment.size >= 1024 * 1024 ? `${(attachment.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(attachment.size / 1024))} KB`;
  return (
    <a className={styles.attachment} href={url ?? undefined} download={image ? undefined : attachment.name} target="_blank" rel="noopener noreferrer" data-testid="widget-attachment" data-content-type={attachment.contentType}>
      {image ? url ? <img src={url} alt={attachment.name} className={styles.thumbnail} /> : <span className={styles.thumbnail} /> : `${attachment.name} (${size})`}
    </a>
  );
}

function Bubble({
  item,
  previous,
  locale,
  seen,
  attachments,
  chat,
  onRetry,
}: {
  item: ChatItem;
  previous: ChatItem | undefined;
  locale: Locale;
  seen: boolean;
  attachments: Attachment[] | undefined;
  chat: VisitorChat;
  onRetry(): void;
}) {
  const t = dictionary(locale);
  const own = item.authorKind === "visitor";
  const receipt = item.status === "sent" ? (seen ? "seen" : "sent") : item.status;
  // The author's name heads a run of messages by the same person.
  const showAuthor = !own && (!previous || previous.authorKind !== item.authorKind || previous.authorId !== item.authorId);
  return (
    <div
      className={`${styles.row} ${own ? styles.own : styles.theirs} ${item.authorKind === "system" ? styles.system : ""}`}
      data-testid="widget-message"
      data-author-kind={item.authorKind}
      data-status={item.status}
      data-receipt={own ? receipt : undefined}
    >
      {showAuthor && (
        <span className={styles.author}>
          {item.authorKind === "operator" && (
            <span className={styles.opAvatar} aria-hidden="true">
              {(item.authorName ?? t.widget.support).slice(0, 1).toUpperCase()}
            </span>
          )}
          {item.authorName ?? t.widget.support}
        </span>
      )}
      <div className={`${styles.bubble} ${item.status !== "sent" ? styles.unsent : ""}`}>
        {attachments && attachments.length > 0 ? (
          attachments.map((a) => <AttachmentView key={a.id} attachment={a} chat={chat} />)
        ) : (
          <MessageText body={item.body} />
        )}
      </div>
      <div className={styles.meta}>
        <DeliveryState item={item} locale={locale} onRetry={onRetry} />
        {item.status === "sent" && <time dateTime={item.createdAt}>{formatClock(locale, item.createdAt)}</time>}
        {own && item.status === "sent" && <span data-testid="widget-receipt">{" · "}{seen ? t.widget.seen : t.widget.sent}</span>}
      </div>
    </div>
  );
}
