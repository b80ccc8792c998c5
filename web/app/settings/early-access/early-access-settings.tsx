"use client";

import type { ApiError, EarlyAccessState, Operator } from "@kaiwa/shared";
import { useEffect, useState } from "react";
import { api } from "../../../lib/api-client";
import { earlyAccessDictionary, } from "../../../lib/early-access-i18n";
import { describeError, } from "../../../lib/i18n";
import { useSettingsSession } from "../../../lib/settings-session";
import styles from "../../feedback/early-access.module.css";

/** Program membership of the caller's workspace and its flags; admins join or leave. */
export function EarlyAccessSettings() {
  const { locale } = useSettingsSession();
  const [state, setState] = useState<EarlyAccessState | null>(null);
  const [me, setMe] = useState<Operator | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const t = earlyAccessDictionary(locale);

  useEffect(() => {
    void (async () => {
      const [ea, who] = await Promise.all([api.earlyAccess.state(), api.auth.me()]);
      if (ea.error) return setError(ea.error);
      setState(ea.data);
      if (who.data) setMe(who.data.operator);
    })();
  }, []);

  const change = async (optedIn: boolean) => {
    setBusy(true);
    const r = await api.earlyAccess.set({ body: { optedIn } });
    setBusy(false);
    if (r.error) return setError(r.error);
    setError(null);
    setState(r.data);
  };

  const isAdmin = me?.role === "admin";
  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.settings.title}</h1>
      <p className={styles.intro}>{t.settings.intro}</p>
      {error ? (
        <p className={styles.error} role="alert">
          {describeError(locale, error)} {error.code === "UNAUTHENTICATED" ? <a href="/">{t.feedback.signIn}</a> : null}
        </p>
      ) : null}
      {state ? (
        <section className={styles.card}>
          <p data-testid="early-access-membership" data-opted-in={state.optedIn}>
            {state.optedIn && state.optedInAt
              ? t.settings.joined(new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(state.optedInAt)))
              : t.settings.notJoined}
          </p>
          {state.productTeam ? <p>{t.settings.productTeam}</p> : null}
          {isAdmin ? (
            <button className={styles.button} type="button" disabled={busy} onClick={() => void change(!state.optedIn)} data-testid="early-access-toggle">
              {state.optedIn ? t.settings.leave : t.settings.join}
            </button>
          ) : (
            <p className={styles.meta}>{t.settings.adminOnly}</p>
          )}
          <h2 style={{ fontSize: 15 }}>{t.settings.flags}</h2>
          <table className={styles.table}>
            <tbody>
              {Object.entries(state.flags).map(([flag, on]) => (
                <tr key={flag} data-testid="flag-row" data-flag={flag} data-on={on}>
                  <td>{t.flagNames[flag] ?? flag}</td>
                  <td>{on ? t.settings.on : t.settings.off}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
