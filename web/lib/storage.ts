// localStorage can throw (disabled storage, some privacy modes, partitioned third-party frames):
// the chat then works for this page view only.
const memory = new Map<string, string>();

/** Read a value, or null. */
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

/** Write a value (null removes it). */
export function writeStored(key: string, value: string | null): void {
  if (value === null) memory.delete(key);
  else memory.set(key, value);
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Kept in memory only.
  }
}
