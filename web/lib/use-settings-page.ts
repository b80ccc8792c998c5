"use client";

// What every settings page starts with: the stored language, the signed-in operator's role, the page's list from
// the API, and `run` for one change at a time (busy while it runs, its error shown, the list reloaded after).
import type { ApiError, OperatorRole, Result } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { storedLocale } from "./early-access-i18n";
import type { Locale } from "./i18n";
import { api } from "./api-client";

/** `load` is a stable call of the typed client, e.g. `api.tags.list`. */
export function useSettingsPage<T>(load: () => Promise<Result<T>>) {
  const [locale, setLocale] = useState<Locale>("en");
  const [data, setData] = useState<T | null>(null);
  const [role, setRole] = useState<OperatorRole | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const r = await load();
    if (r.error) return setError(r.error);
    setData(r.data);
  }, [load]);

  useEffect(() => {
    const l = storedLocale();
    setLocale(l);
    document.documentElement.lang = l;
    void api.auth.me().then((r) => setRole(r.data?.operator.role ?? null));
    void reload();
  }, [reload]);

  /** Run one change, show its error if any, and reload the list either way; true when it succeeded. */
  const run = async (request: () => Promise<{ error?: ApiError }>): Promise<boolean> => {
    setBusy(true);
    const r = await request();
    setBusy(false);
    setError(r.error ?? null);
    await reload();
    return !r.error;
  };

  return { locale, data, role, error, busy, run };
}
