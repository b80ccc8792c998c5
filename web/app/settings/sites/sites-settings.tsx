"use client";

import type { ApiError, SiteInboxSettings, SiteSummary, WidgetSettings } from "@kaiwa/shared";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../../lib/api-client";
import { describeError, } from "../../../lib/i18n";
import { draftErrors, embedSnippet, fullHex, toDraft, toInboxPatch, toWidgetPatch, type SiteDraft } from "../../../lib/site-draft";
import { sitesDictionary } from "../../../lib/sites-i18n";
import { useSettingsSession } from "../../../lib/settings-session";
import { CopyBox } from "./copy-box";
import { CreateSiteForm } from "./create-site-form";
import { IdentitySection } from "./identity-section";
import { OpeningHoursEditor } from "./opening-hours-editor";
import shared from "../../feedback/early-access.module.css";
import styles from "./sites.module.css";

interface Loaded {
  settings: WidgetSettings;
  inbox: SiteInboxSettings;
}

type SaveState = { state: "idle" } | { state: "saving" } | { state: "saved" } | { state: "error"; error: ApiError | null };

/** `/settings/sites`: the workspace's sites; for the chosen one its embed code and every widget setting. */
export function SitesSettings() {
  const { locale } = useSettingsSession();
  const [origin, setOrigin] = useState("");
  const [sites, setSites] = useState<SiteSummary[] | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [draft, setDraft] = useState<SiteDraft | null>(null);
  const [siteError, setSiteError] = useState<ApiError | null>(null);
  const [save, setSave] = useState<SaveState>({ state: "idle" });
  const [showErrors, setShowErrors] = useState(false);
  const [identityBusy, setIdentityBusy] = useState(false);
  const [identityNote, setIdentityNote] = useState<ApiError | "done" | null>(null);
  const loading = useRef<string | null>(null);
  const t = sitesDictionary(locale);

  const loadSite = useCallback(async (siteId: string) => {
    loading.current = siteId;
    setSelected(siteId);
    setLoaded(null);
    setDraft(null);
    setSiteError(null);
    setSave({ state: "idle" });
    setShowErrors(false);
    setIdentityNote(null);
    const [w, i] = await Promise.all([
      api.sites.widget({ params: { siteId } }),
      api.sites.inbox({ params: { siteId } }),
    ]);
    if (loading.current !== siteId) return; // another site was chosen meanwhile
    const error = w.error ?? i.error;
    if (error) return setSiteError(error);
    setLoaded({ settings: w.data!.settings, inbox: i.data!.inbox });
    setDraft(toDraft(w.data!.settings, i.data!.inbox));
  }, []);

  useEffect(() => {
    setOrigin(window.location.origin);
    void (async () => {
      const r = await api.sites.list();
      if (r.error) return setListError(r.error);
      setSites(r.data.sites);
      const first = r.data.sites[0];
      if (first) await loadSite(first.siteId);
    })();
  }, [loadSite]);

  const saved = useMemo(() => (loaded ? toDraft(loaded.settings, loaded.inbox) : null), [loaded]);
  const dirty = !!draft && !!saved && JSON.stringify(draft) !== JSON.stringify(saved);
  const errors = useMemo(() => (draft ? draftErrors(draft) : new Set()), [draft]);
  const forbidden = listError?.code === "FORBIDDEN" || siteError?.code === "FORBIDDEN";

  const choose = (siteId: string) => {
    if (siteId === selected) return;
    if (dirty && !window.confirm(t.form.discard)) return;
    void loadSite(siteId);
  };

  const edit = (change: Partial<SiteDraft>) => {
    setDraft((d) => (d ? { ...d, ...change } : d));
    setSave((s) => (s.state === "saving" ? s : { state: "idle" }));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!draft || !loaded) return;
    if (errors.size > 0) {
      setShowErrors(true);
      return setSave({ state: "error", error: null });
    }
    setSave({ state: "saving" });
    const siteId = loaded.settings.siteId;
    const w = await api.sites.updateWidget({ params: { siteId }, body: toWidgetPatch(draft) });
    if (w.error) return setSave({ state: "error", error: w.error });
    let inbox = loaded.inbox;
    const inboxPatch = toInboxPatch(draft, loaded.inbox);
    if (inboxPatch) {
      const i = await api.sites.updateInbox({ params: { siteId }, body: inboxPatch });
      if (i.error) {
        // The widget part is stored; keep the assignment edits in the form so they can be saved again.
        setLoaded({ settings: w.data.settings, inbox });
        return setSave({ state: "error", error: i.error });
      }
      inbox = i.data.inbox;
    }
    setLoaded({ settings: w.data.settings, inbox });
    setDraft(toDraft(w.data.settings, inbox));
    setSites((list) => list?.map((s) => (s.siteId === siteId ? { ...s, name: w.data.settings.name } : s)) ?? list);
    setShowErrors(false);
    setSave({ state: "saved" });
  };

  const changeIdentity = async (secret: "generate" | null) => {
    if (!loaded) return;
    setIdentityBusy(true);
    const r = await api.sites.updateWidget({ params: { siteId: loaded.settings.siteId }, body: { identitySecret: secret } });
    setIdentityBusy(false);
    if (r.error) return setIdentityNote(r.error);
    // Only the secret changes: edits not yet saved in the form stay as they are.
    setLoaded((l) => (l ? { ...l, settings: { ...l.settings, identitySecret: r.data.settings.identitySecret } } : l));
    setIdentityNote("done");
  };

  const created = (settings: WidgetSettings) => {
    setSites((list) => [...(list ?? []), { siteId: settings.siteId, name: settings.name, siteKey: settings.siteKey }].sort((a, b) => a.name.localeCompare(b.name)));
    if (!dirty || window.confirm(t.form.discard)) void loadSite(settings.siteId);
  };

  const invalid = (field: "name" | "color" | "hours" | "maxUpload" | "capacity") => showErrors && errors.has(field);
  const current = sites?.find((s) => s.siteId === selected) ?? null;

  return (
    <main className={`${shared.page} ${styles.wide}`} lang={locale}>
      <h1>{t.title}</h1>
      <p className={shared.intro}>{t.intro}</p>

      {forbidden ? (
        <p className={styles.error} role="alert" data-testid="sites-error" data-code="FORBIDDEN">
          {t.adminOnly}
        </p>
      ) : listError ? (
        <p className={styles.error} role="alert" data-testid="sites-error" data-code={listError.code}>
          {describeError(locale, listError)}
        </p>
      ) : null}

      {sites && !forbidden ? (
        <div className={styles.layout}>
          <nav className={styles.siteList} aria-label={t.sites}>
            <h2 className={styles.h2}>{t.sites}</h2>
            {sites.length === 0 ? <p className={styles.hint}>{t.noSites}</p> : null}
            <ul>
              {sites.map((s) => (
                <li key={s.siteId}>
                  <button
                    type="button"
                    className={styles.siteButton}
                    aria-current={s.siteId === selected ? "true" : undefined}
                    onClick={() => choose(s.siteId)}
                    data-testid="site-item"
                    data-site-key={s.siteKey}
                  >
                    {s.name}
                  </button>
                </li>
              ))}
            </ul>
          </nav>

          <div className={styles.detail}>
            {siteError && !forbidden ? (
              <p className={styles.error} role="alert" data-testid="site-error" data-code={siteError.code}>
                {describeError(locale, siteError)}
              </p>
            ) : null}
            {selected && !loaded && !siteError ? <p className={styles.hint}>{t.loading}</p> : null}

            {loaded && draft && current ? (
              <>
                <section className={shared.card} aria-labelledby="embed-title" data-testid="embed">
                  <h2 id="embed-title" className={styles.h2}>
                    {t.embed.title}
                  </h2>
                  <p className={styles.hint}>{t.embed.hint}</p>
                  <p className={styles.keyLine}>
                    {t.embed.siteKey}: <code data-testid="site-key">{loaded.settings.siteKey}</code>
                  </p>
                  {origin ? (
                    <CopyBox
                      label={t.embed.title}
                      value={embedSnippet(origin, loaded.settings.siteKey)}
                      copy={t.embed.copy}
                      copied={t.embed.copied}
                      copyManually={t.embed.copyManually}
                      testId="embed-snippet"
                    />
                  ) : null}
                </section>

                <form className={`${shared.card} ${styles.form}`} onSubmit={(e) => void submit(e)} noValidate data-testid="site-form" data-site-id={loaded.settings.siteId}>
                  <fieldset className={styles.fieldset}>
                    <legend>{t.form.appearance}</legend>
                    <label className={styles.field}>
                      {t.form.name}
                      <input
                        type="text"
                        maxLength={200}
                        value={draft.name}
                        aria-invalid={invalid("name")}
                        onChange={(e) => edit({ name: e.target.value })}
                        data-testid="site-name"
                      />
                    </label>
                    <div className={styles.row}>
                      <label className={styles.field}>
                        {t.form.color}
                        <span className={styles.colorPair}>
                          <input type="color" value={fullHex(draft.color) ?? "#000000"} onChange={(e) => edit({ color: e.target.value })} data-testid="site-color" />
                          <input
                            type="text"
                            aria-label={t.form.colorHex}
                            className={styles.hex}
                            maxLength={7}
                            spellCheck={false}
                            value={draft.color}
                            aria-invalid={invalid("color")}
                            onChange={(e) => edit({ color: e.target.value.trim() })}
                            data-testid="site-color-hex"
                          />
                          <span className={styles.swatch} style={{ background: fullHex(draft.color) ?? "transparent" }} aria-hidden="true" />
                        </span>
                        {invalid("color") ? <span className={styles.fieldError}>{t.form.colorInvalid}</span> : null}
                      </label>
                      <label className={styles.field}>
                        {t.form.language}
                        <select value={draft.locale} onChange={(e) => edit({ locale: e.target.value as SiteDraft["locale"] })} data-testid="site-locale">
                          <option value="">{t.form.languages.auto}</option>
                          <option value="ja">{t.form.languages.ja}</option>
                          <option value="en">{t.form.languages.en}</option>
                        </select>
                      </label>
                      <label className={styles.field}>
                        {t.form.position}
                        <select value={draft.position} onChange={(e) => edit({ position: e.target.value as SiteDraft["position"] })} data-testid="site-position">
                          <option value="right">{t.form.positions.right}</option>
                          <option value="left">{t.form.positions.left}</option>
                        </select>
                      </label>
                    </div>
                    <label className={styles.field}>
                      {t.form.greeting}
                      <textarea rows={2} maxLength={500} value={draft.greeting} onChange={(e) => edit({ greeting: e.target.value })} data-testid="site-greeting" />
                      <span className={styles.hint}>{t.form.greetingHint}</span>
                    </label>
                  </fieldset>

                  <OpeningHoursEditor draft={draft} t={t} invalid={invalid("hours")} onChange={(next) => edit(next)} />

                  <fieldset className={styles.fieldset}>
                    <legend>{t.form.visitors}</legend>
                    <label className={styles.check}>
                      <input type="checkbox" checked={draft.askEmail} onChange={(e) => edit({ askEmail: e.target.checked })} data-testid="site-ask-email" />
                      {t.form.askEmail}
                    </label>
                    <label className={styles.check}>
                      <input type="checkbox" checked={draft.preChatForm} onChange={(e) => edit({ preChatForm: e.target.checked })} data-testid="site-prechat" />
                      {t.form.preChatForm}
                    </label>
                  </fieldset>

                  <fieldset className={styles.fieldset}>
                    <legend>{t.form.attachments}</legend>
                    <label className={styles.field}>
                      {t.form.maxUpload}
                      <input
                        type="number"
                        min={0.1}
                        max={25}
                        step={0.1}
                        className={styles.number}
                        value={draft.maxUploadMb}
                        aria-invalid={invalid("maxUpload")}
                        onChange={(e) => edit({ maxUploadMb: e.target.value })}
                        data-testid="site-max-upload"
                      />
                      <span className={invalid("maxUpload") ? styles.fieldError : styles.hint}>{invalid("maxUpload") ? t.form.maxUploadInvalid : t.form.maxUploadHint}</span>
                    </label>
                  </fieldset>

                  <fieldset className={styles.fieldset}>
                    <legend>{t.form.assignment}</legend>
                    <label className={styles.check}>
                      <input type="checkbox" checked={draft.autoAssign} onChange={(e) => edit({ autoAssign: e.target.checked })} data-testid="site-auto-assign" />
                      {t.form.autoAssign}
                    </label>
                    <label className={styles.check}>
                      <input type="checkbox" checked={draft.assignOnReply} onChange={(e) => edit({ assignOnReply: e.target.checked })} data-testid="site-assign-on-reply" />
                      {t.form.assignOnReply}
                    </label>
                    <label className={styles.field}>
                      {t.form.capacity}
                      <input
                        type="number"
                        min={1}
                        max={100}
                        step={1}
                        className={styles.number}
                        value={draft.capacity}
                        aria-invalid={invalid("capacity")}
                        onChange={(e) => edit({ capacity: e.target.value })}
                        data-testid="site-capacity"
                      />
                      {invalid("capacity") ? <span className={styles.fieldError}>{t.form.capacityInvalid}</span> : null}
                    </label>
                  </fieldset>

                  <div className={styles.saveBar}>
                    <button className={shared.button} type="submit" disabled={save.state === "saving"} data-testid="site-save">
                      {save.state === "saving" ? t.form.saving : t.form.save}
                    </button>
                    <span role="status" aria-live="polite" data-testid="site-save-state" data-state={save.state === "idle" && dirty ? "dirty" : save.state}>
                      {save.state === "saved" ? (
                        <span className={styles.ok}>{t.form.saved}</span>
                      ) : save.state === "error" ? (
                        <span className={styles.fieldError}>{save.error ? (save.error.code === "FORBIDDEN" ? t.adminOnly : describeError(locale, save.error)) : t.form.fixErrors}</span>
                      ) : dirty ? (
                        <span className={styles.hint}>{t.form.unsaved}</span>
                      ) : null}
                    </span>
                  </div>
                </form>

                <section className={shared.card}>
                  <IdentitySection secret={loaded.settings.identitySecret} t={t} busy={identityBusy} onChange={(s) => void changeIdentity(s)} />
                  {identityNote ? (
                    <p
                      className={identityNote === "done" ? styles.ok : styles.fieldError}
                      role={identityNote === "done" ? "status" : "alert"}
                      data-testid="identity-note"
                    >
                      {identityNote === "done" ? t.identity.done : identityNote.code === "FORBIDDEN" ? t.adminOnly : describeError(locale, identityNote)}
                    </p>
                  ) : null}
                </section>
              </>
            ) : null}

            <CreateSiteForm t={t} locale={locale} onCreated={created} />
          </div>
        </div>
      ) : null}
    </main>
  );
}
