"use client";

import {
  FEEDBACK_SCREENSHOT_MAX_BYTES,
  FEEDBACK_SCREENSHOT_TYPES,
  FEEDBACK_STATUSES,
  NAMESPACES,
  PROTOCOL_VERSION,
  type ApiError,
  type EarlyAccessState,
  type FeedbackComment,
  type FeedbackPost,
  type FeedbackPostView,
  type FeedbackStatus,
  type Result,
  type TFeedbackCreate,
} from "@kaiwa/shared";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { io, type Socket } from "socket.io-client";
import { api } from "../../lib/api-client";
import { earlyAccessDictionary, storedLocale, type EarlyAccessDictionary } from "../../lib/early-access-i18n";
import { describeError, formatRelativeTime, type Locale } from "../../lib/i18n";
import styles from "./early-access.module.css";

type Load = { status: "loading" } | { status: "error"; error: ApiError } | { status: "ready" };

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Merge a post from a broadcast (which has no `votedByMe`) into the list, keeping the caller's own vote. */
function mergePost(list: FeedbackPostView[], post: FeedbackPost & { votedByMe?: boolean }): FeedbackPostView[] {
  const i = list.findIndex((p) => p.id === post.id);
  if (i === -1) return [{ ...post, votedByMe: post.votedByMe ?? false }, ...list];
  const next = list.slice();
  next[i] = { ...post, votedByMe: post.votedByMe ?? list[i]!.votedByMe };
  return next;
}

/** The board: a form to post, the posts visible to the caller, votes, comments and statuses, all live. */
export function FeedbackBoard() {
  const [locale, setLocale] = useState<Locale>("en");
  const t = earlyAccessDictionary(locale);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [state, setState] = useState<EarlyAccessState | null>(null);
  const [posts, setPosts] = useState<FeedbackPostView[]>([]);
  const [comments, setComments] = useState<Record<string, FeedbackComment[]>>({});
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [live, setLive] = useState(false);
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const l = storedLocale();
    setLocale(l);
    document.documentElement.lang = l;
  }, []);

  const refresh = useCallback(async () => {
    const ea = await api.earlyAccess.state();
    if (ea.error) return setLoad({ status: "error", error: ea.error });
    setState(ea.data);
    const list = await api.feedback.list();
    if (list.error) return setLoad({ status: "error", error: list.error });
    setPosts(list.data.posts);
    setLoad({ status: "ready" });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Live updates: subscribe once the board is known to be on; after a reconnect subscribe again and reload.
  useEffect(() => {
    if (load.status !== "ready") return;
    const socket = io(NAMESPACES.operator, { auth: { protocol: PROTOCOL_VERSION } });
    socketRef.current = socket;
    let first = true;
    socket.on("connect", () => {
      socket.timeout(10_000).emit("feedback:subscribe", {}, (err: unknown, res: Result<{ ok: true }>) => {
        setLive(!err && !!res?.data);
        if (!first) void refresh();
        first = false;
      });
    });
    socket.on("disconnect", () => setLive(false));
    socket.on("feedback:post", (post: FeedbackPost) => setPosts((list) => mergePost(list, post)));
    socket.on("feedback:comment", (c: FeedbackComment) =>
      setComments((all) => (all[c.postId] && !all[c.postId]!.some((x) => x.id === c.id) ? { ...all, [c.postId]: [...all[c.postId]!, c] } : all)),
    );
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [load.status, refresh]);

  const toggleComments = async (postId: string) => {
    const next = !open[postId];
    setOpen((o) => ({ ...o, [postId]: next }));
    if (next) {
      const r = await api.feedback.get({ params: { postId } });
      if (r.data) {
        setComments((all) => ({ ...all, [postId]: r.data.comments }));
        setPosts((list) => mergePost(list, r.data.post));
      }
    }
  };

  if (load.status === "loading") return <main className={styles.page} aria-busy="true" />;
  if (load.status === "error") {
    return (
      <main className={styles.page}>
        <h1>{t.feedback.title}</h1>
        {load.error.code === "UNAUTHENTICATED" ? (
          <p>
            {t.feedback.signInFirst} <a href="/">{t.feedback.signIn}</a>
          </p>
        ) : load.error.code === "FEATURE_DISABLED" ? (
          <p data-testid="feedback-disabled">
            {t.feedback.disabled} <a href="/settings/early-access">{t.footer.settings}</a>
          </p>
        ) : (
          <p className={styles.error} role="alert">
            {describeError(locale, load.error)}
          </p>
        )}
      </main>
    );
  }

  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.feedback.title}</h1>
      <p className={styles.intro}>
        {t.feedback.intro} {live ? <span data-testid="feedback-live">· {t.feedback.live}</span> : null}
      </p>
      <NewPostForm t={t} locale={locale} onPosted={(p) => setPosts((list) => mergePost(list, p))} />
      {posts.length === 0 ? <p className={styles.meta}>{t.feedback.empty}</p> : null}
      <div data-testid="feedback-list">
        {posts.map((post) => (
          <PostCard
            key={post.id}
            post={post}
            t={t}
            locale={locale}
            productTeam={!!state?.productTeam}
            comments={comments[post.id]}
            open={!!open[post.id]}
            onToggle={() => void toggleComments(post.id)}
            onChanged={(p) => setPosts((list) => mergePost(list, p))}
            onComment={(c) => setComments((all) => ({ ...all, [c.postId]: [...(all[c.postId] ?? []).filter((x) => x.id !== c.id), c] }))}
          />
        ))}
      </div>
    </main>
  );
}

