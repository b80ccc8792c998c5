"use client";

// Small parts of the inbox: the tag editor and the canned responses manager.
import type { CannedResponse, WorkspaceTag } from "@kaiwa/shared";
import { Fragment, useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from "react";
import { useDismiss } from "../../lib/use-dismiss";
import { api } from "../../lib/api-client";
import { safeColor, textOn } from "../../lib/color";
import type { InboxDictionary } from "../../lib/inbox-i18n";
import { ConfirmAction } from "../../components/confirm-action";
import styles from "./console.module.css";

/** The workspace's tags (GET /api/tags), for the whole console: fetched once, and again when a shown tag is not known yet. */
export function useWorkspaceTags(shown: string[]) {
  const [tags, setTags] = useState<WorkspaceTag[]>([]);
  const known = useRef<WorkspaceTag[] | null>(null);
  const reload = useCallback(async () => {
    const r = await api.tags.list();
    if (!r.data) return;
    known.current = r.data.tags;
    setTags(r.data.tags);
  }, []);
  const key = shown.join("\n");
  useEffect(() => {
    if (!known.current || shown.some((name) => !known.current!.some((x) => x.name === name))) void reload();
  }, [key, reload]);
  const colors = useMemo(() => tagColors(tags), [tags]);
  return { tags, colors, reload };
}

export type WorkspaceTags = ReturnType<typeof useWorkspaceTags>;

/** Each defined tag's colour, made safe for a style attribute. */
function tagColors(tags: WorkspaceTag[]): Map<string, string> {
  return new Map(tags.flatMap((x) => (x.color ? [[x.name, safeColor(x.color, "#64748b")] as const] : [])));
}

/** A small tag chip in the admin's colour (plain when the tag is only typed). */
export function TagChipSmall(props: { tag: string; color: string | undefined }) {
  const { tag, color } = props;
  return (
    <span className={styles.tagChipSmall} style={color ? { background: color, color: textOn(color) } : undefined} data-color={color ?? ""}>
      {tag}
    </span>
  );
}

export function TagEditor(props: { tags: string[]; workspace: WorkspaceTags; ti: InboxDictionary; onChange(tags: string[]): void }) {
  const { tags, ti, workspace } = props;
  const [draft, setDraft] = useState("");
  const listId = useId();
  const colors = workspace.colors;
  return (
    <div className={styles.tagBar} role="group" aria-label={ti.tags}>
      {tags.map((tag) => {
        const color = colors.get(tag);
        return (
          <span key={tag} className={styles.tagChip} style={color ? { background: color, color: textOn(color) } : undefined} data-color={color ?? ""} data-testid="tag-chip">
            {tag}
            <button type="button" aria-label={ti.removeTag(tag)} onClick={() => props.onChange(tags.filter((x) => x !== tag))}>
              ×
            </button>
          </span>
        );
      })}
      <input
        className={styles.tagInput}
        value={draft}
        placeholder={ti.addTag}
        aria-label={ti.addTag}
        maxLength={40}
        list={listId}
        onFocus={() => void workspace.reload()}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter" || e.nativeEvent.isComposing) return;
          e.preventDefault();
          const tag = draft.trim().toLowerCase();
          if (tag && !tags.includes(tag)) props.onChange([...tags, tag]);
          setDraft("");
        }}
        data-testid="tag-input"
      />
      {/* The admin-defined tags not on this conversation yet, suggested as the operator types. */}
      <datalist id={listId} data-testid="tag-suggestions">
        {workspace.tags
          .filter((x) => x.defined && !tags.includes(x.name))
          .map((x) => (
            <option key={x.name} value={x.name} label={x.description ?? undefined} />
          ))}
      </datalist>
    </div>
  );
}

