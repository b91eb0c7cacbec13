import { z } from 'zod';
import { formatText } from '../../core/messages.js';
import type { JsonRecord } from '../../core/state.js';
import { addDays, localDate } from './dates.js';
import { readCheckins, readContacts, readMoods, type Mood } from './records.js';
import { streakOn } from './streak.js';

/** How many local days the review looks back over, today included. */
export const REVIEW_DAYS = 7;

/** Which way moods went over the week; `none` with fewer than two scores. */
export type MoodTrend = 'up' | 'down' | 'steady' | 'none';

/** Outcomes of logged contacts; `pending` is a contact not rated yet. */
export const CONTACT_OUTCOMES = ['good', 'mixed', 'bad', 'no_reply', 'pending'] as const;
/** One of {@link CONTACT_OUTCOMES}. */
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** The week in numbers, as the review reports it. */
export interface WeekNumbers {
  /** First and last local date of the week (today). */
  from: string;
  to: string;
  /** Days with a check-in marked done or journal. */
  checkinDays: number;
  /** Days whose only check-ins were skipped. */
  skipDays: number;
  streak: number;
  contacts: number;
  outcomes: Record<ContactOutcome, number>;
  mood: { trend: MoodTrend; scores: number; average: number | null };
}

/** A change of at least this much between the early and the late half of the week counts as up or down. */
export const TREND_STEP = 0.5;

/** Counts the last {@link REVIEW_DAYS} local days (today included) from the user's stats. */
export function weekNumbers(stats: Readonly<JsonRecord>, now: number, zone: string): WeekNumbers {
  const to = localDate(now, zone);
  const from = addDays(to, -(REVIEW_DAYS - 1));
  const inWeek = (date: string): boolean => date >= from && date <= to;
  const checkins = readCheckins(stats);
  const week = checkins.filter((c) => inWeek(c.date));
  const counted = new Set(week.filter((c) => c.outcome !== 'skip').map((c) => c.date));
  const skipped = new Set(week.filter((c) => c.outcome === 'skip' && !counted.has(c.date)).map((c) => c.date));
  const contacts = readContacts(stats).filter((c) => inWeek(localDate(c.at, zone)));
  const outcomes = Object.fromEntries(CONTACT_OUTCOMES.map((o) => [o, 0])) as Record<ContactOutcome, number>;
  for (const contact of contacts) outcomes[contact.outcome ?? 'pending'] += 1;
  return {
    from,
    to,
    checkinDays: counted.size,
    skipDays: skipped.size,
    streak: streakOn(checkins, to),
    contacts: contacts.length,
    outcomes,
    mood: moodTrend(readMoods(stats).filter((m) => inWeek(m.date))),
  };
}

/**
 * Compares the average score of the earlier half of the week's moods with the later half (the middle
 * score of an odd count belongs to neither): up or down by {@link TREND_STEP} or more, else steady.
 */
export function moodTrend(moods: readonly Mood[]): WeekNumbers['mood'] {
  const scores = [...moods].sort((a, b) => a.date.localeCompare(b.date)).map((m) => m.score);
  const average = scores.length > 0 ? round(mean(scores)) : null;
  if (scores.length < 2) return { trend: 'none', scores: scores.length, average };
  const half = Math.floor(scores.length / 2);
  const change = mean(scores.slice(-half)) - mean(scores.slice(0, half));
  const trend: MoodTrend = change >= TREND_STEP ? 'up' : change <= -TREND_STEP ? 'down' : 'steady';
  return { trend, scores: scores.length, average };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

// === The review's words, which come from the flow

const Template = z.string().min(1);

/** The sentences of the review, given as `weeklyReview` args in `flows/week.yaml`. */
export const ReviewTextsSchema = z.strictObject({
  /** Placeholders: {$from}, {$to}. */
  intro: Template,
  /** Placeholders: {$days}, {$streak}. */
  checkins: Template,
  noCheckins: Template,
  /** Said only when some days were skipped. Placeholder: {$skips}. */
  skips: Template,
  /** Placeholders: {$count}, {$outcomes} (the non-zero `outcomes` parts joined with commas). */
  contacts: Template,
  noContacts: Template,
  /** Each with {$n}. */
  outcomes: z.strictObject({ good: Template, mixed: Template, bad: Template, no_reply: Template, pending: Template }),
  /** Each with {$average} and {$scores}. */
  mood: z.strictObject({ up: Template, down: Template, steady: Template, none: Template }),
});
/** The validated review texts. */
export type ReviewTexts = z.infer<typeof ReviewTextsSchema>;

/** The review as lines of text, filled from `texts`. */
export function reviewLines(week: WeekNumbers, texts: ReviewTexts): string[] {
  const outcomes = CONTACT_OUTCOMES.filter((o) => week.outcomes[o] > 0).map((o) =>
    formatText(texts.outcomes[o], { n: week.outcomes[o] }),
  );
  return [
    formatText(texts.intro, { from: week.from, to: week.to }),
    week.checkinDays > 0
      ? formatText(texts.checkins, { days: week.checkinDays, streak: week.streak })
      : texts.noCheckins,
    ...(week.skipDays > 0 ? [formatText(texts.skips, { skips: week.skipDays })] : []),
    week.contacts > 0
      ? formatText(texts.contacts, { count: week.contacts, outcomes: outcomes.join(', ') })
      : texts.noContacts,
    formatText(texts.mood[week.mood.trend], { average: week.mood.average ?? '', scores: week.mood.scores }),
  ];
}