/**
 * `/feedback?release=0.2.0` (from the release notes) or `?feature=key` preselects what the post is about, by the name
 * people know it by (a feature flag's key is ours, not theirs); without either the field is left for them to fill.
 */
function subjectFromUrl(t: EarlyAccessDictionary): { kind: "feature" | "release"; subject: string } {
  const params = new URLSearchParams(typeof window === "undefined" ? "" : window.location.search);
  const release = params.get("release");
  if (release) return { kind: "release", subject: release.slice(0, 80) };
  const feature = params.get("feature");
  return { kind: "feature", subject: feature ? (t.flagNames[feature] ?? feature).slice(0, 80) : "" };
}

function NewPostForm({ t, locale, onPosted }: { t: EarlyAccessDictionary; locale: Locale; onPosted(p: FeedbackPostView): void }) {
  const [initial] = useState(() => subjectFromUrl(t));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get("screenshot");
    setError(null);
    let screenshot: TFeedbackCreate["screenshot"];
    if (file instanceof File && file.size > 0) {
      if (!(FEEDBACK_SCREENSHOT_TYPES as readonly string[]).includes(file.type)) return setError(t.feedback.screenshotType);
      if (file.size > FEEDBACK_SCREENSHOT_MAX_BYTES) return setError(t.feedback.screenshotTooLarge);
      screenshot = { type: file.type as (typeof FEEDBACK_SCREENSHOT_TYPES)[number], data: await readAsBase64(file) };
    }
    setBusy(true);
    const field = (name: string) => String(form.get(name) ?? "");
    const r = await api.feedback.create({
      body: {
        subjectKind: field("subjectKind") as TFeedbackCreate["subjectKind"],
        subject: field("subject"),
        title: field("title"),
        body: field("body"),
        visibility: field("visibility") as TFeedbackCreate["visibility"],
        ...(screenshot ? { screenshot } : {}),
      },
    });
    setBusy(false);
    if (r.error) return setError(describeError(locale, r.error));
    onPosted(r.data);
    formRef.current?.reset();
  };

  return (
    <section className={styles.card} aria-labelledby="new-post">
      <h2 id="new-post" style={{ fontSize: 15, margin: "0 0 10px" }}>
        {t.feedback.newPost}
      </h2>
      <form ref={formRef} className={styles.form} onSubmit={(e) => void submit(e)} data-testid="feedback-form">
        <div className={styles.row}>
          <label>
            {t.feedback.subjectKind}
            <select name="subjectKind" defaultValue={initial.kind} data-testid="feedback-kind">
              <option value="feature">{t.feedback.kinds.feature}</option>
              <option value="release">{t.feedback.kinds.release}</option>
            </select>
          </label>
          <label>
            {t.feedback.subject}
            <input
              type="text"
              name="subject"
              required
              maxLength={80}
              defaultValue={initial.subject}
              placeholder={t.feedback.subjectPlaceholder}
              data-testid="feedback-subject"
            />
          </label>
          <label>
            {t.feedback.visibility}
            <select name="visibility" defaultValue="workspace" data-testid="feedback-visibility">
              <option value="workspace">{t.feedback.visibilities.workspace}</option>
              <option value="public">{t.feedback.visibilities.public}</option>
            </select>
          </label>
        </div>
        <label>
          {t.feedback.postTitle}
          <input type="text" name="title" required maxLength={140} data-testid="feedback-title" />
        </label>
        <label>
          {t.feedback.body}
          <textarea name="body" required rows={4} maxLength={4000} data-testid="feedback-body" />
        </label>
        <label>
          {t.feedback.screenshot}
          <input type="file" name="screenshot" accept={FEEDBACK_SCREENSHOT_TYPES.join(",")} data-testid="feedback-screenshot" />
        </label>
        {error ? (
          <p className={styles.error} role="alert" data-testid="feedback-error">
            {error}
          </p>
        ) : null}
        <div>
          <button className={styles.button} type="submit" disabled={busy} data-testid="feedback-submit">
            {busy ? t.feedback.submitting : t.feedback.submit}
          </button>
        </div>
      </form>
    </section>
  );
}

