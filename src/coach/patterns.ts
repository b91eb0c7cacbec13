import { z } from 'zod';

// Regular expressions kept as data (the draft reviewer's rules, the journal answers): checked once when the data
// is read, compiled once when first used.

/** A regular expression source that must compile (case-insensitive, Unicode). */
export const PatternSchema = z.string().min(1).refine(compiles, { message: 'not a valid regular expression' });

/** A pattern as written (`iu`), and the same pattern for texts that are all ASCII (`i`), when it has one. */
interface Compiled {
  full: RegExp;
  ascii: RegExp | undefined;
}

const cache = new Map<string, Compiled>();

// V8 runs a case-insensitive Unicode pattern an order of magnitude slower than the same pattern without `u`.
// On a text that is all ASCII the two find the same matches as long as the pattern itself is plain ASCII and
// uses no escape that means something else without `u` (\p, \u{...}, \k, \c): Unicode case folding then only
// pairs ASCII letters, as ASCII case-insensitivity does, and there are no surrogate pairs for `u` to join.
const ASCII_TEXT = /^[^\u0080-\uFFFF]*$/;
const NOT_PLAIN_ASCII = /[^\x20-\x7E]|\\[pPuck]/;

/** True when any of `patterns` matches `text`. */
export function anyMatch(patterns: readonly string[], text: string): boolean {
  const ascii = ASCII_TEXT.test(text);
  return patterns.some((source) => {
    const pattern = compiled(source);
    return ((ascii ? pattern.ascii : undefined) ?? pattern.full).test(text);
  });
}

function compiled(source: string): Compiled {
  let pattern = cache.get(source);
  if (!pattern) {
    pattern = { full: new RegExp(source, 'iu'), ascii: asciiTwin(source) };
    cache.set(source, pattern);
  }
  return pattern;
}

function asciiTwin(source: string): RegExp | undefined {
  if (NOT_PLAIN_ASCII.test(source)) return undefined;
  try {
    return new RegExp(source, 'i');
  } catch {
    return undefined;
  }
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}
