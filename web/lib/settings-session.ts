"use client";

// The session and language every settings page shares, read once by the settings layout (app/settings/layout.tsx).
import type { Operator } from "@kaiwa/shared";
import { createContext, useContext } from "react";
import type { Locale } from "./i18n";

export interface SettingsSession {
  /** The signed-in operator; undefined while asked, null when nobody is signed in. */
  operator: Operator | null | undefined;
  locale: Locale;
  setLocale(locale: Locale): void;
  /** The operator changed (their profile was saved). */
  setOperator(operator: Operator): void;
}

export const SettingsSessionContext = createContext<SettingsSession | null>(null);

/** The settings area's session and language. */
export function useSettingsSession(): SettingsSession {
  const session = useContext(SettingsSessionContext);
  if (!session) throw new Error("useSettingsSession outside the settings layout");
  return session;
}
