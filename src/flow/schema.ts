import type { Catalogs } from '../core/catalog.js';
import type { ContentData } from '../core/content.js';
import { z } from 'zod';

// === Values and conditions

/** A dotted path into the state: `vars.x` (this journey), `profile.x`, `settings.x`, `stats.x`, `flags.x`. */
const VarPath = z
  .string()
  .regex(/^(vars|profile|settings|stats|flags)\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
    message: 'expected a path such as vars.answer, profile.living, settings.x, stats.x or flags.x',
  });

const Literal = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A value in a `set` step: a literal, a list of literals, or a copy of another variable. */
export const ValueSchema = z.union([Literal, z.array(Literal), z.strictObject({ var: VarPath })]);
export type Value = z.infer<typeof ValueSchema>;

const Comparison = z
  .strictObject({
    var: VarPath,
    eq: Literal.optional(),
    in: z.array(Literal).optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    /** True when the variable is a list holding this value (multi-select answers). */
    includes: Literal.optional(),
    /** True when the variable is set (`true`) or unset (`false`). */
    exists: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length === 2, {
    message: 'a comparison has exactly one operator besides var: eq, in, gt, gte, lt, lte, includes or exists',
  });

/** A structured condition; there are no string expressions and nothing is evaluated as code. */
export type Condition = z.infer<typeof Comparison> | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Comparison,
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

// === Transitions

const StepId = z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'step ids are lower case: letters, digits, _ or -' });

/** Where to go next: a step id, `end`, or the first matching case. Absent means the next step in the list. */
export const NextSchema = z.union([
  StepId,
  z.array(z.union([z.strictObject({ if: ConditionSchema, then: StepId }), z.strictObject({ else: StepId })])).min(1),
]);
export type Next = z.infer<typeof NextSchema>;

/** `set` sets paths to values; `add` adds numbers (scoring). */
const Assignments = {
  set: z.record(VarPath, ValueSchema).optional(),
  add: z.record(VarPath, z.number()).optional(),
};

const SourceId = z.string().regex(/^\d{3}$/, { message: 'a source id is three digits, e.g. "001"' });

const Common = {
  id: StepId,
  next: NextSchema.optional(),
  /** Source documents the step's advice rests on. */
  sources: z.array(SourceId).min(1).optional(),
  /** The step's text suggests contacting the spouse, so it must be unreachable once the contact gate is closed. */
  contact: z.boolean().optional(),
};

/** `advice` (the default for say/end) must cite sources; `info` is plain guidance that needs none. */
const Role = z.enum(['advice', 'info']).optional();

const OptionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]+$/),
  label: z.string().min(1),
  /** Extra words a typed answer may use to pick this option. */
  synonyms: z.array(z.string()).optional(),
  /**
   * Ways a person might type this answer, in their own words (`docs/flows/understanding.md`): short phrases,
   * or a value in braces such as `{at:07:30}`, `{range:22:00-07:00}` or `{days:2-4}`.
   */
  understands: z.array(z.string().min(1)).optional(),
  ...Assignments,
});
export type Option = z.infer<typeof OptionSchema>;

// === Steps

const Say = z.strictObject({ ...Common, type: z.literal('say'), text: z.string().min(1), role: Role });