function PostCard(props: {
  post: FeedbackPostView;
  t: EarlyAccessDictionary;
  locale: Locale;
  productTeam: boolean;
  comments: FeedbackComment[] | undefined;
  open: boolean;
  onToggle(): void;
  onChanged(p: FeedbackPostView): void;
  onComment(c: FeedbackComment): void;
}) {
  const { post, t, locale } = props;
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState("");

  const act = async <T,>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setError(null);
    const r = await call();
    if (r.error) {
      setError(describeError(locale, r.error));
      return null;
    }
    return r.data;
  };

  const vote = async () => {
    const p = await act(() => api.feedback.vote({ params: { postId: post.id }, body: { voted: !post.votedByMe } }));
    if (p) props.onChanged(p);
  };
  const setStatus = async (status: FeedbackStatus) => {
    const p = await act(() => api.feedback.setStatus({ params: { postId: post.id }, body: { status } }));
    if (p) props.onChanged({ ...p, votedByMe: post.votedByMe });
  };
  const comment = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    const r = await act(() => api.feedback.comment({ params: { postId: post.id }, body: { body: draft } }));
    if (r) {
      setDraft("");
      props.onComment(r.comment);
      props.onChanged({ ...r.post, votedByMe: post.votedByMe });
    }
  };

  return (
    <article className={styles.card} data-testid="feedback-post" data-post-id={post.id}>
      <div className={styles.postHead}>
        <h3 className={styles.postTitle} data-testid="feedback-post-title">
          {post.title}
        </h3>
        <span className={styles.status} data-testid="feedback-status" data-status={post.status}>
          {t.feedback.statuses[post.status]}
        </span>
      </div>
      <div className={styles.meta}>
        {t.feedback.kinds[post.subjectKind]}: {post.subject} · {t.feedback.by(post.authorName, post.workspaceName)} ·{" "}
        {t.feedback.visibilities[post.visibility]} · <time dateTime={post.createdAt}>{formatRelativeTime(locale, post.createdAt)}</time>
      </div>
      <p className={styles.body}>{post.body}</p>
      {post.hasScreenshot ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img className={styles.shot} src={`/api/feedback/posts/${post.id}/screenshot`} alt={t.feedback.screenshotAlt(post.title)} data-testid="feedback-shot" />
      ) : null}
      <div className={styles.row}>
        <button type="button" className={styles.ghost} aria-pressed={post.votedByMe} onClick={() => void vote()} data-testid="feedback-vote">
          {post.votedByMe ? t.feedback.unvote : t.feedback.vote} · <span data-testid="feedback-votes">{t.feedback.votes(post.voteCount)}</span>
        </button>
        <button type="button" className={styles.ghost} aria-expanded={props.open} onClick={props.onToggle} data-testid="feedback-toggle-comments">
          <span data-testid="feedback-comment-count">{t.feedback.comments(post.commentCount)}</span>
        </button>
        {props.productTeam ? (
          <label className={styles.meta}>
            {t.feedback.status}{" "}
            <select value={post.status} onChange={(e) => void setStatus(e.target.value as FeedbackStatus)} data-testid="feedback-set-status">
              {FEEDBACK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.feedback.statuses[s]}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {props.open ? (
        <div>
          <ul className={styles.comments} data-testid="feedback-comments">
            {(props.comments ?? []).map((c) => (
              <li key={c.id} className={c.fromProductTeam ? `${styles.comment} ${styles.teamComment}` : styles.comment} data-testid="feedback-comment">
                <div className={styles.meta}>
                  {c.authorName}
                  {c.fromProductTeam ? ` · ${t.feedback.teamAnswer}` : ""} · <time dateTime={c.createdAt}>{formatRelativeTime(locale, c.createdAt)}</time>
                </div>
                <div className={styles.commentBody}>{c.body}</div>
              </li>
            ))}
          </ul>
          <form className={styles.row} onSubmit={(e) => void comment(e)}>
            <label style={{ flex: 1 }}>
              <span className="visually-hidden">{t.feedback.comment}</span>
              <input
                type="text"
                value={draft}
                maxLength={2000}
                onChange={(e) => setDraft(e.target.value)}
                placeholder={t.feedback.comment}
                style={{ width: "100%", padding: "6px 8px", border: "1px solid var(--border)", borderRadius: 6 }}
                data-testid="feedback-comment-input"
              />
            </label>
            <button type="submit" className={styles.ghost} data-testid="feedback-comment-submit">
              {t.feedback.addComment}
            </button>
          </form>
        </div>
      ) : null}
    </article>
  );
}
