import { headers } from "next/headers";
import { pickLocale } from "../lib/i18n";
import { ConsoleApp } from "./console/console-app";

/** `/`: the operator console. */
export default async function ConsolePage() {
  const locale = pickLocale((await headers()).get("accept-language"));
  return <ConsoleApp initialLocale={locale} />;
}
