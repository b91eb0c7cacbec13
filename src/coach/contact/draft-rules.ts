import { z } from 'zod';
import { readData, type ContentData } from '../../core/content.js';
import { compileMessage } from '../../core/messages.js';
import { ConditionSchema } from '../../flow/schema.js';
import { PatternSchema } from '../patterns.js';

// The draft reviewer's rules and every sentence it says live in flows/locales/en/data/draft-review.yaml;
// this is their shape, checked once when the actions are built.

/** The data file's name under `locales/en/data/`. */
export const DRAFT_DATA = 'draft-review';

const SourceId = z.string().regex(/^\d{3}$/);
const Pattern = PatternSchema;

const Common = {
  id: z.string().regex(/^[a-z][a-z_]*$/),
  /** Short name of the problem, shown first in its line. */
  title: z.string().min(1),
  /** Why it matters, in Steady's words; never a replacement text. */
  reason: z.string().min(1),
  /** What the rule means for Steady's recommendation: `rework`, or `tidy` (a small fix that does not stop sending). */
  verdict: z.enum(['rework', 'tidy']),
  /** One line said when this rule decided the recommendation. */
  short: z.string().min(1),
  sources: z.array(SourceId).min(1),
  /** The rule only applies when this condition holds for the user's state (paths like `profile.x`). */
  when: ConditionSchema.optional(),
};

const RuleSchema = z.discriminatedUnion('kind', [
  /** Fires when any pattern matches (case-insensitive) and no `unless` pattern does. */
  z.strictObject({
    ...Common,
    kind: z.literal('phrases'),
    patterns: z.array(Pattern).min(1),
    unless: z.array(Pattern).default([]),
  }),
  z.strictObject({
    ...Common,
    kind: z.literal('length'),
    maxWords: z.number().int().min(1),
    maxChars: z.number().int().min(1),
  }),
  z.strictObject({ ...Common, kind: z.literal('questions'), maxQuestions: z.number().int().min(0) }),
  z.strictObject({
    ...Common,
    kind: z.literal('shouting'),
    /** Share of capital letters among all letters that reads as shouting. */
    capsRatio: z.number().gt(0).max(1),
    /** Below this many letters the capitals ratio says nothing ("OK", "PE"). */
    minLetters: z.number().int().min(1),
    maxExclamations: z.number().int().min(0),
  }),
]);

/** One draft rule; `kind` says how it is checked. */
export type DraftRule = z.infer<typeof RuleSchema>;

const StrengthSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z_]*$/),
  text: z.string().min(1),
  sources: z.array(SourceId).min(1),
  /** Every criterion given must hold: at most this many words, ... */
  maxWords: z.number().int().min(1).optional(),
  /** ... one of these patterns matches, ... */
  patterns: z.array(Pattern).optional(),
  /** ... none of these rules fired, ... */
  withoutFlags: z.array(z.string()).optional(),
  /** ... and the contact's purpose is one of these. */
  purposes: z.array(z.string()).optional(),
});

/** Something good a draft can have, named back to the user. */
export type DraftStrength = z.infer<typeof StrengthSchema>;

const DraftDataSchema = z
  .strictObject({
    rules: z.array(RuleSchema).min(1),
    strengths: z.array(StrengthSchema).min(1),
    /** At this many flags the verdict leans towards reworking the draft. */
    reworkAt: z.number().int().min(1),
    texts: z.strictObject({
      flagsIntro: z.string(),
      /** One fired rule. */
      flagLine: template(['title', 'reason', 'sources']),
      clean: z.string(),
      strengthsIntro: z.string(),
      /** One strength. */
      strengthLine: template(['text', 'sources']),
      noStrengths: z.string(),
      yourWords: z.string(),
    }),
    /** The sentences of Steady's recommendation (send, wait until a day, or rework) and the sources they cite. */
    verdict: z.strictObject({
      reasonLine: template(['title', 'short', 'sources']),
      rhythm: template(['days', 'every']),
      rhythmSources: z.array(SourceId).min(1),
      pursuit: z.string().min(1),
      pursuitSources: z.array(SourceId).min(1),
      strengthReason: template(['text', 'sources']),
      plainSend: z.string().min(1),
      plainSources: z.array(SourceId).min(1),
      tidy: template(['titles']),
    }),
  })
  .superRefine((data, ctx) => {
    const ids = new Set(data.rules.map((rule) => rule.id));
    if (ids.size !== data.rules.length)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'rule ids must be unique' });
    for (const [i, strength] of data.strengths.entries()) {
      for (const id of strength.withoutFlags ?? []) {
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['strengths', i, 'withoutFlags'], message: `'${id}' names no rule` });
      }
    }
  });

/** The whole reviewer data set. */
export type DraftData = z.infer<typeof DraftDataSchema>;

// A MessageFormat 2 line that reads only the placeholders the reviewer fills.
function template(names: readonly string[]): z.ZodType<string> {
  return z.string().superRefine((source, ctx) => {
    try {
      const unknown = compileMessage(source, DRAFT_DATA).variables.filter((name) => !names.includes(name));
      if (unknown.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder(s) ${unknown.join(', ')}; use ${names.join(', ')}`,
        });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** The reviewer's rules, strengths and texts from `locales/en/data/draft-review.yaml`; throws naming each bad field. */
export function readDraftData(data: ReadonlyMap<string, ContentData>): DraftData {
  return readData(data, DRAFT_DATA, DraftDataSchema);
}
