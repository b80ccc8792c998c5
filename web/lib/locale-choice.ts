// The console's language, chosen once and known before the first paint: kept in this browser (localStorage, which
// the console read first) and in a cookie the server reads to render a page in it, so no page flashes in English.
import { browserLanguage, pickLocale, type Locale } from "./i18n";
import { readStored, writeStored } from "./storage";

export const LOCALE_KEY = "kaiwa:locale";
export const LOCALE_COOKIE = "kaiwa_locale";

/** The language this browser chose, else the browser's own. */
export function chosenLocale(): Locale {
  const stored = readStored(LOCALE_KEY);
  return stored === "ja" || stored === "en" ? stored : pickLocale(browserLanguage());
}

/** Remember a language for every page of the console (and tell the server through the cookie). */
export function rememberLocale(locale: Locale): void {
  writeStored(LOCALE_KEY, locale);
  // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie, no need for the Cookie Store API
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}
