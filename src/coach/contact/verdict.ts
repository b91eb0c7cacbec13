import { z } from 'zod';
import { LAST_ADVICE } from '../../core/state.js';
import { formatText } from '../../core/messages.js';
import { readPath, scopeOf, type Scope } from '../../core/vars.js';
import type { ActionContext, ActionFn, ActionResult } from '../../engine/actions.js';
import type { DraftData, DraftRule } from './draft-rules.js';

// Steady's own recommendation at the end of a pre-contact reflection: send, wait until a named day, or
// rework, with the one or two reasons that decided it. The user still chooses; the flow only pauses once
// when they choose to send against it.

/** What Steady recommends for a contact. */
export type Verdict = 'send' | 'wait' | 'rework';

/** The recommendation, the lines that decided it, the sources behind them, and the titles of what was flagged. */
export interface Recommendation {
  verdict: Verdict;
  reasons: string[];
  sources: string[];
  flagged: string[];
}

/** What the recommendation weighs: the review's flags and strengths, the rhythm, the purpose and how strained things are. */
export interface VerdictInput {
  flags: readonly string[];
  strengths: readonly string[];
  purpose: string | undefined;
  rhythm: { tooSoon: boolean; daysSince: number | null; everyDays: number } | undefined;
  /** True when the relationship is hurting (the assessment's damage is not low, or unknown). */
  strained: boolean;
}

/** At most this many reasons are named: the ones that decided, not every finding again. */
const MAX_REASONS = 2;
// Purposes that speak about the two of you; with a strained relationship they are pursuit.
const ABOUT_US = ['feelings', 'us'];

/** Decides send, wait or rework from the review and the situation; every sentence comes from `data.verdict`. */
export function recommend(input: VerdictInput, data: DraftData): Recommendation {
  const texts = data.verdict;
  const fired = data.rules.filter((rule) => input.flags.includes(rule.id));
  const flagged = fired.map((rule) => rule.title);
  const serious = fired.filter((rule) => rule.verdict === 'rework');
  if (serious.length > 0 || fired.length >= data.reworkAt) {
    const deciding = (serious.length > 0 ? serious : fired).slice(0, MAX_REASONS);
    return {
      verdict: 'rework',
      reasons: deciding.map((r) => ruleLine(r, data)),
      sources: sourcesOf(deciding),
      flagged,
    };
  }
  const tidy = fired.length > 0 ? [formatText(texts.tidy, { titles: flagged.join(', ') })] : [];
  const { rhythm } = input;
  if (input.purpose === 'checkin' && rhythm?.tooSoon) {
    const line = formatText(texts.rhythm, { days: rhythm.daysSince ?? 0, every: rhythm.everyDays });
    return { verdict: 'wait', reasons: [line, ...tidy], sources: texts.rhythmSources, flagged };
  }
  if (input.purpose !== undefined && ABOUT_US.includes(input.purpose) && input.strained) {
    return { verdict: 'wait', reasons: [texts.pursuit, ...tidy], sources: texts.pursuitSources, flagged };
  }
  const strengths = data.strengths.filter((s) => input.strengths.includes(s.id)).slice(0, MAX_REASONS);
  if (strengths.length === 0)
    return { verdict: 'send', reasons: [texts.plainSend, ...tidy], sources: texts.plainSources, flagged };
  const lines = strengths.map((s) => formatText(texts.strengthReason, { text: s.text, sources: s.sources }));
  return { verdict: 'send', reasons: [...lines, ...tidy], sources: sourcesOf(strengths), flagged };
}

function ruleLine(rule: DraftRule, data: DraftData): string {
  return formatText(data.verdict.reasonLine, { title: rule.title, short: rule.short, sources: rule.sources });
}

function sourcesOf(items: readonly { sources: readonly string[] }[]): string[] {
  return [...new Set(items.flatMap((item) => item.sources))].sort();
}

// === The action

const Args = z.strictObject({
  /** Path of the draft review, e.g. `vars.review` (absent when the draft was skipped). */
  review: z.string(),
  /** Path of the contact rhythm, e.g. `vars.rhythm`. */
  rhythm: z.string(),
  /** Path of the contact's purpose, e.g. `vars.purpose`. */
  purpose: z.string(),
  /** Path to write `{verdict, reasons, flagged}` to, e.g. `vars.recommend`. */
  to: z.string(),
});

const StoredReview = z.object({ flags: z.array(z.string()), strengths: z.array(z.string()) });
const StoredRhythm = z.object({ tooSoon: z.boolean(), daysSince: z.number().nullable(), everyDays: z.number() });

/**
 * Named action `recommendContact` over `data`: stores Steady's recommendation for the flow to say and branch
 * on (`reasons` and `flagged` as lines of text), and notes its sources as the last advice, so /why names them.
 */
export function recommendContact(data: DraftData): ActionFn {
  return (ctx: ActionContext): ActionResult => {
    const args = Args.parse(ctx.args);
    const scope: Scope = { ...scopeOf(ctx.state), vars: { ...ctx.vars } };
    const review = StoredReview.safeParse(readPath(scope, args.review));
    const rhythm = StoredRhythm.safeParse(readPath(scope, args.rhythm));
    const purpose = readPath(scope, args.purpose);
    const damage = readPath(scope, 'profile.assessment.damage');
    // Under one roof the rhythm is not counted in days, so it never decides a wait.
    const together = readPath(scope, 'profile.assessment.living') === 'together';
    const result = recommend(
      {
        flags: review.success ? review.data.flags : [],
        strengths: review.success ? review.data.strengths : [],
        purpose: typeof purpose === 'string' ? purpose : undefined,
        rhythm: rhythm.success && !together ? rhythm.data : undefined,
        strained: damage !== 'low',
      },
      data,
    );
    return {
      set: {
        [args.to]: { verdict: result.verdict, reasons: result.reasons.join('\n'), flagged: result.flagged.join('; ') },
        [`stats.${LAST_ADVICE}`]: { sources: result.sources, step: 'contact/lean' },
      },
    };
  };
}
