import { CHART_OUTCOMES, type ChartDay, type ChartOutcome } from '../../core/picture.js';
import { formatText } from '../../core/messages.js';
import type { ProgressTexts } from './texts.js';

/** The chart in words (its alternative text): the range, the mood, the check-ins and the contacts. */
export function summaryOf(days: readonly ChartDay[], texts: ProgressTexts): string {
  const words = texts.summary;
  const first = days[0]?.date ?? '';
  const last = days.at(-1)?.date ?? '';
  const scores = days.flatMap((d) => (d.mood === undefined ? [] : [d.mood]));
  const counts = outcomeCounts(days);
  const contacts = CHART_OUTCOMES.reduce((sum, o) => sum + counts[o], 0);
  const outcomes = CHART_OUTCOMES.filter((o) => counts[o] > 0).map((o) =>
    formatText(words.outcomes[o], { n: counts[o] }),
  );
  return [
    formatText(words.intro, { days: days.length, from: first, to: last }),
    scores.length === 0
      ? words.noMood
      : formatText(words.mood, {
          scores: scores.length,
          average: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
          first: scores[0],
          last: scores.at(-1),
        }),
    checkinsOf(days, texts),
    contacts === 0 ? words.noContacts : formatText(words.contacts, { count: contacts, outcomes: outcomes.join(', ') }),
  ].join(' ');
}

/** The chart as three lines of text, one mark per day: mood level, check-in, and the day's contacts. */
export function sparklineOf(days: readonly ChartDay[], texts: ProgressTexts): string {
  const marks = texts.sparkline;
  const { labels } = texts;
  const width = Math.max(labels.mood.length, labels.checkins.length, labels.contacts.length) + 2;
  const row = (label: string, mark: (d: ChartDay) => string): string =>
    `${label.padEnd(width)}${days.map(mark).join('')}`;
  return [
    row(labels.mood, (d) => (d.mood === undefined ? marks.none : (marks.moodLevels[d.mood - 1] ?? marks.none))),
    row(labels.checkins, (d) => (d.checkin === undefined ? marks.none : marks[d.checkin])),
    // A day with several contacts shows its worst outcome: the one worth a second look.
    row(labels.contacts, (d) => (d.contacts.length === 0 ? marks.none : marks.outcomes[worst(d.contacts)])),
  ].join('\n');
}

function checkinsOf(days: readonly ChartDay[], texts: ProgressTexts): string {
  const done = days.filter((d) => d.checkin === 'done').length;
  const skipped = days.filter((d) => d.checkin === 'skip').length;
  return done + skipped === 0 ? texts.summary.noCheckins : formatText(texts.summary.checkins, { done, skipped });
}

const SEVERITY: Record<ChartOutcome, number> = { good: 0, pending: 1, mixed: 2, no_reply: 3, bad: 4 };

function worst(outcomes: readonly ChartOutcome[]): ChartOutcome {
  return outcomes.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
}

function outcomeCounts(days: readonly ChartDay[]): Record<ChartOutcome, number> {
  const counts = Object.fromEntries(CHART_OUTCOMES.map((o) => [o, 0])) as Record<ChartOutcome, number>;
  for (const d of days) for (const o of d.contacts) counts[o] += 1;
  return counts;
}
