"use client";

import { OPERATOR_ROLES, type ApiError, type Invitation, type OperatorAccount, type OperatorRole } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { accountsDictionary } from "../../../lib/accounts-i18n";
import { api } from "../../../lib/api-client";
import { describeError, } from "../../../lib/i18n";
import styles from "../../feedback/early-access.module.css";
import { ConfirmAction } from "../../../components/confirm-action";
import { useSettingsSession } from "../../../lib/settings-session";

/** `/settings/operators`: admins invite operators, change roles, deactivate and reactivate them. */
export function OperatorsSettings() {
  const { locale, operator: me } = useSettingsSession();
  const role = me?.role ?? null;
  const [operators, setOperators] = useState<OperatorAccount[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [invite, setInvite] = useState({ email: "", name: "", role: "operator" as OperatorRole });
  const [link, setLink] = useState<{ email: string; link: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = accountsDictionary(locale);

  const load = useCallback(async () => {
    const r = await api.operators.list();
    if (r.error) return setError(r.error);
    setOperators(r.data.operators);
    setInvitations(r.data.invitations);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const patch = async (id: string, body: { role?: OperatorRole; active?: boolean; capacity?: number | null }) => {
    setBusy(true);
    const r = await api.operators.update({ params: { operatorId: id }, body });
    setBusy(false);
    setError(r.error ?? null);
    await load();
  };

  const sendInvite = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await api.operators.invite({ body: invite });
    setBusy(false);
    if (r.error) return setError(r.error);
    setError(null);
    setLink({ email: r.data.invitation.email, link: r.data.link });
    setInvite({ email: "", name: "", role: "operator" });
    await load();
  };

  return (
    <main className={styles.page} lang={locale}>
      <h1>{t.operators.title}</h1>
      <p className={styles.intro}>{t.operators.intro}</p>
      {error ? (
        <p className={styles.error} role="alert" data-testid="operators-error" data-code={error.code}>
          {error.code === "FORBIDDEN" && role !== "admin" ? t.operators.adminOnly : describeError(locale, error)}
        </p>
      ) : null}
      {operators ? (
        <>
          <section className={styles.card}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{t.operators.name}</th>
                  <th>{t.operators.email}</th>
                  <th>{t.operators.role}</th>
                  <th title={t.operators.capacityHint}>{t.operators.capacity}</th>
                  <th>{t.operators.status}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {operators.map((o) => (
                  <tr key={o.id} data-testid="operator-row" data-email={o.email} data-active={o.active} data-role={o.role}>
                    <td>{o.name}</td>
                    <td>{o.email}</td>
                    <td>
                      <select
                        aria-label={`${t.operators.role}: ${o.name}`}
                        value={o.role}
                        disabled={busy}
                        onChange={(e) => void patch(o.id, { role: e.target.value as OperatorRole })}
                        data-testid="operator-role"
                      >
                        {OPERATOR_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t.roles[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <CapacityInput
                        key={String(o.capacity)}
                        value={o.capacity}
                        label={`${t.operators.capacity}: ${o.name}`}
                        placeholder={t.operators.siteDefault}
                        hint={t.operators.capacityHint}
                        disabled={busy}
                        onCommit={(capacity) => void patch(o.id, { capacity })}
                      />
                    </td>
                    <td>{o.active ? t.operators.active : t.operators.inactive}</td>
                    <td>
                      {o.active ? (
                        <ConfirmAction
                          className={styles.ghost}
                          label={t.operators.deactivate}
                          question={t.operators.confirmDeactivate(o.name)}
                          confirmLabel={t.operators.deactivate}
                          cancelLabel={t.operators.cancel}
                          disabled={busy}
                          onConfirm={() => void patch(o.id, { active: false })}
                          testId="operator-toggle-active"
                        />
                      ) : (
                        <button className={styles.ghost} type="button" disabled={busy} onClick={() => void patch(o.id, { active: true })} data-testid="operator-toggle-active">
                          {t.operators.reactivate}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className={styles.card}>
            <h2 style={{ fontSize: 15 }}>{t.operators.inviteTitle}</h2>
            <form className={styles.form} onSubmit={(e) => void sendInvite(e)}>
              <label>
                {t.operators.email}
                <input type="email" required value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} data-testid="invite-email" />
              </label>
              <label>
                {t.operators.name}
                <input required maxLength={100} value={invite.name} onChange={(e) => setInvite({ ...invite, name: e.target.value })} data-testid="invite-name" />
              </label>
              <label>
                {t.operators.role}
                <select value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value as OperatorRole })} data-testid="invite-role">
                  {OPERATOR_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t.roles[r]}
                    </option>
                  ))}
                </select>
              </label>
              <button className={styles.button} type="submit" disabled={busy} data-testid="invite-submit">
                {t.operators.invite}
              </button>
            </form>
            {link ? (
              <p data-testid="invite-link">
                {t.operators.invited(link.email)} <code>{link.link}</code>
              </p>
            ) : null}
            {invitations.length > 0 ? (
              <>
                <h3 style={{ fontSize: 14 }}>{t.operators.pending}</h3>
                <ul>
                  {invitations.map((i) => (
                    <li key={i.id} data-testid="invitation-row">
                      {i.name} &lt;{i.email}&gt; · {t.roles[i.role]} · {t.operators.expires}{" "}
                      {new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(i.expiresAt))}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </>
      ) : null}
    </main>
  );
}

/** An operator's own limit for automatic assignment: empty means the site's; saved on blur or Enter when changed. */
function CapacityInput(props: { value: number | null; label: string; placeholder: string; hint: string; disabled: boolean; onCommit: (v: number | null) => void }) {
  const [text, setText] = useState(props.value === null ? "" : String(props.value));
  const commit = () => {
    const next = text.trim() === "" ? null : Number.parseInt(text, 10);
    if (next !== null && (!Number.isFinite(next) || next < 0 || next > 100)) return setText(props.value === null ? "" : String(props.value));
    if (next !== props.value) props.onCommit(next);
  };
  return (
    <input
      type="number"
      min={0}
      max={100}
      inputMode="numeric"
      style={{ width: "9em" }}
      value={text}
      placeholder={props.placeholder}
      title={props.hint}
      aria-label={props.label}
      disabled={props.disabled}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
      data-testid="operator-capacity"
    />
  );
}
