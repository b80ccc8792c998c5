import type { OpeningWindow } from "@kaiwa/shared";

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday (0 = Sunday) and minutes since midnight of `at` on the wall clock of `timeZone`. */
export function wallClock(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: WEEKDAYS[get("weekday")] ?? 0, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when `at` falls in one of the weekly windows (in `timeZone`); no windows at all means always open. */
export function isOpenAt(windows: readonly OpeningWindow[] | null, timeZone: string, at: Date = new Date()): boolean {
  if (!windows || windows.length === 0) return true;
  let clock: { day: number; minutes: number };
  try {
    clock = wallClock(at, timeZone);
  } catch {
    clock = wallClock(at, "UTC"); // an unknown zone name: read the hours as UTC rather than refusing
  }
  return windows.some((w) => w.day === clock.day && clock.minutes >= toMinutes(w.open) && clock.minutes < toMinutes(w.close));
}
