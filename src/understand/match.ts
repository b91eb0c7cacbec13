import { closest, distance } from 'fastest-levenshtein';
import { tokensOf, type Token } from './text.js';
import { lexiconWords } from './lexicon.js';
import { readSlot, slotOf, type Slot } from './slots.js';

// Scores a typed answer against each option's phrasings. A phrasing is a bag of lemmas weighted by how
// well each tells this question's options apart; the score is how much of the phrasing the answer covers,
// tempered by how much of the answer the phrasing leaves unexplained. Words the options do not know are
// corrected towards the nearest word they do know when only a typo apart.

/** One option as the reader sees it: its id and every way of saying it (label, synonyms, `understands`). */
export interface ChoiceInput {
  id: string;
  phrases: readonly string[];
  /** The option's own names (label, id): typed exactly, they are taken with no question. */
  names?: readonly string[];
}

/** An option's score for one answer, 0..1. */
export interface Scored {
  id: string;
  score: number;
}

interface Phrase {
  terms: string[];
  slot?: Slot;
}

/** A question's options, read once: phrasings as tokens, and each word's weight. */
export interface CompiledChoices {
  ids: string[];
  phrases: Phrase[][];
  weights: ReadonlyMap<string, number>;
  vocabulary: string[];
  /** Each option's own names, as {@link plainName} writes them. */
  names: string[][];
  /** How much words the phrasing leaves unexplained count against it (0..1). */
  textWeight: number;
  /** Options that are themselves a question ("Why?"): a question typed back may be their answer. */
  asking: boolean[];
  /** Every word of each option's phrasings. */
  own: ReadonlySet<string>[];
}

/** Words an answer adds beyond an option's phrasing count this much against it, unless told otherwise. */
export const TEXT_WEIGHT = 0.45;

/** Weight of a word no option uses: it counts against a phrasing that leaves it unexplained, but less. */
const UNKNOWN_WEIGHT = 0.5;
const FUZZY_CREDIT = 0.85;
const OWN_CREDIT = 0.5;
// The reader's own tokens are never typos.
const PLAIN = new Set(['they', 'them', 'none']);

