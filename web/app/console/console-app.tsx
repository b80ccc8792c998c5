"use client";

import type { Operator } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../lib/api-client";
import { browserLanguage, describeError, dictionary, pickLocale, type Locale } from "../../lib/i18n";
import { readStored, writeStored } from "../../lib/storage";
import { ConsoleView } from "./console-view";
import styles from "./console.module.css";
import { LoginForm } from "./login-form";

type Auth =
  | { status: "checking" }
  | { status: "signedOut" }
  | { status: "error"; code: Parameters<typeof describeError>[1] }
  | { status: "signedIn"; operator: Operator };

const LOCALE_KEY = "kaiwa:locale";

/** The console shell: who is signed in, and in which language the console speaks. */
export function ConsoleApp({ initialLocale }: { initialLocale: Locale }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [auth, setAuth] = useState<Auth>({ status: "checking" });
  const t = dictionary(locale);

  useEffect(() => {
    const stored = readStored(LOCALE_KEY);
    setLocale(stored === "ja" || stored === "en" ? stored : pickLocale(browserLanguage()));
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t.console.title;
  }, [locale, t]);

  const changeLocale = useCallback((next: Locale) => {
    setLocale(next);
    writeStored(LOCALE_KEY, next);
  }, []);

  const checkSession = useCallback(async () => {
    setAuth({ status: "checking" });
    const me = await api.auth.me();
    if (me.data) setAuth({ status: "signedIn", operator: me.data.operator });
    else if (me.error.code === "UNAUTHENTICATED") setAuth({ status: "signedOut" });
    else setAuth({ status: "error", code: me.error });
  }, []);

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
          onSignedIn={(operator) => setAuth({ status: "signedIn", operator })}
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
