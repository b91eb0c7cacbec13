import { z } from 'zod';
import { assertNever } from '../../core/errors.js';
import { formatText } from '../../core/messages.js';
import { evaluate } from '../../flow/conditions.js';
import { readPath, scopeOf, type Scope } from '../../core/vars.js';
import type { ActionContext, ActionFn } from '../../engine/actions.js';
import type { DraftData, DraftRule, DraftStrength } from './draft-rules.js';
import { anyMatch } from '../patterns.js';

/** What the reviewer found in a draft; `messages` are the texts to say, built only from the data file. */
export interface DraftReview {
  flags: string[];
  strengths: string[];
  words: number;
  /** `rework` at `reworkAt` flags or more, `tidy` with a few, `send` with none. */
  lean: 'send' | 'tidy' | 'rework';
  messages: string[];
}

/** Context a review needs besides the text: the user's state (for conditional rules) and the contact's purpose. */
export interface ReviewContext {
  scope: Scope;
  purpose?: string;
}

// Platforms cut long messages anyway; staying well under the smallest limit keeps each line whole, and a
// message of at most about a hundred words stays one screen (the journeys' length rule).
const MAX_MESSAGE_CHARS = 1800;
const MAX_MESSAGE_WORDS = 100;

/** Makes typed quotes and spacing uniform, so rules can be written once with a plain apostrophe. */
export function normaliseDraft(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Number of words in a text (runs of letters, digits and apostrophes). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}']+/gu)?.length ?? 0;
}

/** Reviews `draft`: the rules that fire, the strengths it has, and the texts to say about both. */
export function reviewDraftText(draft: string, context: ReviewContext, data: DraftData): DraftReview {
  const text = normaliseDraft(draft);
  const fired = data.rules.filter((rule) => applies(rule, context.scope) && ruleFires(rule, text));
  const flags = fired.map((rule) => rule.id);
  const strengths = data.strengths.filter((s) => hasStrength(s, text, flags, context.purpose));
  const lean = flags.length >= data.reworkAt ? 'rework' : flags.length > 0 ? 'tidy' : 'send';
  return {
    flags,
    strengths: strengths.map((s) => s.id),
    words: countWords(text),
    lean,
    messages: compose(fired, strengths, data),
  };
}

/** True when `rule` flags `text` (already normalised); conditions on the user's state are checked separately. */
export function ruleFires(rule: DraftRule, text: string): boolean {
  switch (rule.kind) {
    case 'phrases':
      return anyMatch(rule.patterns, text) && !anyMatch(rule.unless, text);
    case 'length':
      return countWords(text) > rule.maxWords || [...text].length > rule.maxChars;
    case 'questions':
      return (text.match(/\?+/g)?.length ?? 0) > rule.maxQuestions;
    case 'shouting':
      return isShouting(text, rule.capsRatio, rule.minLetters, rule.maxExclamations);
    default:
      return assertNever(rule);
  }
}

function applies(rule: DraftRule, scope: Scope): boolean {
  return rule.when === undefined || evaluate(rule.when, scope);
}

function isShouting(text: string, capsRatio: number, minLetters: number, maxExclamations: number): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  const exclamations = text.match(/!/g)?.length ?? 0;
  return (
    /!{2,}/.test(text) || exclamations > maxExclamations || (letters >= minLetters && capitals / letters >= capsRatio)
  );
}

function hasStrength(strength: DraftStrength, text: string, flags: string[], purpose: string | undefined): boolean {
  if (strength.maxWords !== undefined && countWords(text) > strength.maxWords) return false;
  if (strength.patterns !== undefined && !anyMatch(strength.patterns, text)) return false;
  if (strength.withoutFlags?.some((id) => flags.includes(id))) return false;
  return strength.purposes === undefined || (purpose !== undefined && strength.purposes.includes(purpose));
}

// === Texts: every word comes from the data file; the draft itself is never quoted.

function compose(fired: DraftRule[], strengths: DraftStrength[], data: DraftData): string[] {
  const { texts } = data;
  const flagLines = fired.map(({ title, reason, sources }) => formatText(texts.flagLine, { title, reason, sources }));
  const strengthLines = strengths.map(({ text, sources }) => formatText(texts.strengthLine, { text, sources }));
  return [
    ...(fired.length > 0 ? chunk(texts.flagsIntro, flagLines) : [texts.clean]),
    ...(strengths.length > 0 ? chunk(texts.strengthsIntro, strengthLines) : [texts.noStrengths]),
    texts.yourWords,
  ];
}

function chunk(intro: string, lines: string[]): string[] {
  const messages: string[] = [];
  let current = intro;
  for (const line of lines) {
    const full =
      current.length + line.length + 1 > MAX_MESSAGE_CHARS ||
      countWords(current) + countWords(line) > MAX_MESSAGE_WORDS;
    if (full) {
      messages.push(current);
      current = line;
    } else current = `${current}\n${line}`;
  }
  return [...messages, current];
}

// === The action

const Args = z.strictObject({
  /** Path of the draft text, e.g. `vars.draft`. */
  from: z.string(),
  /** Path to write `{flags, strengths, count, words, lean}` to, e.g. `vars.review`. */
  to: z.string(),
  /** Path of the contact's purpose, for strengths that depend on it. */
  purposeFrom: z.string().optional(),
});

/** Named action `reviewDraft` over `data`: says what the draft does well and what to look at, and stores the flags for branching. */
export function reviewDraft(data: DraftData): ActionFn {
  return (ctx: ActionContext) => {
    const args = Args.parse(ctx.args);
    const scope: Scope = { ...scopeOf(ctx.state), vars: { ...ctx.vars } };
    const draft = readPath(scope, args.from);
    const purpose = args.purposeFrom === undefined ? undefined : readPath(scope, args.purposeFrom);
    const review = reviewDraftText(
      typeof draft === 'string' ? draft : '',
      { scope, ...(typeof purpose === 'string' ? { purpose } : {}) },
      data,
    );
    const stored = {
      flags: review.flags,
      strengths: review.strengths,
      count: review.flags.length,
      words: review.words,
      lean: review.lean,
    };
    return { set: { [args.to]: stored }, say: review.messages };
  };
}