/** Reads every option's phrasings once. */
export function compileChoices(choices: readonly ChoiceInput[], textWeight = TEXT_WEIGHT): CompiledChoices {
  const phrases = choices.map((c) => c.phrases.map(compilePhrase));
  const df = new Map<string, number>();
  for (const list of phrases) {
    for (const term of new Set(list.flatMap((p) => p.terms))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = choices.length;
  const weights = new Map<string, number>();
  for (const [term, count] of df) weights.set(term, Math.log(1 + n / count) / Math.log(1 + n));
  const vocabulary = [...df.keys()].filter((t) => !t.startsWith('!')).filter((t) => t.length >= 5);
  const names = choices.map((c) => (c.names ?? []).map(plainName));
  const asking = choices.map((c) => (c.names ?? []).some((name) => name.trim().endsWith('?')));
  const own = phrases.map((list) => new Set(list.flatMap((p) => p.terms)));
  return { ids: choices.map((c) => c.id), phrases, weights, vocabulary, names, textWeight, asking, own };
}

function compilePhrase(text: string): Phrase {
  const slot = slotOf(text);
  if (slot !== undefined) return { terms: [], slot };
  return { terms: tokensOf(text).map((t) => t.term) };
}

/** A name without case, punctuation or extra spaces, for comparing what was typed with an option's label. */
export function plainName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_-]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Context a slot needs: the time now, for relative dates. */
export interface ReadContext {
  now: number;
  zone?: string;
}

/** Every option's score for `text`, best first. */
export function scoreChoices(compiled: CompiledChoices, text: string, context: ReadContext): Scored[] {
  const tokens = corrected(tokensOf(text), compiled);
  const reading: Reading = { tokens, text, context, used: new Uint8Array(tokens.length) };
  const scored = compiled.ids.map((id, index) => {
    const own = compiled.own[index] ?? NO_TERMS;
    // The same maximum as Math.max(0, ...scores), without an array per option.
    let score = 0;
    for (const phrase of compiled.phrases[index] ?? [])
      score = Math.max(score, scorePhrase(phrase, compiled, reading, own));
    return { id, score };
  });
  return scored.sort((a, b) => b.score - a.score);
}

const NO_TERMS: ReadonlySet<string> = new Set();

/** One answer as every phrasing is scored against it; `used` is scratch space, one flag per token. */
interface Reading {
  tokens: Array<Token & { credit: number }>;
  text: string;
  context: ReadContext;
  used: Uint8Array;
}

/** The text's tokens, each typo mended towards a word the options know. */
export function corrected(tokens: Token[], compiled: CompiledChoices): Array<Token & { credit: number }> {
  return tokens.map((token) => {
    const negated = token.term.startsWith('!');
    const bare = negated ? token.term.slice(1) : token.term;
    if (
      compiled.weights.has(token.term) ||
      PLAIN.has(bare) ||
      bare.length < 5 ||
      /\d/.test(bare) ||
      compiled.vocabulary.length === 0
    )
      return { ...token, credit: 1 };
    const near = closest(bare, compiled.vocabulary);
    // Typos keep the first letter far more often than not; two slips are allowed only in a long word.
    const allowed = bare.length >= 8 ? 2 : 1;
    if (near[0] !== bare[0] || distance(bare, near) > allowed) return { ...token, credit: 1 };
    return { term: negated ? `!${near}` : near, soft: token.soft, credit: FUZZY_CREDIT };
  });
}

// "Two weeks ago", "since June": when something happened says nothing about which option it was, unless the
// options themselves speak of it (log/when); such words neither help nor count against a phrasing.
const PEOPLE: ReadonlySet<string> = new Set(['they', 'them', 'i', 'me']);
const PEOPLE_WEIGHT = 0.3;

function circumstantial(term: string, compiled: CompiledChoices): boolean {
  if (compiled.weights.has(term)) return false;
  return lexiconWords().circumstance.has(term) || /^\d+$/.test(term);
}

// Called for every phrasing of every option on each answer, so it allocates nothing and makes no closures.
function scorePhrase(
  phrase: Phrase,
  compiled: CompiledChoices,
  { tokens, text, context, used }: Reading,
  own: ReadonlySet<string>,
): number {
  if (phrase.slot !== undefined) return readSlot(phrase.slot, text, context);
  if (phrase.terms.length === 0) return 0;
  const { weights } = compiled;
  let covered = 0;
  let total = 0;
  used.fill(0);
  let content = false;
  for (const term of phrase.terms) {
    total += weights.get(term) ?? UNKNOWN_WEIGHT;
    const at = unusedToken(tokens, used, term);
    if (at < 0) continue;
    used[at] = 1;
    covered += (weights.get(term) ?? UNKNOWN_WEIGHT) * (tokens[at]?.credit ?? 1);
    if (!PEOPLE.has(term)) content = true;
  }
  // Sharing only who ("I", "they") with a phrasing says nothing about what happened.
  if (total === 0 || !content) return 0;
  let explained = 0;
  let said = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as Token & { credit: number };
    if (t.soft || circumstantial(t.term, compiled)) continue;
    // Who did it (they, I) is said in nearly every answer; left unexplained it counts for little.
    const weight = weights.get(t.term) ?? UNKNOWN_WEIGHT;
    const w = used[i] !== 1 && PEOPLE.has(t.term) ? weight * PEOPLE_WEIGHT : weight;
    said += w;
    if (used[i] === 1) explained += w;
    // A word another phrasing of the same option uses is half explained ("she texted me and I want to answer").
    else if (own.has(t.term)) explained += w * OWN_CREDIT;
  }
  const phraseCover = covered / total;
  const textCover = said === 0 ? 0 : explained / said;
  return phraseCover * (1 - compiled.textWeight + compiled.textWeight * textCover);
}

/** The first token not yet used whose term is `term`, or -1. */
function unusedToken(tokens: ReadonlyArray<Token>, used: Uint8Array, term: string): number {
  for (let i = 0; i < tokens.length; i += 1) if (used[i] !== 1 && tokens[i]?.term === term) return i;
  return -1;
}
