import { DateTime, Info } from 'luxon';
import { z } from 'zod';
import type { Json } from '../../core/state.js';
import type { ActionContext, ActionResult } from '../../engine/actions.js';
import { readContacts, type Contact } from './contact-log.js';

/** Where the user stands against their contact rhythm; stored in `vars.rhythm` for the flow to branch on and show. */
export interface Rhythm {
  /** Days between light contacts that apply now (longer after a contact that landed badly). */
  everyDays: number;
  /** The plan's own rhythm, before any backing off. */
  planDays: number;
  /** True when the rhythm came from the user's assessment; false when it is Steady's rule of thumb. */
  fromPlan: boolean;
  hasLast: boolean;
  /** Calendar days since the last contact in the user's time zone, or null when none is logged. */
  daysSince: number | null;
  lastOutcome: string | null;
  /** True when the last contact's outcome made the rhythm longer. */
  backedOff: boolean;
  tooSoon: boolean;
  /** The suggested day to look at it again, as words (`Tuesday 1 December`) and as `YYYY-MM-DD`. */
  waitUntil: string;
  waitUntilDate: string;
}

/** Everything {@link computeRhythm} needs; the numbers are flow data, not code. */
export interface RhythmInput {
  contacts: readonly Contact[];
  /** `profile.assessment.contactEveryDays`, when there is an assessment. */
  planEveryDays: number | undefined;
  now: number;
  timezone: string;
  defaultEveryDays: number;
  /** The rhythm is multiplied by this after an outcome listed in `backOffAfter`. */
  backOffFactor: number;
  backOffAfter: readonly string[];
  /** The suggested date is never sooner than this many days from today. */
  minWaitDays: number;
}

/** Compares the time since the last contact, and how it went, with the plan's rhythm. */
export function computeRhythm(input: RhythmInput): Rhythm {
  const zone = safeZone(input.timezone);
  const fromPlan = input.planEveryDays !== undefined && input.planEveryDays > 0;
  const planDays = fromPlan ? (input.planEveryDays as number) : input.defaultEveryDays;
  const last = input.contacts.at(-1);
  const lastOutcome = last?.outcome ?? null;
  const backedOff = lastOutcome !== null && input.backOffAfter.includes(lastOutcome);
  const everyDays = Math.round(planDays * (backedOff ? input.backOffFactor : 1));
  const today = DateTime.fromMillis(input.now, { zone }).startOf('day');
  const earliest = today.plus({ days: input.minWaitDays });
  const lastDay = last ? DateTime.fromMillis(last.at, { zone }).startOf('day') : undefined;
  const daysSince = lastDay ? Math.round(today.diff(lastDay, 'days').days) : null;
  const due = lastDay ? lastDay.plus({ days: everyDays }) : earliest;
  const wait = due > earliest ? due : earliest;
  return {
    everyDays,
    planDays,
    fromPlan,
    hasLast: last !== undefined,
    daysSince,
    lastOutcome,
    backedOff,
    tooSoon: daysSince !== null && daysSince < everyDays,
    waitUntil: formatDay(wait),
    waitUntilDate: wait.toISODate() ?? '',
  };
}

/** A day as English words for a chat message, e.g. `Tuesday 1 December`. */
export function formatDay(day: DateTime): string {
  return day.setLocale('en-GB').toFormat('cccc d LLLL');
}

// An unknown zone name would make every date invalid; the user's own UTC day is the safe fallback.
function safeZone(timezone: string): string {
  return Info.normalizeZone(timezone)?.isValid === true ? timezone : 'UTC';
}

// === The action

const Args = z.strictObject({
  /** Path to write the {@link Rhythm} to, e.g. `vars.rhythm`. */
  to: z.string(),
  /** Steady's rule of thumb when there is no assessment. */
  defaultEveryDays: z.number().int().min(1),
  backOffFactor: z.number().min(1).default(2),
  backOffAfter: z.array(z.string()).default(['bad']),
  minWaitDays: z.number().int().min(0).default(1),
});

/** Named action `contactRhythm`: how the time since the last contact compares with the plan's rhythm. */
export function contactRhythm(ctx: ActionContext): ActionResult {
  const args = Args.parse(ctx.args);
  const assessment = ctx.state.profile.assessment;
  const plan =
    typeof assessment === 'object' && assessment !== null && !Array.isArray(assessment)
      ? assessment.contactEveryDays
      : undefined;
  const timezone = typeof ctx.state.settings.timezone === 'string' ? ctx.state.settings.timezone : 'UTC';
  const rhythm = computeRhythm({
    contacts: readContacts(ctx.state.stats.contacts),
    planEveryDays: typeof plan === 'number' ? plan : undefined,
    now: ctx.now,
    timezone,
    ...args,
  });
  return { set: { [args.to]: rhythm as unknown as Json } };
}
