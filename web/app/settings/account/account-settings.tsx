"use client";

import type { ApiError, Operator, OwnSession } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { accountsDictionary } from "../../../lib/accounts-i18n";
import { api } from "../../../lib/api-client";
import type { Locale } from "../../../lib/i18n";
import { useSettingsSession } from "../../../lib/settings-session";
import styles from "../../feedback/early-access.module.css";
import { ErrorLine } from "./password-forms";

/** `/settings/account`: the signed-in operator's profile, password and sessions. */
export function AccountSettings() {
  const { operator, locale } = useSettingsSession();
  const t = accountsDictionary(locale);
  if (!operator) return null;
  return (
    <main className={styles.page}>
      <h1>{t.account.title}</h1>
      <p className={styles.intro}>{operator.email}</p>
      <ProfileForm key={operator.id} operator={operator} />
      <ChangePasswordForm locale={locale} />
      <Sessions locale={locale} />
    </main>
  );
}

function ProfileForm({ operator }: { operator: Operator }) {
  const { locale, setLocale, setOperator } = useSettingsSession();
  const t = accountsDictionary(locale);
  const [form, setForm] = useState({
    name: operator.name,
    displayName: operator.displayName ?? "",
    locale: (operator.locale ?? "") as Locale | "",
    signature: operator.signature ?? "",
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api.auth.updateProfile({
      body: {
        name: form.name.trim(),
        displayName: form.displayName.trim() || null,
        locale: form.locale === "" ? null : form.locale,
        signature: form.signature.trim() ? form.signature : null,
      },
    });
    setError(r.error ?? null);
    setSaved(!r.error);
    if (r.error) return;
    setOperator(r.data.operator);
    // The chosen language applies at once, here and on the console's next load.
    if (r.data.operator.locale) setLocale(r.data.operator.locale);
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => {
      setSaved(false);
      setForm((f) => ({ ...f, [key]: e.target.value }));
    },
    "data-testid": `profile-${key}`,
  });
  return (
    <section className={styles.card} aria-labelledby="profile-title">
      <h2 id="profile-title">{t.account.profile}</h2>
      <form className={styles.form} onSubmit={(e) => void submit(e)}>
        <label>
          {t.account.name}
          <input type="text" required maxLength={100} autoComplete="name" {...field("name")} />
        </label>
        <label>
          {t.account.displayName}
          <input type="text" maxLength={100} placeholder={form.name} aria-describedby="display-name-hint" {...field("displayName")} />
          <span id="display-name-hint" className={styles.meta}>
            {t.account.displayNameHint}
          </span>
        </label>
        <label>
          {t.account.language}
          <select {...field("locale")}>
            <option value="">{t.account.browserLanguage}</option>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
        <label>
          {t.account.signature}
          <textarea rows={3} maxLength={1000} aria-describedby="signature-hint" {...field("signature")} />
          <span id="signature-hint" className={styles.meta}>
            {t.account.signatureHint}
          </span>
        </label>
        <ErrorLine locale={locale} error={error} />
        {saved ? (
          <p role="status" data-testid="profile-saved">
            {t.account.saved}
          </p>
        ) : null}
        <button className={styles.button} type="submit" data-testid="profile-save">
          {t.account.save}
        </button>
      </form>
    </section>
  );
}

function ChangePasswordForm({ locale }: { locale: Locale }) {
  const t = accountsDictionary(locale);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api.auth.changePassword({ body: { currentPassword: current, newPassword: next } });
    setError(r.error ?? null);
    setDone(!r.error);
    if (!r.error) {
      setCurrent("");
      setNext("");
    }
  };
  return (
    <section className={styles.card} aria-labelledby="password-title">
      <h2 id="password-title">{t.password.changeTitle}</h2>
      <form className={styles.form} onSubmit={(e) => void submit(e)}>
        <label>
          {t.password.current}
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="current-password" />
        </label>
        <label>
          {t.password.next}
          <input type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} data-testid="new-password" />
        </label>
        <ErrorLine locale={locale} error={error} />
        {done ? (
          <p role="status" data-testid="form-done">
            {t.password.changed}
          </p>
        ) : null}
        <button className={styles.button} type="submit" data-testid="password-submit">
          {t.password.change}
        </button>
      </form>
    </section>
  );
}

function Sessions({ locale }: { locale: Locale }) {
  const t = accountsDictionary(locale);
  const [sessions, setSessions] = useState<OwnSession[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [ended, setEnded] = useState<number | null>(null);
  const load = useCallback(async () => {
    const r = await api.auth.sessions();
    if (r.error) setError(r.error);
    else setSessions(r.data.sessions);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const endOthers = async () => {
    const r = await api.auth.endOtherSessions();
    setError(r.error ?? null);
    if (!r.error) setEnded(r.data.ended);
    await load();
  };
  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  return (
    <section className={styles.card} aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t.account.sessions}</h2>
      <p className={styles.intro}>{t.account.sessionsIntro}</p>
      <ul data-testid="sessions">
        {(sessions ?? []).map((s) => (
          <li key={s.id} data-testid="session" data-current={s.current}>
            {t.account.signedInAt(when(s.createdAt))}
            {s.current ? <strong> · {t.account.thisDevice}</strong> : null}
          </li>
        ))}
      </ul>
      <ErrorLine locale={locale} error={error} />
      {ended !== null ? (
        <p role="status" data-testid="sessions-ended">
          {t.account.ended(ended)}
        </p>
      ) : null}
      <button type="button" className={styles.ghost} onClick={() => void endOthers()} data-testid="sessions-end-others">
        {t.account.endOthers}
      </button>
    </section>
  );
}
