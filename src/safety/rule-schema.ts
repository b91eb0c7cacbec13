import { z } from 'zod';

const Category = z.enum([
  'suicide',
  'method',
  'selfHarm',
  'harmOthers',
  'abused',
  'childSafety',
  'stalking',
  'legalNoContact',
  'thirdParty',
  'distress',
  'ambiguous',
]);

/** One regular expression source as written in the data files; `{MACRO}`s see src/safety/compile.ts. */
export const PatternSchema = z.string().min(1);

/** Shorthands a data file declares for its patterns, by name in capitals (`THEY`, `NOT_A_DRUG`). */
export const MacrosSchema = z
  .record(
    z.string().regex(/^[A-Z][A-Z_]*$/, { message: 'macro names are capitals and underscores, e.g. THEY' }),
    PatternSchema,
  )
  .default({});

/** One detection rule as written in the rules files; validated once when the safety layer is built. */
export const RuleSchema = z
  .strictObject({
    /** Stable id, reported in `Screening.rules`: "category.what", e.g. "suicide.want-to-die". */
    id: z.string().regex(/^[a-z][a-zA-Z]*\.[a-z0-9-]+$/),
    category: Category,
    /** How urgent a match is; gate-only rules (stalking, legal) and third-party notes have none. */
    tier: z.enum(['imminent', 'serious', 'distress']).optional(),
    /** The words say it outright (no reading between the lines). */
    explicit: z.boolean(),
    /** The contact gate a match sets. */
    gate: z.enum(['legal', 'safety', 'stalking']).optional(),
    /** When someone else is the subject ("she wants to die"), the match is a third-party mention instead. */
    selfOnly: z.boolean().default(false),
    /** A negation just before the match ("I would never ...") cancels it. */
    negatable: z.boolean().default(true),
    /** Only counts where no other rule matched the same words (bare keywords, loose phrases). */
    weak: z.boolean().default(false),
    /** The language of a rule's patterns when not English: its country's lines answer a user whose country is unknown. */
    lang: z.enum(['es', 'pt', 'fr', 'de', 'it']).optional(),
    /** For ambiguous rules: what the gentle question asks about. */
    ask: z.enum(['self', 'fear']).optional(),
    /** Regular expression sources over the normalised text; `{MACRO}`s see compile.ts. */
    patterns: z.array(PatternSchema).min(1),
    /** If one of these matches anywhere in the same sentence, the rule does not count there. */
    unless: z.array(PatternSchema).default([]),
  })
  .refine((rule) => rule.category === 'ambiguous' || rule.ask === undefined, {
    message: 'only ambiguous rules ask a question',
  });

/** A rule as authored (defaults may be left out). */
export type RuleData = z.input<typeof RuleSchema>;

/** A validated rule with defaults filled in. */
export type Rule = z.output<typeof RuleSchema>;

/** One rules file (flows/locales/en/data/safety-rules-*.yaml): its own macros, then its rules in screening order. */
export const RuleFileSchema = z.strictObject({
  macros: MacrosSchema,
  rules: z
    .array(RuleSchema)
    .min(1)
    .superRefine((rules, ctx) => {
      rules.forEach((rule, index) => {
        if (rule.tier === undefined && rule.gate === undefined && rule.category !== 'thirdParty') {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `rule '${rule.id}' needs a tier or a gate, or it can never change anything`,
          });
        }
      });
    }),
});

/** A rules file, validated. */
export type RuleFile = z.output<typeof RuleFileSchema>;
