import {
  compileChoices,
  plainName,
  scoreChoices,
  type ChoiceInput,
  type CompiledChoices,
  type ReadContext,
} from './match.js';
import { lexiconGeneration, lexiconWords } from './lexicon.js';
import { isWord } from './words.js';

// What to do with a typed answer: take an option (and say so), ask "did you mean" with the one or two best,
// or ask again. The thresholds are set so that a wrong option is almost never taken without asking.

/** The reader's verdict on one typed answer. */
export type Understood =
  { kind: 'take'; ids: string[] } | { kind: 'confirm'; ids: string[] } | { kind: 'done' } | { kind: 'unknown' };

/** At or above this score, with a clear lead, an option is taken. */
export const TAKE = 0.8;
/** The lead the best option needs over the next to be taken. */
export const LEAD = 0.12;
/** An answer that fits one option and nothing else at all is taken this far below the bar. */
export const ALONE_DROP = 0.05;
/** "Nothing else" means no other option scores this much. */
export const ALONE_OTHERS = 0.1;
/** The bar for one part of a pick-all-that-fit answer. */
export const PART_TAKE = 0.65;
/** At or above this score the best option is offered for confirmation. */
export const CONFIRM = 0.4;
/** A second option is offered beside the best when it is this close. */
export const NEAR = 0.2;

const cache = new WeakMap<object, { generation: number; compiled: CompiledChoices }>();

/**
 * Options read once per question object (and again only when another lexicon is put to use); `key` is any
 * object that lives as long as the options.
 */
export function choicesFor(key: object, choices: () => readonly ChoiceInput[], textWeight?: number): CompiledChoices {
  const generation = lexiconGeneration();
  const found = cache.get(key);
  if (found?.generation === generation) return found.compiled;
  const compiled = compileChoices(choices(), textWeight);
  cache.set(key, { generation, compiled });
  return compiled;
}

/** Understands an answer to a pick-one question. */
export function understandOne(
  compiled: CompiledChoices,
  text: string,
  context: ReadContext,
  options: { take?: number; questions?: boolean } = {},
): Understood {
  const take = options.take ?? TAKE;
  const picked = byNumber(compiled, text) ?? byName(compiled, text);
  if (picked !== undefined) return { kind: 'take', ids: [picked] };
  const [best, second] = scoreChoices(compiled, text, context);
  if (!best || best.score < CONFIRM) return { kind: 'unknown' };
  const runnerUp = second && second.score >= CONFIRM && best.score - second.score <= NEAR ? [second.id] : [];
  // A short exact phrasing ("how I feel") is an answer even when it reads like a question; a longer question
  // ("what will you delete") never is, whatever words it shares with an option.
  const short = text.trim().split(/\s+/).length <= 3;
  // An option that is itself a question ("Why?") is answered by a question ("who says so?").
  const askingOption = compiled.asking[compiled.ids.indexOf(best.id)] === true;
  const asked =
    !options.questions &&
    !askingOption &&
    (text.includes('?') || ((best.score < 1 || !short) && lexiconWords().question.test(text.trim())));
  const clear = best.score >= take && best.score - (second?.score ?? 0) >= LEAD;
  const alone = best.score >= take - ALONE_DROP && (second?.score ?? 0) < ALONE_OTHERS;
  if (!asked && (clear || alone)) return { kind: 'take', ids: [best.id] };
  return { kind: 'confirm', ids: [best.id, ...runnerUp] };
}

/**
 * Understands an answer to a pick-all-that-fit question: each part of the sentence ("begging her, and texting
 * a lot") is read on its own; "done" alone finishes.
 */
export function understandMany(
  compiled: CompiledChoices,
  text: string,
  context: ReadContext,
  doneWords: readonly string[],
): Understood {
  const plain = text.trim().toLowerCase();
  if (
    isWord(
      doneWords.map((w) => w.toLowerCase()),
      plain,
    )
  )
    return { kind: 'done' };
  if (/^[\d\s,;]+$/.test(plain)) {
    const ids = plain.split(/[\s,;]+/).map((n) => compiled.ids[Number(n) - 1]);
    return ids.every((id) => id !== undefined) ? { kind: 'take', ids: unique(ids as string[]) } : { kind: 'unknown' };
  }
  const parts = plain.split(lexiconWords().partSplit).filter((p) => p.trim() !== '');
  // Each part is held to a lower bar than a whole answer: what was understood is shown, and nothing is final
  // until Done.
  const verdicts = parts.map((part) => understandOne(compiled, part, context, { take: PART_TAKE }));
  const taken = unique(verdicts.flatMap((v) => (v.kind === 'take' ? v.ids : [])));
  const unsure = unique(verdicts.flatMap((v) => (v.kind === 'confirm' ? v.ids : []))).filter(
    (id) => !taken.includes(id),
  );
  if (taken.length > 0) return { kind: 'take', ids: taken };
  if (unsure.length > 0) return { kind: 'confirm', ids: unsure.slice(0, 2) };
  return { kind: 'unknown' };
}

// An option's own label or id, typed as it stands ("Why?", "next"), is taken as surely as its button.
function byName(compiled: CompiledChoices, text: string): string | undefined {
  const plain = plainName(text);
  if (plain === '') return undefined;
  const index = compiled.names.findIndex((names) => names.includes(plain));
  return index < 0 ? undefined : compiled.ids[index];
}

function byNumber(compiled: CompiledChoices, text: string): string | undefined {
  const trimmed = text.trim();
  return /^\d{1,2}$/.test(trimmed) ? compiled.ids[Number(trimmed) - 1] : undefined;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
