"use client";

// What every settings page starts with: the language and the signed-in operator's role (from the settings layout),
// the page's list from the API, and `run` for one change at a time (busy while it runs, its error shown, the list
// reloaded after).
import type { ApiError, Result } from "@kaiwa/shared";
import { useCallback, useEffect, useState } from "react";
import { useSettingsSession } from "./settings-session";

/** `load` is a stable call of the typed client, e.g. `api.tags.list`. */
export function useSettingsPage<T>(load: () => Promise<Result<T>>) {
  const { locale, operator } = useSettingsSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const r = await load();
    if (r.error) return setError(r.error);
    setData(r.data);
  }, [load]);

  useEffect(() => {
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

  return { locale, data, role: operator?.role ?? null, error, busy, run };
}
