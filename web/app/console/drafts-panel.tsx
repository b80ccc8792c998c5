"use client";

import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ApiError,
  type Draft,
  type Operator,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
} from "@kaiwa/shared";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { describeError, type Locale } from "../../lib/i18n";
import { ask, TRANSPORTS } from "../../lib/realtime";

type OperatorSocket = Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;

/**
 * Trainee drafts of the open conversation, live: a trainee sees their drafts waiting or rejected (with the
 * comment); supervisors and admins approve (the draft is sent) or reject with a comment. Drafts never reach
 * the visitor. Keeps its own `/operator` socket (one for the panel's life) so the inbox code stays untouched.
 */
export function DraftsPanel({ conversationId, operator, locale }: { conversationId: string | null; operator: Operator; locale: Locale }) {
  const t = accountsDictionary(locale);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [rejecting, setRejecting] = useState<{ id: string; comment: string } | null>(null);
  const socketRef = useRef<OperatorSocket | null>(null);
  const reviewer = operator.role === "admin" || operator.role === "supervisor";

  // One socket for the panel's life (not one per conversation), so switching conversations does not churn
  // connections; the open conversation is read through a ref.
  const conversationRef = useRef(conversationId);
  conversationRef.current = conversationId;
  const load = (socket: OperatorSocket) => {
    const id = conversationRef.current;
    if (!id || !socket.connected) return;
    void ask(socket, "draft:list", { conversationId: id }).then((r) => {
      if (conversationRef.current !== id) return;
      if (r.data) setDrafts(r.data);
      else setError(r.error);
    });
  };

  useEffect(() => {
    const socket: OperatorSocket = io(NAMESPACES.operator, { auth: { protocol: PROTOCOL_VERSION }, ...TRANSPORTS });
    socketRef.current = socket;
    // Listed on every (re)connect, so a review missed while offline is caught up.
    socket.on("connect", () => load(socket));
    socket.on("draft:updated", (d) => {
      if (d.conversationId !== conversationRef.current) return;
      setDrafts((list) => [...list.filter((x) => x.id !== d.id), d].sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    setDrafts([]);
    setError(null);
    setRejecting(null);
    if (socketRef.current) load(socketRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);

  const review = async (payload: { draftId: string; decision: "approve" } | { draftId: string; decision: "reject"; comment: string }) => {
    const socket = socketRef.current;
    if (!socket) return;
    const r = await ask(socket, "draft:review", payload);
    if (r.error) return setError(r.error);
    setError(null);
    setRejecting(null);
    setDrafts((list) => list.map((d) => (d.id === r.data.id ? r.data : d)));
  };

  // Sent drafts are in the thread as messages; show what is waiting and what was sent back.
  const visible = drafts.filter((d) => d.status !== "approved" && (reviewer || d.authorId === operator.id || d.status === "pending"));
  if (operator.role !== "trainee" && visible.length === 0) return null;
  return (
    <section aria-label={t.drafts.title} data-testid="drafts-panel" style={{ borderTop: "1px solid #e5e7eb", padding: "8px 16px", fontSize: 14 }}>
      {operator.role === "trainee" ? (
        <p style={{ margin: "4px 0", color: "#92400e" }} data-testid="trainee-hint">
          {t.drafts.traineeHint}
        </p>
      ) : null}
      {visible.length > 0 ? <h3 style={{ fontSize: 13, margin: "4px 0" }}>{t.drafts.title}</h3> : null}
      {error ? (
        <p role="alert" style={{ color: "#b91c1c" }}>
          {describeError(locale, error)}
        </p>
      ) : null}
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {visible.map((d) => (
          <li key={d.id} data-testid="draft" data-status={d.status} style={{ margin: "6px 0", padding: 8, border: "1px dashed #d1d5db", borderRadius: 6 }}>
            <div style={{ fontSize: 12, color: "#6b7280" }}>
              {t.drafts.by(d.authorName)} · {d.status === "pending" ? t.drafts.pending : t.drafts.rejected}
            </div>
            <div style={{ whiteSpace: "pre-wrap" }} data-testid="draft-body">
              {d.body}
            </div>
            {d.status === "rejected" && d.reviewComment ? (
              <div style={{ color: "#b91c1c" }} data-testid="draft-comment">
                {t.drafts.comment}: {d.reviewComment}
              </div>
            ) : null}
            {reviewer && d.status === "pending" ? (
              rejecting?.id === d.id ? (
                <form
                  style={{ display: "flex", gap: 6, marginTop: 6 }}
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
                    style={{ flex: 1 }}
                    autoFocus
                  />
                  <button type="submit" data-testid="draft-reject-confirm">
                    {t.drafts.reject}
                  </button>
                </form>
              ) : (
                <div style={{ display: "flex", gap: 6, marginTop: 6 }}>
                  <button type="button" onClick={() => void review({ draftId: d.id, decision: "approve" })} data-testid="draft-approve">
                    {t.drafts.approve}
                  </button>
                  <button type="button" onClick={() => setRejecting({ id: d.id, comment: "" })} data-testid="draft-reject">
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
