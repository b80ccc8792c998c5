"use client";

import { MESSAGE_MAX_LENGTH } from "@kaiwa/shared";
import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { bodyLength } from "../lib/message-list";
import styles from "./composer.module.css";

export interface ComposerProps {
  /** Send the text; return false to keep it in the box. */
  onSend(text: string): boolean;
  /** Every edit of the text (typing indicators). */
  onTextChange?(text: string): void;
  /** When set, a paperclip button picks a file of these types (`accept`) and hands it over. */
  attach?: { label: string; accept: string; busy?: boolean; onFile(file: File): void };
  placeholder: string;
  label: string;
  sendLabel: string;
  hint?: string;
  charactersLeft(n: number): string;
  inputTestId: string;
  sendTestId: string;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Focus the box whenever this value changes (e.g. another conversation was opened). */
  focusKey?: unknown;
  className?: string;
}

const MAX_HEIGHT_PX = 160;

/** A message box: Enter sends, Shift+Enter (or Enter while an IME is composing) makes a new line. */
export function Composer(props: ComposerProps) {
  const { onSend, disabled, focusKey } = props;
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const hintId = useId();

  // Grow with the text up to a few lines, then scroll.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  useLayoutEffect(() => {
    if (focusKey !== undefined) ref.current?.focus();
  }, [focusKey]);

  const submit = () => {
    if (disabled || text.trim().length === 0) return;
    if (onSend(text)) {
      setText("");
      props.onTextChange?.("");
    }
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter confirms a Japanese conversion, it must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  const left = MESSAGE_MAX_LENGTH - bodyLength(text);
  const empty = text.trim().length === 0;

  return (
    <form className={`${styles.composer} ${props.attach ? styles.withAttach : ""} ${props.className ?? ""}`} onSubmit={onSubmit}>
      {props.attach && (
        <>
          <input
            ref={fileRef}
            type="file"
            hidden
            accept={props.attach.accept}
            data-testid={`${props.inputTestId}-file`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) props.attach?.onFile(file);
            }}
          />
          <button
            type="button"
            className={styles.attach}
            onClick={() => fileRef.current?.click()}
            disabled={disabled || props.attach.busy}
            aria-label={props.attach.label}
            title={props.attach.label}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
              <path fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M20 11.5 12.3 19.2a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3" />
            </svg>
          </button>
        </>
      )}
      <textarea
        ref={ref}
        className={styles.input}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          props.onTextChange?.(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          // A pasted screenshot or file is sent as a file; pasted text stays text.
          const file = e.clipboardData.files[0];
          if (!file || !props.attach) return;
          e.preventDefault();
          props.attach.onFile(file);
        }}
        placeholder={props.placeholder}
        aria-label={props.label}
        aria-describedby={props.hint ? hintId : undefined}
        // Counts UTF-16 units, so it is never looser than the server's code-point limit.
        maxLength={MESSAGE_MAX_LENGTH}
        rows={1}
        autoFocus={props.autoFocus}
        data-testid={props.inputTestId}
      />
      <button
        type="submit"
        className={styles.send}
        disabled={disabled || empty}
        aria-label={props.sendLabel}
        title={props.sendLabel}
        data-testid={props.sendTestId}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
      {(props.hint || left <= 200) && (
        <p id={hintId} className={styles.hint} aria-live="polite">
          {left <= 200 ? <span className={left <= 0 ? styles.limit : undefined}>{props.charactersLeft(left)}</span> : props.hint}
        </p>
      )}
    </form>
  );
}
