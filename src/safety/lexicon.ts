import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';

// === Reading through slips of the keyboard, emoji and chat spellings before any rule runs, from
// flows/locales/en/data/safety-lexicon.yaml. Only key words are corrected, and only longer ones by distance,
// so "bills" never becomes "pills" and "bride" never "bridge".

/** The data file of key words, kept words, variants and emoji. */
export const SAFETY_LEXICON = 'safety-lexicon';

const Word = z.string().regex(/^[a-z0-9']+$/, { message: 'one lower-case word' });

const LexiconFileSchema = z.strictObject({
  keywords: z.array(Word).min(1),
  keep: z.array(Word).default([]),
  variants: z.record(Word, z.string().min(1)).default({}),
  emoji: z.record(z.string().min(1), Word).default({}),
});

/** The lexicon, ready to apply. */
export interface Lexicon {
  keywords: readonly string[];
  exact: ReadonlyMap<string, string>;
  emoji: RegExp | undefined;
  emojiWords: ReadonlyMap<string, string>;
  /** Words already looked up by distance, and what they read as: the same word is corrected the same way each time. */
  corrected: Map<string, string>;
}

/** Words shorter than this are never corrected by distance. */
const MIN_LENGTH = 6;
/** Words this long or longer may be two slips away. */
const TWO_SLIPS = 10;
/** Words remembered by {@link correct} before the memory starts again, so it never grows without end. */
const REMEMBERED = 20_000;

/** Reads and checks the lexicon file; throws a FlowParse SteadyError naming the file and field. */
export function loadLexicon(data: ReadonlyMap<string, ContentData>): Lexicon {
  const file = readData(data, SAFETY_LEXICON, LexiconFileSchema);
  const exact = new Map<string, string>(Object.entries(file.variants));
  for (const word of [...file.keywords, ...file.keep]) exact.set(word, word);
  const keys = Object.keys(file.emoji).map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    keywords: file.keywords,
    exact,
    emoji: keys.length > 0 ? new RegExp(keys.join('|'), 'gu') : undefined,
    emojiWords: new Map(Object.entries(file.emoji)),
    corrected: new Map(),
  };
}

/** `normal` (already normalised) with emoji as words and misspelt key words corrected. */
export function applyLexicon(lexicon: Lexicon, normal: string): string {
  const words = lexicon.emoji
    ? normal.replace(lexicon.emoji, (e) => ` ${lexicon.emojiWords.get(e) ?? e} `).replace(/ {2,}/g, ' ')
    : normal;
  return words.replace(/[a-z0-9']+/g, (token) => correct(lexicon, token));
}

function correct(lexicon: Lexicon, token: string): string {
  const known = lexicon.exact.get(token);
  if (known !== undefined) return known;
  if (token.length < MIN_LENGTH || /\d/.test(token)) return token;
  // Comparing a word with every key word is most of the screen's work on a long message, and people reuse words.
  const remembered = lexicon.corrected.get(token);
  if (remembered !== undefined) return remembered;
  if (lexicon.corrected.size >= REMEMBERED) lexicon.corrected.clear();
  const corrected = closestKeyword(lexicon, token);
  lexicon.corrected.set(token, corrected);
  return corrected;
}

function closestKeyword(lexicon: Lexicon, token: string): string {
  const limit = token.length >= TWO_SLIPS ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const keyword of lexicon.keywords) {
    if (Math.abs(keyword.length - token.length) > limit) continue;
    const distance = slips(token, keyword, limit);
    if (distance < bestDistance) {
      best = keyword;
      bestDistance = distance;
    }
  }
  return best ?? token;
}

/**
 * The optimal string alignment distance (insertions, deletions, substitutions and swaps of two neighbours)
 * between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
 */
export function slips(a: string, b: string, limit: number): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
