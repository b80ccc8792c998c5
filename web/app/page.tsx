import { serverLocale } from "../lib/server-locale";
import { ConsoleApp } from "./console/console-app";

/** `/`: the operator console, rendered in the language this browser chose. */
export default async function ConsolePage() {
  return <ConsoleApp initialLocale={await serverLocale()} />;
}
