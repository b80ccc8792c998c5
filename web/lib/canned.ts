// Canned responses in the reply box: `/` and a few letters offer them; placeholders are filled on insert.
import type { CannedResponse, Conversation } from "@kaiwa/shared";

/** The canned responses offered for what is typed: `/` then letters (no spaces), matched by shortcut prefix, then by substring. */
export function cannedSuggestions(list: CannedResponse[], text: string, max = 6): CannedResponse[] {
  const m = /^\/(\S*)$/u.exec(text);
  if (!m) return [];
  const q = (m[1] ?? "").toLowerCase();
  const prefix = list.filter((c) => c.shortcut.startsWith(q));
  const inside = list.filter((c) => !c.shortcut.startsWith(q) && (c.shortcut.includes(q) || c.body.toLowerCase().includes(q)));
  return [...prefix, ...inside].slice(0, max);
}

/** Fill `{{visitor.name}}`, `{{visitor.email}}` and `{{operator.name}}`; unknown placeholders stay as typed. */
export function fillPlaceholders(body: string, ctx: { conversation: Conversation | null; operatorName: string; fallbackName: string }): string {
  const values: Record<string, string> = {
    "visitor.name": ctx.conversation?.visitor.name || ctx.fallbackName,
    "visitor.email": ctx.conversation?.visitor.email ?? "",
    "operator.name": ctx.operatorName,
  };
  return body.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (all, key: string) => values[key.toLowerCase()] ?? all);
}
