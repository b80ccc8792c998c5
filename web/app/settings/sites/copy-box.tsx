"use client";

import { useRef, useState } from "react";
import styles from "./sites.module.css";

/**
 * Read-only text with a Copy button: the clipboard API where the browser allows it, else the text is selected
 * (and `execCommand("copy")` tried) so the person can press Ctrl+C.
 */
export function CopyBox(props: { label: string; value: string; rows?: number; copy: string; copied: string; copyManually: string; testId: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setState("copied");
      return;
    } catch {
      // No clipboard API (plain http, or permission refused): fall back to a selection.
    }
    const area = ref.current;
    if (!area) return;
    area.focus();
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    setState(ok ? "copied" : "manual");
  };

  return (
    <div className={styles.copyBox}>
      <label className={styles.copyLabel}>
        {props.label}
        <textarea
          ref={ref}
          className={styles.code}
          readOnly
          spellCheck={false}
          rows={props.rows ?? 2}
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
          data-testid={props.testId}
        />
      </label>
      <div className={styles.copyRow}>
        <button type="button" className={styles.ghostButton} onClick={() => void copy()} data-testid={`${props.testId}-copy`}>
          {props.copy}
        </button>
        <span role="status" className={styles.hint} data-testid={`${props.testId}-copy-state`} data-state={state}>
          {state === "copied" ? props.copied : state === "manual" ? props.copyManually : ""}
        </span>
      </div>
    </div>
  );
}
