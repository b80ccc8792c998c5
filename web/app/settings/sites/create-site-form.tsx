"use client";

import type { ApiError, TSiteCreate, WidgetSettings } from "@kaiwa/shared";
import { useState } from "react";
import { api } from "../../../lib/api-client";
import { describeError, type Locale } from "../../../lib/i18n";
import type { SitesDictionary } from "../../../lib/sites-i18n";
import shared from "../../feedback/early-access.module.css";
import styles from "./sites.module.css";

/** `POST /api/sites`: an admin adds a site; the new site's settings go to `onCreated`. */
export function CreateSiteForm(props: { t: SitesDictionary; locale: Locale; onCreated: (settings: WidgetSettings) => void }) {
  const { t } = props;
  const [form, setForm] = useState({ name: "", color: "#2563eb", greeting: "", locale: "" as "" | "ja" | "en" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const body: TSiteCreate = {
      name: form.name.trim(),
      color: form.color,
      greeting: form.greeting.trim() ? form.greeting.trim() : null,
      locale: form.locale === "" ? null : form.locale,
    };
    const r = await api.sites.create({ body });
    setBusy(false);
    if (r.error) {
      setCreated(null);
      return setError(r.error);
    }
    setError(null);
    setCreated(r.data.settings.name);
    setForm({ name: "", color: "#2563eb", greeting: "", locale: "" });
    props.onCreated(r.data.settings);
  };

  return (
    <section className={shared.card} aria-labelledby="create-site-title">
      <h2 id="create-site-title" className={styles.h2}>
        {t.create.title}
      </h2>
      <form className={styles.form} onSubmit={(e) => void submit(e)} data-testid="create-site">
        <div className={styles.row}>
          <label className={styles.field}>
            {t.create.name}
            <input type="text" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="create-site-name" />
          </label>
          <label className={styles.field}>
            {t.create.color}
            <span className={styles.colorPair}>
              <input type="color" value={form.color} onChange={(e) => setForm({ ...form, color: e.target.value })} data-testid="create-site-color" />
              <code>{form.color}</code>
            </span>
          </label>
          <label className={styles.field}>
            {t.create.language}
            <select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value as "" | "ja" | "en" })} data-testid="create-site-locale">
              <option value="">{t.form.languages.auto}</option>
              <option value="ja">{t.form.languages.ja}</option>
              <option value="en">{t.form.languages.en}</option>
            </select>
          </label>
        </div>
        <label className={styles.field}>
          {t.create.greeting}
          <input type="text" maxLength={500} value={form.greeting} onChange={(e) => setForm({ ...form, greeting: e.target.value })} data-testid="create-site-greeting" />
        </label>
        <div>
          <button className={shared.button} type="submit" disabled={busy || !form.name.trim()} data-testid="create-site-submit">
            {t.create.submit}
          </button>
        </div>
        {error ? (
          <p className={styles.error} role="alert" data-testid="create-site-error" data-code={error.code}>
            {error.code === "FORBIDDEN" ? t.adminOnly : describeError(props.locale, error)}
          </p>
        ) : null}
        {created ? (
          <p className={styles.ok} role="status" data-testid="create-site-done">
            {t.create.created(created)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
