"use client";

import type { Draft } from "@kaiwa/shared";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { formatRelativeTime, type Locale } from "../../lib/i18n";
import styles from "./drafts.module.css";

/** The reviewers' queue: trainee drafts waiting for approval, oldest first; a click opens the conversation. */
export function DraftQueue(props: {
  queue: Draft[];
  selectedId: string | null;
  locale: Locale;
  now: number;
  label(conversationId: string): string;
  onSelect(conversationId: string): void;
  onClose(): void;
}) {
  const t = accountsDictionary(props.locale);
  return (
    <section className={styles.queue} aria-label={t.drafts.title} data-testid="draft-queue">
      <div className={styles.queueHead}>
        <span>{t.drafts.title}</span>
        <button type="button" className={styles.button} onClick={props.onClose} data-testid="draft-queue-close">
          {t.drafts.backToInbox}
        </button>
      </div>
      {props.queue.length === 0 ? (
        <p className={styles.empty}>{t.drafts.queueEmpty}</p>
      ) : (
        <ul className={styles.list}>
          {props.queue.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className={styles.queueItem}
                aria-current={d.conversationId === props.selectedId ? "true" : undefined}
                onClick={() => props.onSelect(d.conversationId)}
                data-testid="draft-queue-item"
                data-conversation-id={d.conversationId}
              >
                <span className={styles.queueWho}>
                  {t.drafts.by(d.authorName)} · {props.label(d.conversationId)} · {formatRelativeTime(props.locale, d.createdAt, props.now)}
                </span>
                <span className={styles.queueBody}>{d.body}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
