// Text that crosses the contract: every inbound string is built from `zText()`, so a NUL character (which Postgres
// text and jsonb cannot hold) or an unpaired UTF-16 surrogate (not Unicode at all: a jsonb escape Postgres refuses,
// silently turned into U+FFFD in a text column) is refused at the schema with a VALIDATION error naming the field,
// before any handler or query sees it.
import { z } from "zod";

// With the `u` flag a lone surrogate is a code point of category Cs; a well-formed pair is one code point that is not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is refused.
const NOT_STORABLE = /[\u0000\p{Cs}]/u;

/** True when `s` holds no NUL character and no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !NOT_STORABLE.test(s);
}

/** The check every inbound string carries (one instance, so a test can find it on any schema of the contract). */
export const STORABLE_TEXT = z.refine<string>(isStorableText, {
  error: (issue) => (String(issue.input).includes("\u0000") ? "must not contain a NUL character" : "is not valid Unicode (an unpaired surrogate)"),
});

/** An inbound string: `z.string()` that refuses NUL characters and unpaired surrogates; chain limits after it. */
export const zText = () => z.string().check(STORABLE_TEXT);
