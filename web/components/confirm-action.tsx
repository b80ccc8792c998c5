"use client";

import { useEffect, useRef, useState } from "react";
import styles from "./confirm-action.module.css";

/**
 * A destructive action behind a second, explicit step: the first button asks (in place, with what will happen), the
 * second does it. Esc or Cancel steps back. Nothing is done by accident, and no browser dialog interrupts.
 */
export function ConfirmAction(props: {
  /** The first button. */
  label: string;
  /** What will happen, asked before doing it. */
  question: string;
  /** The button that does it. */
  confirmLabel: string;
  cancelLabel: string;
  disabled?: boolean;
  onConfirm(): void;
  testId: string;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={props.className ?? styles.ask} disabled={props.disabled} onClick={() => setAsking(true)} data-testid={props.testId}>
        {props.label}
      </button>
    );
  }
  return (
    <span
      className={styles.confirm}
      role="group"
      aria-label={props.question}
      data-testid={`${props.testId}-confirmation`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          setAsking(false);
        }
      }}
    >
      <span>{props.question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={styles.danger}
        disabled={props.disabled}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
        data-testid={`${props.testId}-confirm`}
      >
        {props.confirmLabel}
      </button>
      <button type="button" className={styles.cancel} onClick={() => setAsking(false)} data-testid={`${props.testId}-cancel`}>
        {props.cancelLabel}
      </button>
    </span>
  );
}
