import { z } from 'zod';
import { ConditionSchema } from '../../flow/schema.js';
import { ErrorCode, SteadyError } from '../../core/errors.js';

// The draft reviewer's rules and every sentence it says, kept as data and validated once at load.
// Reasons never quote trigger phrases, so nothing a user wrote is ever echoed back to them.

const SourceId = z.string().regex(/^\d{3}$/);
const Pattern = z.string().min(1).refine(compiles, { message: 'not a valid regular expression' });

const Common = {
  id: z.string().regex(/^[a-z][a-z_]*$/),
  /** Short name of the problem, shown first in its line. */
  title: z.string().min(1),
  /** Why it matters, in Steady's words; never a replacement text. */
  reason: z.string().min(1),
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
      clean: z.string(),
      strengthsIntro: z.string(),
      noStrengths: z.string(),
      yourWords: z.string(),
      sourcesLabel: z.string(),
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

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

// Relationship talk is only a problem when the spouse asked for space, or when Steady does not know.
const ASKED_FOR_SPACE = ['space', 'time', 'separation', 'divorce'];
const spaceAsked = {
  any: [
    { var: 'profile.assessment.asked', in: ASKED_FOR_SPACE },
    { var: 'profile.assessment.stage', in: ASKED_FOR_SPACE },
    {
      all: [
        { var: 'profile.assessment.asked', exists: false },
        { var: 'profile.assessment.stage', exists: false },
      ],
    },
  ],
};

// Every rule about what the words say (as opposed to their length or look).
const PHRASE_FLAGS = ['pleading', 'pressure', 'blame', 'duty', 'relationship', 'changed', 'jealousy'];

const RAW: unknown = {
  reworkAt: 3,
  rules: [
    {
      id: 'pleading',
      kind: 'phrases',
      title: 'Pleading',
      sources: ['004', '001'],
      reason:
        'Begging tends to push a spouse further off and costs you dignity you will want later. A message that asks for nothing reads as calm and safe to answer.',
      patterns: [
        "\\bi'?m begging\\b",
        '\\bbeg(ging)? you\\b',
        "\\bi'?ll do anything\\b",
        '\\bplease,? please\\b',
        "\\bplease\\b[^.?!]{0,40}\\b(come (back|home)|don'?t (leave|go|do this|give up)|give (me|us) )",
        "\\bi can'?t (live|go on|cope) without you\\b",
        '\\bi need you\\b(?! to\\b)',
        '\\b(one more|another|a second|a last) chance\\b',
      ],
    },
    {
      id: 'pressure',
      kind: 'phrases',
      title: 'Pressure or an ultimatum',
      sources: ['001', '004'],
      reason:
        'Announcing a serious talk, telling them what they must do, or setting an if-not-then condition puts them on guard. People open up when they feel no pressure.',
      patterns: [
        '\\bwe (need|have|must) (to )?talk\\b',
        '\\byou (have to|need to|must)\\b',
        '\\byou owe (me|us|it)\\b',
        "\\bif you don'?t (?!mind\\b)[^.?!]{0,80}\\b(then|i will|i'll|i'm going to|i am going to)\\b",
        '\\bor else\\b',
        '\\blast chance\\b',
        '\\b(answer|call|reply to|text) me (now|today|tonight|back right)\\b',
      ],
    },
    {
      id: 'blame',
      kind: 'phrases',
      title: 'Blame or criticism',
      sources: ['004', '001'],
      reason:
        'Sweeping words about what they always or never do, or whose fault this is, feel like an attack. Respect here means leaving the verdicts out.',
      patterns: [
        '\\byou (always|never)\\b',
        "\\b(it'?s|it is|this is) (all )?your fault\\b",
        '\\bbecause of you\\b',
        '\\byou (ruined|destroyed|broke|wrecked)\\b',
        '\\bhow could you\\b',
        "\\byou('re| are) (so |such an? |just |being )?(selfish|cruel|heartless|unfair|a liar|lying|a coward|immature)\\b",
      ],
    },
    {
      id: 'duty',
      kind: 'phrases',
      title: 'An argument from duty',
      sources: ['001'],
      reason:
        'Appeals to the children, the vows, faith or what others will think tell them they are wrong to feel as they do. That builds distance, not a wish to return.',
      patterns: [
        '\\b(our|your|my|the|wedding|marriage) vows?\\b',
        '\\bfor better or (for )?worse\\b',
        '\\b(before|in) god\\b',
        "\\bgod'?s eyes\\b",
        '\\bgod (wants|joined|hates|would want|brought)\\b',
        "\\b(it'?s|it is|that'?s) a sin\\b",
        '\\bthe bible\\b',
        '\\bwhat (will|would|do) (people|everyone|our friends|the neighbou?rs|your (mother|mom|mum|father|dad|parents|family)) (think|say)\\b',
        '\\bthink (of|about) (the|our) (kids|children)\\b',
        '\\bthe (kids|children) need (you|us|their (dad|father|mom|mum|mother))\\b',
        '\\bwhat kind of (father|mother|dad|mom|mum|parent|husband|wife)\\b',
        '\\byou (made|took|gave) (a|your) (vow|promise)\\b',
        '\\b(duty|obligation) (to|as)\\b',
      ],
    },
    {
      id: 'relationship',
      kind: 'phrases',
      title: 'Talk about the relationship',
      sources: ['001', '002'],
      when: spaceAsked,
      reason:
        'They asked for room, and talk about the two of you reads as not giving it. Keep contact light and about everyday things; the bigger talk can wait until they bring it up.',
      patterns: [
        '\\bour (marriage|relationship|future)\\b',
        '\\b(save|fix|saving|fixing|rebuild|work on|working on) (our|the|this) (marriage|relationship)\\b',
        '\\b(talk|talking) about us\\b',
        '\\b(get|getting|come|coming) back together\\b',
        '\\bi love you\\b',
        '\\bi miss (you|us)\\b',
        '\\bwhere (we|this|things) (stand|are going|is going)\\b',
        '\\b(couples|marriage) (counsel+ing|therapy)\\b',
      ],
    },
    {
      id: 'changed',
      kind: 'phrases',
      title: 'Proof that you have changed',
      sources: ['001'],
      reason:
        'Listing how you have improved can land as too little, too late, and it asks them to judge you. Let change show over time in how you act, not in a message.',
      patterns: [
        "\\bi(?:'?ve| have) (really |truly |honestly |finally )?changed\\b(?!\\s+(the|a|an|my|our|your|his|her|their|it|that|this|to|plans?|times?)\\b)",
        "\\bi'?m (a )?(different|better|new|changed) (man|woman|person)\\b",
        "\\bi'?m not the same (man|woman|person)\\b",
        '\\b(the )?new me\\b',
        "\\bi(?:'?ve| have) been (working on myself|going to (therapy|counsel+ing))\\b",
        "\\b(look at|see) how much i(?:'?ve| have)\\b",
        '\\bi (stopped|quit|gave up) (drinking|smoking|gambling|gaming)\\b',
      ],
    },
    {
      id: 'jealousy',
      kind: 'phrases',
      title: 'Jealousy bait',
      sources: ['000'],
      reason:
        'Mentioning dates, admirers or moving on to stir a reaction is the same aim as going silent to be missed. It is a tactic, and tactics do not build the trust you want.',
      patterns: [
        '\\b(went|been|going|go) on a date\\b',
        '\\bdating (again|someone|other)\\b',
        '\\bsomeone (asked me out|is interested|likes me|new)\\b',
        '\\b(guy|girl|man|woman|people|men|women) (at work )?(asked me out|(is|are|keeps?) (interested|flirting|hitting on me))\\b',
        "\\bi(?:'?m| am) moving on\\b",
        "\\bi(?:'?ve| have) moved on\\b",
        '\\bbetter off without you\\b',
        '\\btime of my life\\b',
      ],
    },
    {
      id: 'length',
      kind: 'length',
      title: 'Long',
      sources: ['004'],
      maxWords: 80,
      maxChars: 600,
      reason:
        'A long message is a lot to take in and a lot to answer. Small, easy contacts do more good; one or two points are plenty.',
    },
    {
      id: 'questions',
      kind: 'questions',
      title: 'Several questions',
      sources: ['003'],
      maxQuestions: 1,
      reason:
        'More than one question asks them to do work before they can reply. One question at most leaves them free to answer or not.',
    },
    {
      id: 'shouting',
      kind: 'shouting',
      title: 'Shouting',
      sources: ['004'],
      capsRatio: 0.6,
      minLetters: 12,
      maxExclamations: 2,
      reason:
        'Capitals and stacked exclamation marks read as raised voice, whatever you meant. A calm look helps your words be heard.',
    },
  ],
  strengths: [
    {
      id: 'short',
      maxWords: 40,
      text: 'It is short, which is kind: easy to read and easy to answer.',
      sources: ['004'],
    },
    {
      id: 'appreciation',
      patterns: ['\\bthanks?\\b', '\\bthank you\\b', '\\bappreciate', '\\bgrateful\\b'],
      text: 'It shows appreciation.',
      sources: ['004'],
    },
    {
      id: 'friendly',
      patterns: [
        '\\bhope\\b',
        '\\btake care\\b',
        '\\bglad\\b',
        '\\bgood luck\\b',
        '\\benjoy\\b',
        '\\bhave a (good|great|nice|lovely)\\b',
      ],
      text: 'The tone is friendly.',
      sources: ['004'],
    },
    {
      id: 'answers',
      purposes: ['reply', 'practical'],
      withoutFlags: [...PHRASE_FLAGS, 'questions', 'length', 'shouting'],
      text: 'It stays with the matter at hand instead of opening new topics.',
      sources: ['000'],
    },
    {
      id: 'no_pressure',
      withoutFlags: [...PHRASE_FLAGS, 'shouting'],
      text: 'It puts no pressure on them.',
      sources: ['001'],
    },
  ],
  texts: {
    flagsIntro: 'I read it through. A few things to look at before it goes anywhere:',
    clean: 'I read it through and found nothing that pleads, pushes or blames.',
    strengthsIntro: 'What is already good about it:',
    noStrengths: 'I could not point to a strength yet; a rework usually brings one out.',
    yourWords: 'These are pointers, not a rewrite: the words stay yours.',
    sourcesLabel: 'sources',
  },
};

/** Validates reviewer data; throws a {@link SteadyError} naming each bad field. */
export function parseDraftData(raw: unknown): DraftData {
  const parsed = DraftDataSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new SteadyError(
    ErrorCode.FlowParse,
    `The draft review data in src/coach/contact/draft-rules.ts is invalid; fix ${where}.`,
  );
}

/** The reviewer's rules, strengths and texts, validated when the module loads. */
export const draftData: DraftData = parseDraftData(RAW);
