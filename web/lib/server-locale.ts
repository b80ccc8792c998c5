// Server components only: reads the request's cookies and headers.
import { cookies, headers } from "next/headers";
import { pickLocale, type Locale } from "./i18n";
import { LOCALE_COOKIE } from "./locale-choice";

/** The language to render a console page in: the one this browser chose (cookie), else its Accept-Language. */
export async function serverLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (chosen === "ja" || chosen === "en") return chosen;
  return pickLocale((await headers()).get("accept-language"));
}
