"use client";

import type { ApiError, Draft, Operator } from "@kaiwa/shared";
import { useState } from "react";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { describeError, type Locale } from "../../lib/i18n";
import styles from "./drafts.module.css";

export type DraftReview = { draftId: string; decision: "approve" } | { draftId: string; decision: "reject"; comment: string };

/**
 * Trainee drafts of the open conversation, live from the console's store: a trainee sees their drafts waiting or
 * rejected (with the comment); supervisors and admins approve (the draft is sent) or reject with a comment.
 * Drafts never reach the visitor. Keyed by conversation, so a form left open stays with its conversation.
 */
export function DraftsPanel({
  drafts,
  operator,
  locale,
  onReview,
}: {
  drafts: Draft[];
  operator: Operator;
  locale: Locale;
  onReview(review: DraftReview): Promise<ApiError | null>;
}) {
  const t = accountsDictionary(locale);
  const [error, setError] = useState<ApiError | null>(null);
  const [rejecting, setRejecting] = useState<{ id: string; comment: string } | null>(null);
  const reviewer = operator.role === "admin" || operator.role === "supervisor";

  const review = async (payload: DraftReview) => {
    const failed = await onReview(payload);
    setError(failed);
    if (!failed) setRejecting(null);
  };

  // Sent drafts are in the thread as messages; show what is waiting and what was sent back.
  const visible = drafts.filter((d) => d.status !== "approved" && (reviewer || d.authorId === operator.id || d.status === "pending"));
  if (operator.role !== "trainee" && visible.length === 0) return null;
  return (
    <section aria-label={t.drafts.title} data-testid="drafts-panel" className={styles.panel}>
      {operator.role === "trainee" ? (
        <p className={styles.hint} data-testid="trainee-hint">
          {t.drafts.traineeHint}
        </p>
      ) : null}
      {visible.length > 0 ? <h3 className={styles.title}>{t.drafts.title}</h3> : null}
      {error ? (
        <p role="alert" className={styles.error}>
          {describeError(locale, error)}
        </p>
      ) : null}
      <ul className={styles.list}>
        {visible.map((d) => (
          <li key={d.id} data-testid="draft" data-status={d.status} className={styles.draft}>
            <div className={styles.meta}>
              {t.drafts.by(d.authorName)} · {d.status === "pending" ? t.drafts.pending : t.drafts.rejected}
            </div>
            <div className={styles.body} data-testid="draft-body">
              {d.body}
            </div>
            {d.status === "rejected" && d.reviewComment ? (
              <div className={styles.comment} data-testid="draft-comment">
                {t.drafts.comment}: {d.reviewComment}
              </div>
            ) : null}
            {reviewer && d.status === "pending" ? (
              rejecting?.id === d.id ? (
                <form
                  className={styles.actions}
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (rejecting.comment.trim()) void review({ draftId: d.id, decision: "reject", comment: rejecting.comment });
                  }}
                >
                  <input
                    aria-label={t.drafts.comment}
                    placeholder={t.drafts.comment}
                    value={rejecting.comment}
                    onChange={(e) => setRejecting({ id: d.id, comment: e.target.value })}
                    data-testid="draft-reject-comment"
                    className={styles.input}
                    autoFocus
                  />
                  <button type="submit" className={styles.button} data-testid="draft-reject-confirm">
                    {t.drafts.reject}
                  </button>
                </form>
              ) : (
                <div className={styles.actions}>
                  <button type="button" className={styles.primary} onClick={() => void review({ draftId: d.id, decision: "approve" })} data-testid="draft-approve">
                    {t.drafts.approve}
                  </button>
                  <button type="button" className={styles.button} onClick={() => setRejecting({ id: d.id, comment: "" })} data-testid="draft-reject">
                    {t.drafts.reject}
                  </button>
                </div>
              )
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
