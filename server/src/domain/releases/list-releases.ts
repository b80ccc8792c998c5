import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ReleaseNote } from "@kaiwa/shared";
import matter from "gray-matter";
import { z } from "zod";

export const RELEASES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../releases");

/** Staging opens a release to early access about this long before production gets it. */
export const EARLY_ACCESS_DAYS = 30;

// YAML turns unquoted dates into Date objects; accept both that and a string.
const isoDate = z
  .union([z.date(), z.iso.date()])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
  .nullish();

const ZFrontMatter = z.object({
  version: z.union([z.string(), z.number()]).transform(String),
  title: z.string().min(1),
  stage: z.enum(["planned", "staging", "production"]),
  staging: isoDate,
  production: isoDate,
});

function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Parse one release file; throws with the file name when its front matter is wrong. */
export function parseRelease(file: string, source: string): ReleaseNote {
  const { data, content } = matter(source);
  const parsed = ZFrontMatter.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const fm = parsed.data;
  const stagingAt = fm.staging ?? null;
  const productionPlanned = !fm.production;
  return {
    version: fm.version,
    title: fm.title,
    stage: fm.stage,
    stagingAt,
    productionAt: fm.production ?? (stagingAt ? addDays(stagingAt, EARLY_ACCESS_DAYS) : null),
    productionPlanned,
    body: content.trim(),
  };
}

/**
 * The product release a stage runs: production the newest release in production; every other stage runs main, which
 * is the newest release on staging (else the newest in production).
 */
export function runningRelease(notes: ReleaseNote[], stage: string): string | null {
  const newest = (s: ReleaseNote["stage"]) => notes.find((n) => n.stage === s)?.version ?? null;
  return stage === "production" ? newest("production") : (newest("staging") ?? newest("production"));
}

/** Every release note in releases/, newest version first (by staging date, then version). */
export async function listReleases(dir: string = RELEASES_DIR): Promise<ReleaseNote[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md");
  const notes = await Promise.all(files.map(async (f) => parseRelease(f, await readFile(path.join(dir, f), "utf8"))));
  return notes.sort(
    (a, b) =>
      (b.stagingAt ?? "9999").localeCompare(a.stagingAt ?? "9999") ||
      b.version.localeCompare(a.version, "en", { numeric: true }),
  );
}
