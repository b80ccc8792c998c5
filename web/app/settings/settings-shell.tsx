"use client";

import type { Operator } from "@kaiwa/shared";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { accountsDictionary } from "../../lib/accounts-i18n";
import { api } from "../../lib/api-client";
import type { Locale } from "../../lib/i18n";
import { rememberLocale } from "../../lib/locale-choice";
import { SettingsSessionContext } from "../../lib/settings-session";
import styles from "./settings.module.css";

type Link = { href: string; label: string; admin?: boolean };

/**
 * The settings area: one sidebar of every settings page the operator may use (admins see the workspace's), the page
 * beside it. The language comes from the server (no flash of another one); the session is asked once for all pages.
 */
export function SettingsShell({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  const pathname = usePathname();
  const t = accountsDictionary(locale);

  useEffect(() => {
    let live = true;
    void api.auth.me().then((r) => live && setOperator(r.data?.operator ?? null));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    rememberLocale(next);
  }, []);

  const admin = operator?.role === "admin";
  const groups: { title: string; links: Link[] }[] = [
    { title: t.nav.personal, links: [{ href: "/settings/account", label: t.nav.account }] },
    {
      title: t.nav.workspace,
      links: [
        { href: "/settings/sites", label: t.nav.sites, admin: true },
        { href: "/settings/operators", label: t.nav.operators, admin: true },
        { href: "/settings/tags", label: t.nav.tags, admin: true },
        { href: "/settings/canned", label: t.nav.canned },
        { href: "/settings/audit", label: t.nav.audit, admin: true },
        { href: "/settings/early-access", label: t.nav.earlyAccess, admin: true },
      ],
    },
  ];

  return (
    <SettingsSessionContext.Provider value={{ operator, locale, setLocale, setOperator }}>
      <div className={styles.shell}>
        <nav className={styles.sidebar} aria-label={t.nav.settings} data-testid="settings-sidebar">
          <a className={styles.back} href="/" data-testid="settings-back">
            ‹ {t.nav.console}
          </a>
          <p className={styles.heading}>{t.nav.settings}</p>
          {groups.map((g) => {
            const links = g.links.filter((l) => !l.admin || admin || operator === undefined);
            if (links.length === 0) return null;
            return (
              <div key={g.title} className={styles.group}>
                <p className={styles.groupTitle}>{g.title}</p>
                <ul className={styles.links}>
                  {links.map((l) => (
                    <li key={l.href}>
                      <a
                        href={l.href}
                        className={pathname === l.href ? styles.linkActive : styles.link}
                        aria-current={pathname === l.href ? "page" : undefined}
                        data-testid={`settings-link-${l.href.split("/").pop()}`}
                      >
                        {l.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <div className={styles.content}>
          {operator === null ? (
            <p className={styles.signIn} role="alert">
              <a href="/">{t.nav.signIn}</a>
            </p>
          ) : (
            children
          )}
        </div>
      </div>
    </SettingsSessionContext.Provider>
  );
}
