"use client";

import type { ApiError } from "@kaiwa/shared";
import { useEffect, useState } from "react";
import { accountsDictionary } from "../../../lib/accounts-i18n";
import { api } from "../../../lib/api-client";
import { storedLocale } from "../../../lib/early-access-i18n";
import { describeError, type Locale } from "../../../lib/i18n";
import styles from "../../feedback/early-access.module.css";

function useLocale(): Locale {
  const [locale, setLocale] = useState<Locale>("en");
  useEffect(() => {
    const l = storedLocale();
    setLocale(l);
    document.documentElement.lang = l;
  }, []);
  return locale;
}

/** The token of a one-time link: kept in the fragment, so it never reaches a server log or a Referer header. */
function useLinkToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const read = () => setToken(new URLSearchParams(window.location.hash.slice(1)).get("token"));
    read();
    // Opening the mailed link in the tab that asked for it changes only the fragment.
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  return token;
}

export function ErrorLine({ locale, error }: { locale: Locale; error: ApiError | null }) {
  return error ? (
    <p className={styles.error} role="alert" data-testid="form-error" data-code={error.code}>
      {describeError(locale, error)}
    </p>
  ) : null;
}

/** `/reset-password`: ask for a link (no token), or set a new password (token in the link's fragment). */
export function ResetPasswordForm() {
  const locale = useLocale();
  const token = useLinkToken();
  const t = accountsDictionary(locale);
  const [value, setValue] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    setDone(false);
    setError(null);
    setValue("");
  }, [token]);
  if (token === undefined) return null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = token
      ? await api.auth.resetPassword({ body: { token, newPassword: value } })
      : await api.auth.requestPasswordReset({ body: { email: value } });
    setError(r.error ?? null);
    setDone(!r.error);
  };
  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.password.resetTitle}</h1>
      {done ? (
        <p role="status" data-testid="form-done">
          {token ? t.password.done : t.password.sent} {token ? <a href="/">{t.password.signIn}</a> : null}
        </p>
      ) : (
        <form className={`${styles.card} ${styles.form}`} onSubmit={(e) => void submit(e)}>
          {token ? null : <p className={styles.intro}>{t.password.resetIntro}</p>}
          <label>
            {token ? t.password.next : t.operators.email}
            <input
              type={token ? "password" : "email"}
              autoComplete={token ? "new-password" : "username"}
              required
              minLength={token ? 10 : undefined}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              data-testid={token ? "new-password" : "reset-email"}
            />
          </label>
          <ErrorLine locale={locale} error={error} />
          <button className={styles.button} type="submit" data-testid="reset-submit">
            {token ? t.password.set : t.password.send}
          </button>
        </form>
      )}
    </main>
  );
}

/** `/accept-invitation`: a new operator chooses a password through the invitation link. */
export function AcceptInvitationForm() {
  const locale = useLocale();
  const token = useLinkToken();
  const t = accountsDictionary(locale);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(token === null ? { code: "LINK_INVALID", message: "" } : null);
  const [done, setDone] = useState(false);
  if (token === undefined) return null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api.auth.acceptInvitation({ body: { token: token ?? "", password } });
    setError(r.error ?? null);
    setDone(!r.error);
  };
  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.invitation.title}</h1>
      {done ? (
        <p role="status" data-testid="form-done">
          {t.invitation.done} <a href="/">{t.password.signIn}</a>
        </p>
      ) : (
        <form className={`${styles.card} ${styles.form}`} onSubmit={(e) => void submit(e)}>
          <p className={styles.intro}>{t.invitation.intro}</p>
          <label>
            {t.password.next}
            <input type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-password" />
          </label>
          <ErrorLine locale={locale} error={error} />
          <button className={styles.button} type="submit" data-testid="invitation-submit">
            {t.invitation.join}
          </button>
        </form>
      )}
    </main>
  );
}
