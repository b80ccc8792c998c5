import { accountsDictionary } from "../../lib/accounts-i18n";
import type { Locale } from "../../lib/i18n";

/** Links between the account settings pages and back to the console. */
export function SettingsNav({ locale }: { locale: Locale }) {
  const t = accountsDictionary(locale);
  return (
    <nav style={{ display: "flex", gap: 16, fontSize: 14, marginBottom: 8 }} aria-label="settings">
      <a href="/">{t.nav.console}</a>
      <a href="/settings/sites">{t.nav.sites}</a>
      <a href="/settings/tags">{t.nav.tags}</a>
      <a href="/settings/canned">{t.nav.canned}</a>
      <a href="/settings/operators">{t.nav.operators}</a>
      <a href="/settings/audit">{t.nav.audit}</a>
      <a href="/settings/account">{t.nav.account}</a>
    </nav>
  );
}
