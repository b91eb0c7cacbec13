import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';
import { ErrorCode, SteadyError } from '../core/errors.js';

// The words the reader leans on besides wink's model live in data (flows/locales/en/data/understanding.yaml), so
// another language can bring its own: who "the spouse" can be, filler and hedges to drop, numbers in words, words
// that mean the same here, and the whole answers that say yes, no or done. Per-option phrasings live in the flows.

const words = z.array(
  z
    .string()
    .min(1)
    .regex(/^[^A-Z]*$/, 'every entry is lower case'),
);

const LexiconSchema = z.strictObject({
  spouseSubjects: words,
  spouseObjects: words,
  spouseNouns: words,
  notNames: words,
  stopWords: words,
  hedgeWords: words,
  negations: words,
  numberWords: z.record(z.string(), z.string()),
  lemmaFixes: z.record(z.string(), z.string()),
  circumstance: words,
  doneWords: words,
  yesWords: words,
  noWords: words,
  firstWords: words,
  secondWords: words,
  questionWords: words,
  askingWords: words,
  listJoiners: words,
  rewrites: z.array(z.tuple([z.string().min(1), z.string()])),
});

/** The reader's word lists, as the data file gives them. */
export type Lexicon = z.infer<typeof LexiconSchema>;

/** The data file (without .yaml) that holds the reader's word lists. */
export const UNDERSTANDING_DATA = 'understanding';

/** The word lists from loaded data; throws a FlowParse error naming the file and field when they are broken. */
export function readLexicon(data: ReadonlyMap<string, ContentData>): Lexicon {
  return readData(data, UNDERSTANDING_DATA, LexiconSchema);
}

/** The word lists as sets, maps and patterns, built once per lexicon. */
export interface Words {
  lexicon: Lexicon;
  subjects: ReadonlySet<string>;
  objects: ReadonlySet<string>;
  spouseNouns: ReadonlySet<string>;
  stop: ReadonlySet<string>;
  hedges: ReadonlySet<string>;
  negations: ReadonlySet<string>;
  circumstance: ReadonlySet<string>;
  /** Words that are never a first name, however they are written. */
  known: ReadonlySet<string>;
  numbers: ReadonlyMap<string, string>;
  /** Number words whose value is digits ("two" -> "2"), for times and ages. */
  digits: ReadonlyMap<string, string>;
  rewrites: ReadonlyArray<readonly [RegExp, string]>;
  /** A question asked back ("what do you mean?", "tried what?"). */
  question: RegExp;
  /** Where a list splits into its parts. */
  partSplit: RegExp;
}

let active: Words | undefined;
let generation = 0;

/** Makes `lexicon` the one the reader uses; the program does this once, from its data, when it is made. */
export function useLexicon(lexicon: Lexicon): void {
  if (active?.lexicon === lexicon) return;
  active = wordsOf(lexicon);
  generation += 1;
}

/** The reader's word lists; a Config error says how to load them when no program has been made yet. */
export function lexiconWords(): Words {
  if (active === undefined) {
    throw new SteadyError(
      ErrorCode.Config,
      'The answer reader has no word lists: make the program first (createProgram loads them), or call useLexicon(readLexicon(data)).',
    );
  }
  return active;
}

/** Changes each time another lexicon is put to use, so questions read with the old one are read again. */
export function lexiconGeneration(): number {
  return generation;
}

function wordsOf(lexicon: Lexicon): Words {
  const alternatives = (list: string[]): string => list.join('|');
  return {
    lexicon,
    subjects: new Set(lexicon.spouseSubjects),
    objects: new Set(lexicon.spouseObjects),
    spouseNouns: new Set(lexicon.spouseNouns),
    stop: new Set(lexicon.stopWords),
    hedges: new Set(lexicon.hedgeWords),
    negations: new Set(lexicon.negations),
    circumstance: new Set(lexicon.circumstance),
    known: new Set([...lexicon.notNames, ...lexicon.stopWords, ...lexicon.hedgeWords, ...lexicon.negations]),
    numbers: new Map(Object.entries(lexicon.numberWords)),
    digits: new Map(Object.entries(lexicon.numberWords).filter(([, value]) => /^\d+$/.test(value))),
    rewrites: lexicon.rewrites.map(([from, to]) => [new RegExp(`\\b${from}\\b`, 'gi'), to] as const),
    question: new RegExp(
      `^(?:(?:${alternatives(lexicon.questionWords)})\\b.*\\?|(?:${alternatives(lexicon.askingWords)})\\b.*)$`,
      'i',
    ),
    partSplit: new RegExp(`\\s*(?:[,;/+&]|\\b(?:${alternatives(lexicon.listJoiners)})\\b)\\s*`, 'i'),
  };
}
