"use client";

import type { ApiError, AuditEntry } from "@kaiwa/shared";
import { useEffect, useState } from "react";
import { accountsDictionary } from "../../../lib/accounts-i18n";
import { api } from "../../../lib/api-client";
import { describeError, } from "../../../lib/i18n";
import styles from "../../feedback/early-access.module.css";
import { useSettingsSession } from "../../../lib/settings-session";

const describeDetail = (d: Record<string, unknown>) =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");

/** `/settings/audit`: the workspace's audit log, newest first (admins). */
export function AuditLog() {
  const { locale } = useSettingsSession();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const t = accountsDictionary(locale);

  useEffect(() => {
    void api.operators.audit().then((r) => (r.error ? setError(r.error) : setEntries(r.data.entries)));
  }, []);

  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.audit.title}</h1>
      <p className={styles.intro}>{t.audit.intro}</p>
      {error ? (
        <p className={styles.error} role="alert">
          {error.code === "FORBIDDEN" ? t.operators.adminOnly : describeError(locale, error)}
        </p>
      ) : null}
      {entries && entries.length === 0 ? <p>{t.audit.empty}</p> : null}
      {entries && entries.length > 0 ? (
        <section className={styles.card}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>{t.audit.when}</th>
                <th>{t.audit.who}</th>
                <th>{t.audit.action}</th>
                <th>{t.audit.detail}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td>{when.format(new Date(e.createdAt))}</td>
                  <td>{e.actorName ?? t.audit.viaLink}</td>
                  <td>{t.audit.actions[e.action] ?? e.action}</td>
                  <td>{describeDetail(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
