"use client";

// The console's reply box: Enter sends (not while an IME composes), Shift+Enter breaks the line; a Note switch
// turns the text into an internal note; `/` and letters offer canned responses, inserted with their
// placeholders filled (Enter, Tab or a click). The text lives in the conversation's draft, never in the box:
// each conversation has its own reply and note.
import { MESSAGE_MAX_LENGTH, type CannedResponse } from "@kaiwa/shared";
import { useCallback, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { cannedSuggestions } from "../../lib/canned";
import { ACCEPT_ATTRIBUTE, firstFile } from "../../lib/file-check";
import type { ComposerDrafts } from "../../lib/composer-drafts";
import styles from "./console.module.css";

export interface ReplyBoxStrings {
  reply: string;
  note: string;
  replyPlaceholder: string;
  notePlaceholder: string;
  send: string;
  addNote: string;
  cannedHint: string;
  addSignature: string;
  attach: string;
}

export function ReplyBox(props: {
  conversationId: string;
  drafts: ComposerDrafts;
  onSend(text: string): boolean;
  onNote(text: string): boolean;
  onTextChange(text: string): void;
  canned: CannedResponse[];
  /** The operator's sign-off, added to the end of the reply by a button. */
  signature?: string | null;
  /** Send a file (the paperclip, or a file pasted into the box). */
  onFile?(file: File): void;
  uploading?: boolean;
  fill(body: string): string;
  strings: ReplyBoxStrings;
  disabled?: boolean;
}) {
  const { conversationId, drafts } = props;
  const draft = useSyncExternalStore(
    drafts.subscribe,
    useCallback(() => drafts.get(conversationId), [drafts, conversationId]),
    useCallback(() => drafts.get(conversationId), [drafts, conversationId]),
  );
  const mode = draft.mode;
  const text = draft[mode];
  const setMode = (next: "reply" | "note") => drafts.update(conversationId, { mode: next });
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const suggestions = cannedSuggestions(props.canned, text);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const change = (value: string) => {
    drafts.update(conversationId, { [mode]: value });
    setActive(0);
    if (mode === "reply") props.onTextChange(value);
  };

  const insert = (c: CannedResponse) => {
    change(props.fill(c.body));
    ref.current?.focus();
  };

  const submit = () => {
    if (props.disabled || text.trim().length === 0) return;
    const done = mode === "note" ? props.onNote(text) : props.onSend(text);
    if (done) change("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const composing = e.nativeEvent.isComposing || e.keyCode === 229;
    if (suggestions.length > 0 && !composing) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
        e.preventDefault();
        insert(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        change(text + " ");
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !composing) {
      e.preventDefault();
      submit();
      return;
    }
    // Esc leaves the box (the draft stays), so the keyboard shortcuts work again.
    if (e.key === "Escape" && !composing) ref.current?.blur();
  };

  return (
    <form
      className={`${styles.replyBox} ${mode === "note" ? styles.replyBoxNote : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-mode={mode}
    >
      <div className={styles.replyModes} role="tablist">
        <button type="button" role="tab" aria-selected={mode === "reply"} className={mode === "reply" ? styles.modeActive : styles.mode} onClick={() => setMode("reply")} data-testid="mode-reply">
          {props.strings.reply}
        </button>
        <button type="button" role="tab" aria-selected={mode === "note"} className={mode === "note" ? styles.modeActive : styles.mode} onClick={() => setMode("note")} data-testid="mode-note">
          {props.strings.note}
        </button>
        {props.signature && mode === "reply" && (
          <button
            type="button"
            className={styles.mode}
            onClick={() => {
              change(text.trimEnd() ? `${text.trimEnd()}\n\n${props.signature}` : (props.signature ?? ""));
              ref.current?.focus();
            }}
            data-testid="add-signature"
          >
            {props.strings.addSignature}
          </button>
        )}
        <span className={styles.cannedHint}>{props.strings.cannedHint}</span>
      </div>
      {suggestions.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the keyboard stays in the reply box, whose arrow keys move the selected option
        <ul className={styles.canned} role="listbox" data-testid="canned-suggestions">
          {suggestions.map((c, i) => (
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole lint/a11y/useFocusableInteractive: as above; the button inside takes the mouse
            <li key={c.id} role="option" aria-selected={i === active}>
              <button type="button" className={i === active ? styles.cannedActive : styles.cannedItem} onMouseDown={(e) => e.preventDefault()} onClick={() => insert(c)} data-testid="canned-option">
                <strong>/{c.shortcut}</strong> <span>{c.body}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={styles.replyRow}>
        {props.onFile && mode === "reply" && (
          <>
            <input
              ref={fileRef}
              type="file"
              hidden
              accept={ACCEPT_ATTRIBUTE}
              data-testid="reply-input-file"
              onChange={(e) => {
                const file = firstFile(e.target.files);
                e.target.value = "";
                if (file) props.onFile?.(file);
              }}
            />
            <button
              type="button"
              className={styles.attachButton}
              onClick={() => fileRef.current?.click()}
              disabled={props.disabled || props.uploading}
              aria-label={props.strings.attach}
              title={props.strings.attach}
              data-testid="reply-attach"
            >
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M20 11.5 12.3 19.2a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3" />
              </svg>
            </button>
          </>
        )}
        <textarea
          ref={ref}
          className={styles.replyInput}
          value={text}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            // A pasted screenshot or file is sent as a file; pasted text stays text.
            const file = firstFile(e.clipboardData.files);
            if (!file || !props.onFile || mode !== "reply") return;
            e.preventDefault();
            props.onFile(file);
          }}
          placeholder={mode === "note" ? props.strings.notePlaceholder : props.strings.replyPlaceholder}
          aria-label={mode === "note" ? props.strings.note : props.strings.reply}
          maxLength={MESSAGE_MAX_LENGTH}
          rows={1}
          data-testid="reply-input"
        />
        <button type="submit" className={styles.primaryButton} disabled={props.disabled || text.trim().length === 0} data-testid="reply-send">
          {mode === "note" ? props.strings.addNote : props.strings.send}
        </button>
      </div>
    </form>
  );
}
