import type { ReactNode } from "react";
import { serverLocale } from "../../lib/server-locale";
import { SettingsShell } from "./settings-shell";

/** Every `/settings/*` page: in the language this browser chose, beside the settings sidebar. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  return <SettingsShell initialLocale={await serverLocale()}>{children}</SettingsShell>;
}
