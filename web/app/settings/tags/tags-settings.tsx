"use client";

import { DEFAULT_TAG_COLOR, type ApiError, type WorkspaceTag } from "@kaiwa/shared";
import { useState } from "react";
import { api } from "../../../lib/api-client";
import { safeColor, textOn } from "../../../lib/color";
import { describeError } from "../../../lib/i18n";
import { tagsDictionary, type TagsDictionary } from "../../../lib/tags-i18n";
import { useSettingsPage } from "../../../lib/use-settings-page";
import page from "../../feedback/early-access.module.css";
import styles from "./tags.module.css";

/** The name as conversations store it (the server normalises the same way). */
const normalize = (name: string) => name.trim().toLowerCase();

/** `/settings/tags`: every operator sees the workspace's tags; admins create, rename, recolour and delete them. */
export function TagsSettings() {
  const page$ = useSettingsPage(api.tags.list);
  const { locale, role, error, busy } = page$;
  const tags = page$.data?.tags ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: "", color: DEFAULT_TAG_COLOR, description: "" });
  const t = tagsDictionary(locale);
  const isAdmin = role === "admin";

  /** Run one change (a new one clears the duplicate-name notice). */
  const run = (request: () => Promise<{ error?: ApiError }>): Promise<boolean> => {
    setNotice(null);
    return page$.run(request);
  };

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const name = normalize(draft.name);
    if (tags?.some((x) => x.defined && x.name === name)) return setNotice(t.duplicate(name));
    const ok = await run(() => api.tags.create({ body: { ...draft, description: draft.description || null } }));
    if (ok) setDraft({ name: "", color: DEFAULT_TAG_COLOR, description: "" });
  };

  return (
    <main className={page.page} lang={locale}>
      <h1>{t.title}</h1>
      <p className={page.intro}>{t.intro}</p>
      {role !== null && !isAdmin ? (
        <p className={page.intro} data-testid="tags-admin-only">
          {t.adminOnly}
        </p>
      ) : null}
      {error ? (
        <p className={page.error} role="alert" data-testid="tags-error" data-code={error.code}>
          {error.code === "FORBIDDEN" ? t.adminOnly : describeError(locale, error)}
        </p>
      ) : null}
      {notice ? (
        <p className={page.error} role="alert" data-testid="tags-notice">
          {notice}
        </p>
      ) : null}
      {tags ? (
        <section className={page.card}>
          {tags.length === 0 ? (
            <p className={styles.muted} data-testid="tags-empty">
              {t.empty}
            </p>
          ) : (
            <table className={page.table}>
              <thead>
                <tr>
                  <th aria-label={t.color} />
                  <th>{t.name}</th>
                  <th>{t.description}</th>
                  <th className={styles.count}>{t.openConversations}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <TagRow key={tag.name} tag={tag} all={tags} t={t} editable={isAdmin} busy={busy} run={run} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      {isAdmin ? (
        <section className={page.card}>
          <h2 style={{ fontSize: 15 }}>{t.createTitle}</h2>
          <form className={page.form} onSubmit={(e) => void create(e)}>
            <div className={page.row}>
              <label>
                {t.name}
                <input type="text" required maxLength={40} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="tag-create-name" />
              </label>
              <label style={{ flex: "none", minWidth: 0 }}>
                {t.color}
                <input type="color" className={styles.colorInput} value={draft.color} onChange={(e) => setDraft({ ...draft, color: e.target.value })} data-testid="tag-create-color" />
              </label>
            </div>
            <label>
              {t.description}
              <input type="text" maxLength={200} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} data-testid="tag-create-description" />
            </label>
            <div>
              <button className={page.button} type="submit" disabled={busy || !draft.name.trim()} data-testid="tag-create-submit">
                {t.create}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </main>
  );
}

/** One tag: its swatch, name, description and count; for admins, inline edit and a delete that asks first. */
function TagRow(props: {
  tag: WorkspaceTag;
  all: WorkspaceTag[];
  t: TagsDictionary;
  editable: boolean;
  busy: boolean;
  run(request: () => Promise<{ error?: ApiError }>): Promise<boolean>;
}) {
  const { tag, t, busy } = props;
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [edit, setEdit] = useState({ name: tag.name, color: tag.color ?? DEFAULT_TAG_COLOR, description: tag.description ?? "" });
  const color = tag.color ? safeColor(tag.color, DEFAULT_TAG_COLOR) : null;
  const newName = normalize(edit.name);
  const mergesInto = newName !== tag.name ? props.all.find((x) => x.name === newName) : undefined;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const body: { name?: string; color?: string; description?: string | null } = {};
    if (newName !== tag.name) body.name = newName;
    if (edit.color !== tag.color) body.color = edit.color;
    if ((edit.description || null) !== tag.description) body.description = edit.description || null;
    if (Object.keys(body).length === 0) return setMode("view");
    if (await props.run(() => api.tags.update({ params: { name: tag.name }, body }))) setMode("view");
  };
  const remove = async () => {
    if (await props.run(() => api.tags.delete({ params: { name: tag.name } }))) setMode("view");
  };

  return (
    <tr data-testid="tag-row" data-name={tag.name} data-defined={tag.defined} data-color={tag.color ?? ""}>
      <td>
        <span
          className={color ? styles.swatch : `${styles.swatch} ${styles.swatchUndefined}`}
          style={color ? { background: color } : undefined}
          role="img"
          aria-label={t.colorOf(tag.name)}
          data-testid="tag-swatch"
        />
      </td>
      {mode === "edit" ? (
        <td colSpan={4}>
          <form className={styles.editRow} onSubmit={(e) => void save(e)}>
            <input type="text" required maxLength={40} aria-label={t.name} value={edit.name} onChange={(e) => setEdit({ ...edit, name: e.target.value })} data-testid="tag-edit-name" />
            <input type="color" className={styles.colorInput} aria-label={t.color} value={edit.color} onChange={(e) => setEdit({ ...edit, color: e.target.value })} data-testid="tag-edit-color" />
            <input
              type="text"
              maxLength={200}
              aria-label={t.description}
              placeholder={t.description}
              value={edit.description}
              onChange={(e) => setEdit({ ...edit, description: e.target.value })}
              data-testid="tag-edit-description"
            />
            <button className={page.button} type="submit" disabled={busy || !newName} data-testid="tag-save">
              {mergesInto ? t.merge : t.save}
            </button>
            <button className={page.ghost} type="button" onClick={() => setMode("view")} data-testid="tag-cancel">
              {t.cancel}
            </button>
            {mergesInto ? (
              <span className={styles.muted} data-testid="tag-merge-warning">
                {t.willMerge(mergesInto.name)}
              </span>
            ) : null}
          </form>
        </td>
      ) : (
        <>
          <td>
            <span className={styles.chip} style={color ? { background: color, color: textOn(color) } : undefined} data-testid="tag-name">
              {tag.name}
            </span>
          </td>
          <td>{tag.defined ? (tag.description ?? "") : <span className={styles.muted}>{t.typedOnly}</span>}</td>
          <td className={styles.count} data-testid="tag-open-count">
            {tag.openConversations}
          </td>
          <td>
            {props.editable && mode === "delete" ? (
              <span className={styles.confirm} data-testid="tag-delete-confirmation">
                {t.confirmDelete(tag.name, tag.openConversations)}
                <button className={styles.danger} type="button" disabled={busy} onClick={() => void remove()} data-testid="tag-delete-confirm">
                  {t.deleteYes}
                </button>
                <button className={page.ghost} type="button" onClick={() => setMode("view")}>
                  {t.cancel}
                </button>
              </span>
            ) : props.editable ? (
              <span className={styles.actions}>
                <button
                  className={page.ghost}
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    setEdit({ name: tag.name, color: tag.color ?? DEFAULT_TAG_COLOR, description: tag.description ?? "" });
                    setMode("edit");
                  }}
                  data-testid="tag-edit"
                >
                  {tag.defined ? t.edit : t.define}
                </button>
                <button className={page.ghost} type="button" disabled={busy} onClick={() => setMode("delete")} data-testid="tag-delete">
                  {t.delete}
                </button>
              </span>
            ) : null}
          </td>
        </>
      )}
    </tr>
  );
}
