"use client";

import type { Operator } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../lib/api-client";
import { describeError, dictionary, type Locale } from "../../lib/i18n";
import { chosenLocale, rememberLocale } from "../../lib/locale-choice";
import { ConsoleView } from "./console-view";
import styles from "./console.module.css";
import { LoginForm } from "./login-form";

type Auth =
  | { status: "checking" }
  | { status: "signedOut" }
  | { status: "error"; code: Parameters<typeof describeError>[1] }
  | { status: "signedIn"; operator: Operator };

/** The console shell: who is signed in, and in which language the console speaks. */
export function ConsoleApp({ initialLocale }: { initialLocale: Locale }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [auth, setAuth] = useState<Auth>({ status: "checking" });
  const t = dictionary(locale);

  // A browser that chose before the cookie existed (localStorage only): take its choice and remember it for the server.
  useEffect(() => {
    const chosen = chosenLocale();
    if (chosen !== initialLocale) {
      setLocale(chosen);
      rememberLocale(chosen);
    }
  }, [initialLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    // Signed in, the console's view keeps the title (with its unread count).
    if (auth.status !== "signedIn") document.title = t.console.title;
  }, [locale, t, auth.status]);

  const changeLocale = useCallback((next: Locale) => {
    setLocale(next);
    rememberLocale(next);
  }, []);

  const checkSession = useCallback(async () => {
    setAuth({ status: "checking" });
    const me = await api.auth.me();
    if (me.data) {
      // The language saved on the account wins on every browser they sign in to.
      if (me.data.operator.locale) changeLocale(me.data.operator.locale);
      setAuth({ status: "signedIn", operator: me.data.operator });
    }
    else if (me.error.code === "UNAUTHENTICATED") setAuth({ status: "signedOut" });
    else setAuth({ status: "error", code: me.error });
  }, [changeLocale]);

  useEffect(() => {
    void checkSession();
  }, [checkSession]);

  switch (auth.status) {
    case "checking":
      return (
        <div className={styles.splash} aria-busy="true">
          <span className={styles.spinner} aria-hidden="true" />
          <span className="visually-hidden">{t.console.loading}</span>
        </div>
      );
    case "error":
      return (
        <div className={styles.splash} role="alert">
          <p>{describeError(locale, auth.code)}</p>
          <button type="button" className={styles.secondaryButton} onClick={() => void checkSession()}>
            {t.widget.tryAgain}
          </button>
        </div>
      );
    case "signedOut":
      return (
        <LoginForm
          locale={locale}
          onLocale={changeLocale}
          onSignedIn={(operator) => {
            if (operator.locale) changeLocale(operator.locale);
            setAuth({ status: "signedIn", operator });
          }}
        />
      );
    case "signedIn":
      return (
        <ConsoleView
          key={auth.operator.id}
          operator={auth.operator}
          locale={locale}
          onLocale={changeLocale}
          onSignedOut={() => setAuth({ status: "signedOut" })}
        />
      );
  }
}