export function CannedManager(props: {
  canned: CannedResponse[];
  ti: InboxDictionary;
  onSave(shortcut: string, body: string, id?: string): Promise<boolean>;
  onDelete(id: string): void;
}) {
  const { ti } = props;
  const [open, setOpen] = useState(false);
  const [shortcut, setShortcut] = useState("");
  const [body, setBody] = useState("");
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  useDismiss(open, useCallback(() => setOpen(false), []), [buttonRef, panelRef]);
  return (
    <>
      <button ref={buttonRef} type="button" className={styles.ghostButton} onClick={() => setOpen((v) => !v)} data-testid="canned-manage" aria-expanded={open}>
        {ti.cannedTitle}
      </button>
      {open && (
        <div ref={panelRef} className={styles.cannedPanel} role="dialog" aria-label={ti.cannedTitle} data-testid="canned-panel">
          <h3>{ti.cannedTitle}</h3>
          <ul>
            {props.canned.map((c) => (
              <li key={c.id}>
                <strong>/{c.shortcut}</strong> {c.body}{" "}
                <ConfirmAction
                  className={styles.ghostButton}
                  label={ti.delete}
                  question={ti.confirmDeleteCanned(c.shortcut)}
                  confirmLabel={ti.delete}
                  cancelLabel={ti.cancel}
                  onConfirm={() => props.onDelete(c.id)}
                  testId="canned-panel-delete"
                />
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void props.onSave(shortcut, body).then((ok) => {
                if (!ok) return;
                setShortcut("");
                setBody("");
              });
            }}
          >
            <input value={shortcut} onChange={(e) => setShortcut(e.target.value)} placeholder={ti.shortcut} aria-label={ti.shortcut} maxLength={32} required data-testid="canned-shortcut" />
            <textarea value={body} onChange={(e) => setBody(e.target.value)} placeholder={ti.body} aria-label={ti.body} maxLength={5000} required data-testid="canned-body" />
            <button type="submit" className={styles.primaryButton} data-testid="canned-save">
              {ti.save}
            </button>
            <button type="button" className={styles.ghostButton} onClick={() => setOpen(false)}>
              {ti.close}
            </button>
          </form>
        </div>
      )}
    </>
  );
}

export function VisitorPanel(props: {
  details: import("@kaiwa/shared").VisitorDetails | undefined;
  ti: InboxDictionary;
  formatDate(iso: string): string;
  onOpen(conversationId: string): void;
}) {
  const { details: d, ti } = props;
  if (!d) return null;
  const attributes = Object.entries(d.attributes);
  return (
    <details className={styles.visitorPanel} data-testid="visitor-panel" open>
      <summary>{ti.visitorPanel}</summary>
      <dl>
        <dt>{ti.name}</dt>
        <dd data-testid="visitor-name">{d.name ?? "—"}</dd>
        <dt>{ti.email}</dt>
        <dd data-testid="visitor-email">{d.email ?? "—"}</dd>
        {d.userId && (
          <>
            <dt>{ti.userId}</dt>
            <dd>{d.userId}</dd>
          </>
        )}
        <dt>{ti.firstSeen}</dt>
        <dd>{props.formatDate(d.firstSeenAt)}</dd>
        <dt>{ti.lastSeen}</dt>
        <dd>{props.formatDate(d.lastSeenAt)}</dd>
        {attributes.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd data-testid="visitor-attribute">{v === null ? "—" : String(v)}</dd>
          </Fragment>
        ))}
      </dl>
      <p className={styles.panelHead}>{ti.earlier}</p>
      {d.conversations.length === 0 ? (
        <p className={styles.panelEmpty}>{ti.noEarlier}</p>
      ) : (
        <ul className={styles.earlier}>
          {d.conversations.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => props.onOpen(c.id)} data-testid="earlier-conversation">
                {props.formatDate(c.createdAt)} · {c.lastMessageBody ?? ""}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

export function ShortcutHelp(props: { ti: InboxDictionary; onClose(): void; toggle: RefObject<HTMLElement | null> }) {
  const panelRef = useRef<HTMLDivElement>(null);
  useDismiss(true, props.onClose, [panelRef, props.toggle]);
  return (
    <div ref={panelRef} className={styles.cannedPanel} role="dialog" aria-label={props.ti.shortcuts} data-testid="shortcut-help">
      <h3>{props.ti.shortcuts}</h3>
      <dl className={styles.shortcutList}>
        {props.ti.shortcutList.map(([key, what]) => (
          <Fragment key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </Fragment>
        ))}
      </dl>
      <button type="button" className={styles.ghostButton} onClick={props.onClose}>
        {props.ti.close}
      </button>
    </div>
  );
}

export function InboxSettings(props: {
  sites: import("@kaiwa/shared").InboxSite[];
  ti: InboxDictionary;
  onChange(siteId: string, patch: { autoAssign?: boolean; capacity?: number }): void;
}) {
  const { ti } = props;
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  useDismiss(open, useCallback(() => setOpen(false), []), [buttonRef, panelRef]);
  return (
    <>
      <button ref={buttonRef} type="button" className={styles.ghostButton} onClick={() => setOpen((v) => !v)} aria-expanded={open} data-testid="inbox-settings">
        {ti.autoAssign}
      </button>
      {open && (
        <div ref={panelRef} className={styles.cannedPanel} role="dialog" aria-label={ti.autoAssign} data-testid="inbox-settings-panel">
          <h3>{ti.autoAssign}</h3>
          <p className={styles.panelEmpty}>{ti.autoAssignHelp}</p>
          <ul>
            {props.sites.map((site) => (
              <li key={site.siteId}>
                <label className={styles.check}>
                  <input
                    type="checkbox"
                    checked={site.autoAssign}
                    onChange={(e) => props.onChange(site.siteId, { autoAssign: e.target.checked })}
                    data-testid="auto-assign-toggle"
                    data-site-id={site.siteId}
                  />
                  {site.name}
                </label>{" "}
                <label className={styles.check}>
                  {ti.capacity}
                  <input
                    type="number"
                    min={1}
                    max={100}
                    defaultValue={site.capacity}
                    style={{ width: 56 }}
                    onBlur={(e) => {
                      const n = Number(e.target.value);
                      if (Number.isInteger(n) && n >= 1 && n <= 100 && n !== site.capacity) props.onChange(site.siteId, { capacity: n });
                    }}
                    data-testid="capacity-input"
                  />
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className={styles.ghostButton} onClick={() => setOpen(false)}>
            {ti.close}
          </button>
        </div>
      )}
    </>
  );
}
