"use client";

import type { ApiError, Operator } from "@kaiwa/shared";
import { useState, type FormEvent } from "react";
import { api } from "../../lib/api-client";
import { describeError, dictionary, type Locale } from "../../lib/i18n";
import styles from "./console.module.css";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { LanguageToggle } from "./language-toggle";

/** Email and password sign-in; the server answers with an httpOnly session cookie. */
export function LoginForm({
  locale,
  onLocale,
  onSignedIn,
}: {
  locale: Locale;
  onLocale(locale: Locale): void;
  onSignedIn(operator: Operator): void;
}) {
  const t = dictionary(locale);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await api.auth.login({ body: { email: email.trim(), password } });
    setBusy(false);
    if (result.data) onSignedIn(result.data.operator);
    else {
      setError(result.error);
      setPassword("");
    }
  };

  return (
    <main className={styles.loginPage}>
      <form className={styles.loginCard} onSubmit={submit} noValidate>
        <div className={styles.loginHead}>
          <div className={styles.logo} aria-hidden="true">
            K
          </div>
          <div>
            <h1 className={styles.loginTitle}>Kaiwa</h1>
            <p className={styles.loginSubtitle}>{t.console.signInTitle}</p>
          </div>
        </div>
        <label className={styles.field}>
          <span>{t.console.email}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
            aria-invalid={error?.code === "INVALID_CREDENTIALS" || undefined}
          />
        </label>
        <label className={styles.field}>
          <span>{t.console.password}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
            aria-invalid={error?.code === "INVALID_CREDENTIALS" || undefined}
          />
        </label>
        {error && (
          <p className={styles.formError} role="alert" data-testid="login-error" data-code={error.code}>
            {describeError(locale, error)}
          </p>
        )}
        <button type="submit" className={styles.primaryButton} disabled={busy} data-testid="login-submit">
          {busy ? t.console.signingIn : t.console.signIn}
        </button>
        <div className={styles.loginFoot}>
          <a href="/reset-password" data-testid="forgot-password">
            {accountsDictionary(locale).password.forgot}
          </a>
          <LanguageToggle locale={locale} onLocale={onLocale} />
        </div>
      </form>
    </main>
  );
}
