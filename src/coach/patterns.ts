import { z } from 'zod';

// Regular expressions kept as data (the draft reviewer's rules, the journal answers): checked once when the data
// is read, compiled once when first used.

/** A regular expression source that must compile (case-insensitive, Unicode). */
export const PatternSchema = z.string().min(1).refine(compiles, { message: 'not a valid regular expression' });

const cache = new Map<string, RegExp>();

/** True when any of `patterns` matches `text`. */
export function anyMatch(patterns: readonly string[], text: string): boolean {
  return patterns.some((source) => compiled(source).test(text));
}

function compiled(source: string): RegExp {
  let pattern = cache.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'iu');
    cache.set(source, pattern);
  }
  return pattern;
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}
