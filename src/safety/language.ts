import { z } from 'zod';
import type { PatternMode } from './compile.js';
import { MacrosSchema, PatternSchema } from './rule-schema.js';

// === The small pieces of English the screening and the crisis replies rely on, read from
// flows/locales/en/data/safety-language.yaml: figures of speech, negation, sentence breaks, subject words,
// and the answers of a crisis conversation.

const Patterns = z.array(PatternSchema).min(1);

/** safety-language.yaml as written; what each part means is said in the file itself. */
export const LanguageFileSchema = z.strictObject({
  macros: MacrosSchema,
  idioms: z.array(PatternSchema),
  rewrites: z.array(z.strictObject({ pattern: PatternSchema, as: z.string().min(1) })).default([]),
  negation: PatternSchema,
  denials: z.array(PatternSchema).default([]),
  breaks: z.strictObject({ clause: PatternSchema, sentence: PatternSchema }),
  words: z.strictObject({
    firstPerson: PatternSchema,
    thirdPerson: PatternSchema,
    child: PatternSchema,
    preposition: PatternSchema,
    determiner: PatternSchema,
    subjectRestart: PatternSchema,
    pronoun: PatternSchema,
    speech: PatternSchema,
    joiner: PatternSchema,
    speaker: PatternSchema,
    childRisk: PatternSchema,
    childEveryday: PatternSchema,
    english: PatternSchema,
  }),
  answers: z.strictObject({
    unsafe: Patterns,
    safe: Patterns,
    reassurance: Patterns,
    affirm: Patterns,
    deny: Patterns,
  }),
});

/** The language file, validated. */
export type LanguageFile = z.output<typeof LanguageFileSchema>;

/** Word classes, each matched against one whole word. */
export type WordClass = keyof LanguageFile['words'];

/** What an answer in a crisis conversation, or to a gentle question, can say. */
export type AnswerKind = keyof LanguageFile['answers'];

/** The language file, compiled. */
export interface Language {
  /** Figures of speech masked out before rules run. */
  idioms: readonly RegExp[];
  /** Phrases written one way for the word classes ("my 16 year old" as "my 16yo"), each with its replacement. */
  rewrites: readonly { pattern: RegExp; as: string }[];
  /** A negation, unless what follows shows it belongs to something else. */
  negation: RegExp;
  /** A denial right after a match ("kill myself? no, never"), read on the text that follows it. */
  denials: readonly RegExp[];
  /** Where a clause ends, for the negation window. */
  clauseBreak: RegExp;
  /** Where a sentence ends, for `unless` patterns and for finding who a sentence is about. */
  sentenceBreak: RegExp;
  words: Readonly<Record<WordClass, RegExp>>;
  answers: Readonly<Record<AnswerKind, readonly RegExp[]>>;
}

/** Compiles one pattern; `where` names it in a problem report. */
export type Compile = (pattern: string, where: string, mode: PatternMode) => RegExp;

/** Compiles the language file, each part in the mode its patterns are written for. */
export function compileLanguage(file: LanguageFile, compile: Compile): Language {
  const words = Object.fromEntries(
    Object.entries(file.words).map(([key, pattern]) => [key, compile(pattern, `words.${key}`, 'word')]),
  ) as Record<WordClass, RegExp>;
  const answers = Object.fromEntries(
    Object.entries(file.answers).map(([key, patterns]) => [
      key,
      patterns.map((pattern, i) => compile(pattern, `answers.${key}[${i}]`, 'rule')),
    ]),
  ) as Record<AnswerKind, RegExp[]>;
  return {
    idioms: file.idioms.map((pattern, i) => compile(pattern, `idioms[${i}]`, 'rule')),
    rewrites: file.rewrites.map(({ pattern, as }, i) => ({ pattern: compile(pattern, `rewrites[${i}]`, 'plain'), as })),
    negation: compile(file.negation, 'negation', 'plain'),
    denials: file.denials.map((pattern, i) => compile(`^(?:${pattern})`, `denials[${i}]`, 'rule')),
    clauseBreak: compile(file.breaks.clause, 'breaks.clause', 'plain'),
    sentenceBreak: compile(file.breaks.sentence, 'breaks.sentence', 'plain'),
    words,
    answers,
  };
}

/** One match of a global pattern: where it starts and what it matched. */
export interface Found {
  index: number;
  0: string;
}

/**
 * Every match of a global (`g`) pattern in `text`, like `text.matchAll(pattern)`. matchAll clones the
 * pattern on each call, and with some 200 large rule patterns per message the clones cost ten times
 * the matching itself; exec on the shared pattern from `lastIndex` 0 finds the same matches.
 */
export function allMatches(pattern: RegExp, text: string): Found[] {
  const found: Found[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push({ index: match.index, 0: match[0] });
    // An empty match would be found again at the same place forever.
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return found;
}

/** True when any pattern matches `text` (patterns are global, so each test starts from 0). */
export function anyMatch(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}
