"use client";

import type { ApiError, ReleaseNote } from "@kaiwa/shared";
import { useEffect, useState } from "react";
import Markdown from "react-markdown";
import { api } from "../../lib/api-client";
import { earlyAccessDictionary, storedLocale } from "../../lib/early-access-i18n";
import { describeError, type Locale } from "../../lib/i18n";
import styles from "../feedback/early-access.module.css";

function formatDay(locale: Locale, iso: string | null, fallback: string): string {
  if (!iso) return fallback;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** The calendar (which stage each release is on, when staging and production get it) and each release's notes. */
export function ReleaseNotes() {
  const [locale, setLocale] = useState<Locale>("en");
  const [releases, setReleases] = useState<ReleaseNote[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const t = earlyAccessDictionary(locale).releases;

  useEffect(() => {
    const l = storedLocale();
    setLocale(l);
    document.documentElement.lang = l;
    void api.earlyAccess.releases().then((r) => (r.data ? setReleases(r.data.releases) : setError(r.error)));
  }, []);

  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.title}</h1>
      <p className={styles.intro}>{t.intro}</p>
      {error ? (
        <p className={styles.error} role="alert">
          {describeError(locale, error)}
        </p>
      ) : null}
      {releases ? (
        <>
          <section className={styles.card} aria-labelledby="calendar">
            <h2 id="calendar" style={{ fontSize: 15, marginTop: 0 }}>
              {t.calendar}
            </h2>
            <table className={styles.table} data-testid="release-calendar">
              <thead>
                <tr>
                  <th>{t.version}</th>
                  <th>{t.stage}</th>
                  <th>{t.stagingAt}</th>
                  <th>{t.productionAt}</th>
                </tr>
              </thead>
              <tbody>
                {releases.map((r) => (
                  <tr key={r.version} data-testid="release-row" data-version={r.version} data-stage={r.stage}>
                    <td>
                      <a href={`#v${r.version}`}>{r.version}</a>
                    </td>
                    <td>{t.stages[r.stage]}</td>
                    <td>{formatDay(locale, r.stagingAt, t.tbd)}</td>
                    <td>
                      {formatDay(locale, r.productionAt, t.tbd)}
                      {r.productionAt && r.productionPlanned ? ` (${t.planned})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {releases.map((r) => (
            <article key={r.version} id={`v${r.version}`} className={styles.card} data-testid="release-note">
              <h2 style={{ fontSize: 17, margin: 0 }}>
                {r.version} · {r.title}
              </h2>
              <div className={styles.meta}>
                {t.stages[r.stage]} · <a href={`/feedback?release=${encodeURIComponent(r.version)}`}>{t.feedbackOn}</a>
              </div>
              {/* Markdown to React elements; raw HTML in a note is dropped, never injected. */}
              <div className={styles.markdown}>
                <Markdown skipHtml>{r.body}</Markdown>
              </div>
            </article>
          ))}
        </>
      ) : null}
    </main>
  );
}
