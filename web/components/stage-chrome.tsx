"use client";

import type { VersionInfo } from "@kaiwa/shared";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "../lib/api-client";
import { earlyAccessDictionary, storedLocale } from "../lib/early-access-i18n";
import type { Locale } from "../lib/i18n";
import styles from "./stage-chrome.module.css";

const BANNER_PX = 34;
const FOOTER_PX = 26;

/** One request per page load, shared by the banner and the footer (and every later mount). */
let versionRequest: ReturnType<typeof api.earlyAccess.version> | null = null;

/** The stage this page is served from, fetched once (every page of one node shares it). */
function useVersion(): VersionInfo | null {
  const [version, setVersion] = useState<VersionInfo | null>(null);
  useEffect(() => {
    let live = true;
    versionRequest ??= api.earlyAccess.version().then((r) => {
      if (r.error) versionRequest = null; // asked again by the next page that mounts
      return r;
    });
    void versionRequest.then((r) => live && r.data && setVersion(r.data));
    return () => {
      live = false;
    };
  }, []);
  return version;
}

function useLocale(): Locale {
  const [locale, setLocale] = useState<Locale>("en");
  useEffect(() => {
    const read = () => setLocale(storedLocale());
    read();
    // The console changes the language without a reload; follow its <html lang>.
    const observer = new MutationObserver(() => {
      const lang = document.documentElement.lang;
      setLocale(lang === "ja" ? "ja" : lang === "en" ? "en" : storedLocale());
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    return () => observer.disconnect();
  }, []);
  return locale;
}

/**
 * The early-access banner (staging only) above every console page and the stage footer below it: stage, release,
 * commit, and a review app's pull request. Not shown inside the widget's iframe.
 */
export function StageChrome({ position }: { position: "top" | "bottom" }) {
  const pathname = usePathname();
  const version = useVersion();
  const locale = useLocale();
  const t = earlyAccessDictionary(locale);
  const hidden = pathname?.startsWith("/widget") ?? false;
  const showBanner = !hidden && version?.stage === "staging";

  // Pages that fill the viewport leave room for the chrome through this variable.
  useEffect(() => {
    if (position !== "top") return;
    const px = hidden ? 0 : FOOTER_PX + (showBanner ? BANNER_PX : 0);
    document.documentElement.style.setProperty("--stage-chrome-height", `${px}px`);
  }, [position, hidden, showBanner]);

  if (hidden) return null;
  if (position === "top") {
    if (!showBanner) return null;
    return (
      <div className={styles.banner} role="region" aria-label={t.banner} data-testid="early-access-banner" lang={locale}>
        <span className={styles.badge}>Early access</span>
        <span>{t.banner}</span>
        <a href="/feedback" data-testid="early-access-feedback-link">
          {t.bannerLink}
        </a>
      </div>
    );
  }
  return (
    <footer className={styles.footer} data-testid="stage-footer" data-stage={version?.stage ?? ""} lang={locale}>
      <span className={styles.stage} data-testid="stage-name">
        Kaiwa · {version ? (t.stage[version.stage] ?? version.stage) : "…"}
      </span>
      {version?.pullRequest ? <span data-testid="stage-pr">{t.footer.pr(version.pullRequest)}</span> : null}
      {version?.version ? (
        <span>
          {t.footer.release} <span className={styles.code} data-testid="stage-version">{version.version}</span>
        </span>
      ) : null}
      {version?.release ? (
        <span title={t.footer.deployHint}>
          {t.footer.deploy} <span className={styles.code} data-testid="stage-release">{version.release}</span>
        </span>
      ) : null}
      {version?.commit ? (
        <span title={version.commit}>
          {t.footer.commit} <span className={styles.code} data-testid="stage-commit">{version.commit.slice(0, 7)}</span>
        </span>
      ) : null}
      <span className={styles.spacer} />
      <a href="/">{t.footer.console}</a>
      <a href="/releases">{t.footer.releases}</a>
      <a href="/feedback">{t.footer.feedback}</a>
      <a href="/settings/early-access">{t.footer.settings}</a>
    </footer>
  );
}
