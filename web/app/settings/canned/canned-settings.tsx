"use client";

import type { CannedResponse } from "@kaiwa/shared";
import { useState } from "react";
import { api } from "../../../lib/api-client";
import { cannedDictionary } from "../../../lib/canned-i18n";
import { describeError } from "../../../lib/i18n";
import { useSettingsPage } from "../../../lib/use-settings-page";
import { ConfirmAction } from "../../../components/confirm-action";
import styles from "../../feedback/early-access.module.css";

const BODY_MAX = 5000;

/** `/settings/canned`: everyone sees the workspace's canned responses; all but trainees add, edit and delete them. */
export function CannedSettings() {
  const { locale, data, role, error, busy, run } = useSettingsPage(api.canned.list);
  const canned = data?.canned ?? null;
  const [draft, setDraft] = useState({ shortcut: "", body: "" });
  const [editing, setEditing] = useState<{ id: string; shortcut: string; body: string } | null>(null);
  const t = cannedDictionary(locale);
  const canEdit = role !== null && role !== "trainee";

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await run(() => api.canned.create({ body: draft }))) setDraft({ shortcut: "", body: "" });
  };
  const saveEdit = async () => {
    if (!editing) return;
    const { id, ...body } = editing;
    if (await run(() => api.canned.update({ params: { id }, body }))) setEditing(null);
  };
  const remove = async (c: CannedResponse) => {
    await run(() => api.canned.delete({ params: { id: c.id } }));
  };

  return (
    <main className={styles.page}>
      <h1>{t.title}</h1>
      <p className={styles.intro}>{t.intro}</p>
      <p className={styles.intro}>{t.placeholders}</p>
      {error && (
        <p className={styles.error} role="alert" data-testid="canned-error" data-code={error.code}>
          {describeError(locale, error)}
        </p>
      )}
      {role === "trainee" && <p className={styles.intro}>{t.readOnly}</p>}
      {canned && (
        <section className={styles.card}>
          {canned.length === 0 ? (
            <p>{t.empty}</p>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{t.shortcut}</th>
                  <th>{t.body}</th>
                  {canEdit && <th>{t.actions}</th>}
                </tr>
              </thead>
              <tbody>
                {canned.map((c) =>
                  editing?.id === c.id ? (
                    <tr key={c.id} data-testid="canned-row" data-shortcut={c.shortcut}>
                      <td>
                        <input value={editing.shortcut} onChange={(e) => setEditing({ ...editing, shortcut: e.target.value })} aria-label={t.shortcut} maxLength={32} data-testid="canned-edit-shortcut" />
                      </td>
                      <td>
                        <textarea value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} aria-label={t.body} maxLength={BODY_MAX} rows={3} style={{ width: "100%" }} data-testid="canned-edit-body" />
                      </td>
                      <td>
                        <button type="button" className={styles.button} disabled={busy} onClick={() => void saveEdit()} data-testid="canned-edit-save">
                          {t.save}
                        </button>{" "}
                        <button type="button" className={styles.ghost} onClick={() => setEditing(null)}>
                          {t.cancel}
                        </button>
                      </td>
                    </tr>
                  ) : (
                    <tr key={c.id} data-testid="canned-row" data-shortcut={c.shortcut}>
                      <td>
                        <code>/{c.shortcut}</code>
                      </td>
                      <td style={{ whiteSpace: "pre-wrap" }}>{c.body}</td>
                      {canEdit && (
                        <td>
                          <button type="button" className={styles.ghost} disabled={busy} onClick={() => setEditing({ id: c.id, shortcut: c.shortcut, body: c.body })} data-testid="canned-edit">
                            {t.edit}
                          </button>{" "}
                          <ConfirmAction
                            className={styles.ghost}
                            label={t.remove}
                            question={t.confirmRemove(c.shortcut)}
                            confirmLabel={t.remove}
                            cancelLabel={t.cancel}
                            disabled={busy}
                            onConfirm={() => void remove(c)}
                            testId="canned-delete"
                          />
                        </td>
                      )}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )}
        </section>
      )}
      {canEdit && (
        <section className={styles.card}>
          <h2>{t.addTitle}</h2>
          <form className={styles.form} onSubmit={(e) => void add(e)}>
            <label>
              {t.shortcut}
              <input type="text" value={draft.shortcut} onChange={(e) => setDraft({ ...draft, shortcut: e.target.value })} maxLength={32} required placeholder="refund" title={t.shortcutHint} data-testid="canned-new-shortcut" />
            </label>
            <label>
              {t.body}
              <textarea value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} maxLength={BODY_MAX} rows={4} required data-testid="canned-new-body" />
            </label>
            <button type="submit" className={styles.button} disabled={busy || !draft.shortcut.trim() || !draft.body.trim()} data-testid="canned-add">
              {t.add}
            </button>
          </form>
        </section>
      )}
    </main>
  );
}
