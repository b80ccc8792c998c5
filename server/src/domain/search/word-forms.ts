import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

/** Kana, kanji and half-width katakana: the same ranges as kaiwa_search_tokens() in migration 0001. */
export const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+/gu;
export const WORD = /[\p{L}\p{N}]+/gu;

/** The lower-cased words of a search outside CJK runs, each once. */
export function searchWords(text: string): string[] {
  return [...new Set(text.toLowerCase().replace(CJK_RUN, " ").match(WORD) ?? [])];
}

/**
 * The forms a searched word also stands for, as prefixes: the word itself and its English stem from Postgres's own
 * Snowball stemmer ("packages" and "package" both stem to "packag"), with the stem's final i also as y ("deliveries"
 * stems to "deliveri", which "delivery" does not start with). Stems shorter than 3 letters are left out.
 */
export async function wordForms(db: Db, words: string[]): Promise<Map<string, string[]>> {
  const forms = new Map(words.map((w) => [w, [w]]));
  const latin = words.filter((w) => /^[a-z]+$/.test(w) && w.length > 3);
  if (latin.length === 0) return forms;
  const result = (await db.execute(
    sql`select w, (ts_lexize('english_stem', w))[1] as stem from unnest(${`{${latin.join(",")}}`}::text[]) as w`,
  )) as unknown as { rows: { w: string; stem: string | null }[] };
  for (const { w, stem } of result.rows) {
    if (!stem || stem.length < 3) continue;
    const list = forms.get(w) ?? [w];
    for (const f of [stem, stem.endsWith("i") ? `${stem.slice(0, -1)}y` : null]) if (f && !list.some((x) => f.startsWith(x))) list.push(f);
    forms.set(w, list);
  }
  return forms;
}
