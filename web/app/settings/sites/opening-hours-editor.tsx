"use client";

import { useMemo } from "react";
import { DEFAULT_WINDOW, windowInvalid, type DayDraft, type SiteDraft } from "../../../lib/site-draft";
import type { SitesDictionary } from "../../../lib/sites-i18n";
import styles from "./sites.module.css";

// Monday first, as a business week is read; `day` stays 0 = Sunday as the server stores it.
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** Every IANA zone the browser knows, with the current one kept even if this browser does not list it. */
function timeZones(current: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  const known = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
  return [...new Set([current, "UTC", ...known])].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

/** Business hours: "always open", the time zone, and per weekday closed or open in one or more windows. */
export function OpeningHoursEditor(props: { draft: SiteDraft; t: SitesDictionary; invalid: boolean; onChange: (next: Pick<SiteDraft, "alwaysOpen" | "timeZone" | "days">) => void }) {
  const { draft, t, onChange } = props;
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const setDay = (i: number, day: DayDraft) => onChange({ ...draft, days: draft.days.map((d, j) => (j === i ? day : d)) });

  return (
    <fieldset className={styles.fieldset} data-testid="hours">
      <legend>{props.t.form.hours}</legend>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={draft.alwaysOpen}
          onChange={(e) => onChange({ ...draft, alwaysOpen: e.target.checked })}
          data-testid="hours-always-open"
        />
        {t.form.alwaysOpen}
      </label>
      {draft.alwaysOpen ? null : (
        <>
          <label className={styles.field}>
            {t.form.timeZone}
            <select value={draft.timeZone} onChange={(e) => onChange({ ...draft, timeZone: e.target.value })} data-testid="hours-time-zone">
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <div className={styles.week}>
            {WEEK.map((i) => {
              const day = draft.days[i] ?? { open: false, windows: [] };
              return (
                <div key={i} className={styles.day} data-testid="hours-day" data-day={i}>
                  <label className={styles.check}>
                    <input
                      type="checkbox"
                      checked={day.open}
                      onChange={(e) => setDay(i, { open: e.target.checked, windows: e.target.checked && day.windows.length === 0 ? [{ ...DEFAULT_WINDOW }] : day.windows })}
                      data-testid="hours-day-open"
                    />
                    <span className={styles.dayName}>{t.weekdays[i]}</span>
                  </label>
                  {day.open ? (
                    <div className={styles.windows}>
                      {day.windows.map((w, k) => (
                        <div key={k} className={styles.window} data-invalid={windowInvalid(w) || undefined}>
                          <label>
                            <span className={styles.srOnly}>{`${t.weekdays[i]} ${t.form.from}`}</span>
                            <input
                              type="time"
                              value={w.open}
                              required
                              aria-invalid={windowInvalid(w)}
                              onChange={(e) => setDay(i, { ...day, windows: day.windows.map((x, m) => (m === k ? { ...x, open: e.target.value } : x)) })}
                              data-testid="hours-open"
                            />
                          </label>
                          <span aria-hidden="true">–</span>
                          <label>
                            <span className={styles.srOnly}>{`${t.weekdays[i]} ${t.form.to}`}</span>
                            <input
                              type="time"
                              value={w.close}
                              required
                              aria-invalid={windowInvalid(w)}
                              onChange={(e) => setDay(i, { ...day, windows: day.windows.map((x, m) => (m === k ? { ...x, close: e.target.value } : x)) })}
                              data-testid="hours-close"
                            />
                          </label>
                          <button
                            type="button"
                            className={styles.linkButton}
                            onClick={() => {
                              const windows = day.windows.filter((_, m) => m !== k);
                              setDay(i, { open: windows.length > 0, windows });
                            }}
                          >
                            {t.form.removeWindow}
                          </button>
                          {windowInvalid(w) ? <span className={styles.fieldError}>{t.form.windowInvalid}</span> : null}
                        </div>
                      ))}
                      <button
                        type="button"
                        className={styles.linkButton}
                        onClick={() => {
                          const last = day.windows[day.windows.length - 1];
                          setDay(i, { ...day, windows: [...day.windows, last && last.close < "23:00" ? { open: last.close, close: "23:59" } : { ...DEFAULT_WINDOW }] });
                        }}
                        data-testid="hours-add"
                      >
                        {t.form.addWindow}
                      </button>
                    </div>
                  ) : (
                    <span className={styles.hint}>{t.form.closedDay}</span>
                  )}
                </div>
              );
            })}
          </div>
          {props.invalid && !draft.days.some((d) => d.open && d.windows.length > 0) ? (
            <p className={styles.fieldError} role="alert">
              {t.form.noWindows}
            </p>
          ) : null}
        </>
      )}
    </fieldset>
  );
}