const Ask = z.strictObject({
  ...Common,
  type: z.literal('ask'),
  text: z.string().min(1),
  save: VarPath,
  validate: z
    .strictObject({
      kind: z.enum(['text', 'number']).default('text'),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(1).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .optional(),
  /** Said before the question again when an answer does not pass `validate`. */
  reask: z.string().min(1),
  /** Offer a form for a long answer where the platform has one (title ≤ 45, field label ≤ 45 characters). */
  form: z.strictObject({ title: z.string().min(1).max(45), label: z.string().min(1).max(45) }).optional(),
});

const Choose = z.strictObject({
  ...Common,
  type: z.literal('choose'),
  text: z.string().min(1),
  save: VarPath,
  multi: z.boolean().default(false),
  options: z.array(OptionSchema).min(1),
  /** Label of the button that ends a multi-select; the default comes from the messages file. */
  doneLabel: z.string().optional(),
});

const Branch = z.strictObject({
  id: StepId,
  type: z.literal('branch'),
  cases: z.array(z.strictObject({ if: ConditionSchema, then: StepId })).min(1),
  else: StepId,
});

const SetStep = z.strictObject({ ...Common, type: z.literal('set'), ...Assignments });

const Action = z.strictObject({
  ...Common,
  type: z.literal('action'),
  /** Name of a function registered in `src/coach/`; unknown names fail at load. */
  action: z.string().min(1),
  args: z.record(z.string(), z.json()).optional(),
});

const Call = z.strictObject({
  ...Common,
  type: z.literal('call'),
  /** Runs another flow from its start, then continues here at `next`. */
  flow: z.string().min(1),
});

const Goto = z.strictObject({
  id: StepId,
  type: z.literal('goto'),
  /** Leaves this flow for another one, for good. */
  flow: z.string().min(1),
  sources: Common.sources,
});

const Timer = z.strictObject({
  ...Common,
  type: z.literal('timer'),
  timer: z.string().min(1),
  /** Delay such as `30m`, `12h`, `1d`. */
  after: z.string().regex(/^\d+[mhd]$/),
  /** The flow to start when the timer comes due. */
  flow: z.string().min(1),
});

const End = z.strictObject({
  id: StepId,
  type: z.literal('end'),
  text: z.string().min(1).optional(),
  role: Role,
  sources: Common.sources,
  contact: Common.contact,
});

/** One step of a flow; `type` tells which. */
export const StepSchema = z.discriminatedUnion('type', [
  Say,
  Ask,
  Choose,
  Branch,
  SetStep,
  Action,
  Call,
  Goto,
  Timer,
  End,
]);
export type Step = z.infer<typeof StepSchema>;
export type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/** Steps that stop and wait for the user. */
export const WAITING_STEPS = ['ask', 'choose'] as const;

// === Flows

export const FlowSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  /** Bump when steps change meaning, so stored positions can be recognised as older. */
  version: z.number().int().min(1),
  title: z.string().min(1),
  /** A slash command (without the slash) that starts this flow from anywhere. */
  command: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .optional(),
  /** One line shown in `/help` next to the command. */
  description: z.string().optional(),
  /** This flow is the onboarding: until it sets `settings.onboarded`, other journeys start it instead. */
  onboarding: z.boolean().default(false),
  /** Reachable before onboarding (help, crisis resources, privacy, export, delete). */
  open: z.boolean().default(false),
  /** Helps the user contact their spouse; once the contact gate is set, the gate flow runs instead. */
  contactHelp: z.boolean().default(false),
  /** Runs beside a waiting journey (e.g. /why): the journey stays, and its question is asked again after. Never waits. */
  aside: z.boolean().default(false),
  steps: z.array(StepSchema).min(1),
});
export type Flow = z.infer<typeof FlowSchema>;

/** One catalog file as written: message keys (camelCase, dots for groups) to MessageFormat 2 sources. */
export const CatalogFileSchema = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*$/, {
    message: 'keys look like camelCase words, e.g. storeDown',
  }),
  z.string().min(1),
);

/** The source documents steps may cite; lives in `flows/_sources.yaml`. */
export const SourcesSchema = z.record(
  SourceId,
  z.strictObject({
    title: z.string().min(1),
    kind: z.string().min(1),
    /** One line on what the source holds, said when a user asks "why?" (10 to 40 words). */
    holds: z.string().refine((text) => /^(?:\S+\s+){9,39}\S+$/.test(text.trim()), {
      message: 'holds is one line of 10 to 40 words on what the source holds',
    }),
  }),
);
export type Sources = z.infer<typeof SourcesSchema>;

/** Everything loaded from `flows/`, validated and linted; the engine's only view of the content. */
export interface FlowRegistry {
  flows: ReadonlyMap<string, Flow>;
  /** The message catalogs of flows/locales/en/, by namespace; see src/core/catalog.ts. */
  catalogs: Catalogs;
  /** Structured content of flows/locales/en/data/ (rules, prompts, support lines) by name, checked by its reader. */
  data: ReadonlyMap<string, ContentData>;
  sources: Sources;
}
