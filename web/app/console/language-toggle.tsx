"use client";

import { LOCALES, dictionary, type Locale } from "../../lib/i18n";
import styles from "./console.module.css";

/** 日本語 | English */
export function LanguageToggle({ locale, onLocale }: { locale: Locale; onLocale(locale: Locale): void }) {
  return (
    <div className={styles.segmented} role="group" aria-label={dictionary(locale).console.language}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          className={l === locale ? styles.segmentActive : styles.segment}
          onClick={() => onLocale(l)}
        >
          {l === "ja" ? "日本語" : "EN"}
        </button>
      ))}
    </div>
  );
}
