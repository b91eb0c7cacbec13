import { describe, expect, it } from 'vitest';
import { weeklyReview } from '../../../src/coach/daily/daily-actions.js';
import { moodTrend, reviewLines, weekNumbers, type ReviewTexts } from '../../../src/coach/daily/review.js';
import { at, DAY, run, stateWith } from './helpers.js';
import { resourcesText } from '../../support/actions.js';

const NOW = at('2026-03-10T12:00:00Z');

const TEXTS: ReviewTexts = {
  intro: 'Week {$from}..{$to}',
  checkins: 'checkins {$days} streak {$streak}',
  noCheckins: 'no checkins',
  skips: 'skipped {$skips}',
  contacts: 'contacts {$count}: {$outcomes}',
  noContacts: 'no contacts',
  outcomes: {
    good: '{$n} good',
    mixed: '{$n} mixed',
    bad: '{$n} bad',
    no_reply: '{$n} silent',
    pending: '{$n} open',
  },
  mood: { up: 'up {$average}/{$scores}', down: 'down {$average}', steady: 'steady {$average}', none: 'no trend' },
};

const moods = (...scores: number[]): { date: string; score: number }[] =>
  scores.map((score, i) => ({ date: `2026-03-0${i + 1}`, score }));

describe('moodTrend', () => {
  it('should say up, down or steady by comparing the early and late halves of the week', () => {
    expect(moodTrend(moods(2, 2, 3, 4))).toEqual({ trend: 'up', scores: 4, average: 2.8 });
    expect(moodTrend(moods(5, 4, 3, 2, 2))).toEqual({ trend: 'down', scores: 5, average: 3.2 });
    expect(moodTrend(moods(3, 4, 4, 3))).toMatchObject({ trend: 'steady' });
    expect(moodTrend(moods(3, 3, 5, 3, 3))).toMatchObject({ trend: 'steady' });
  });

  it('should order scores by date before comparing', () => {
    expect(moodTrend([...moods(1, 5)].reverse())).toMatchObject({ trend: 'up' });
  });

  it('should report no trend with fewer than two scores', () => {
    expect(moodTrend([])).toEqual({ trend: 'none', scores: 0, average: null });
    expect(moodTrend(moods(4))).toEqual({ trend: 'none', scores: 1, average: 4 });
  });
});

describe('weekNumbers', () => {
  const stats = {
    checkins: [
      { date: '2026-03-02', prompt: 'self-move', outcome: 'done' }, // eight days ago: outside the week
      { date: '2026-03-05', prompt: 'self-learn', outcome: 'done' },
      { date: '2026-03-06', prompt: 'self-rest', outcome: 'skip' },
      { date: '2026-03-08', prompt: 'self-meal', outcome: 'journal' },
      { date: '2026-03-08', prompt: 'self-class', outcome: 'skip' },
      { date: '2026-03-09', prompt: 'self-promise', outcome: 'done' },
    ],
    contacts: [
      { at: NOW - 9 * DAY, purpose: 'checkin', verdict: 'send', outcome: 'good' },
      { at: NOW - 5 * DAY, purpose: 'checkin', verdict: 'send', outcome: 'bad' },
      { at: NOW - 3 * DAY, purpose: 'reply', verdict: 'send', outcome: 'good' },
      { at: NOW - 2 * DAY, purpose: 'feelings', verdict: 'wait' },
      { at: NOW - 1 * DAY, purpose: 'practical', verdict: 'send' },
    ],
    moods: [
      { date: '2026-03-05', score: 2 },
      { date: '2026-03-08', score: 3 },
      { date: '2026-03-10', score: 4 },
    ],
  };

  it('should count check-in days, skip-only days, sent contacts by outcome and the mood trend of the last 7 local days', () => {
    expect(weekNumbers(stats, NOW, 'UTC')).toEqual({
      from: '2026-03-04',
      to: '2026-03-10',
      checkinDays: 3,
      skipDays: 1,
      streak: 3,
      contacts: 3,
      outcomes: { good: 1, mixed: 0, bad: 1, no_reply: 0, pending: 1 },
      mood: { trend: 'up', scores: 3, average: 3 },
    });
    expect(reviewLines(weekNumbers(stats, NOW, 'UTC'), TEXTS)).toEqual([
      'Week 2026-03-04..2026-03-10',
      'checkins 3 streak 3',
      'skipped 1',
      'contacts 3: 1 good, 1 bad, 1 open',
      'up 3/3',
    ]);
  });

  it('should use the local date for the edges of the week', () => {
    // 23:30 on the 3rd in UTC is already the 4th in Berlin, inside the week there but not in UTC.
    const edge = {
      contacts: [{ at: at('2026-03-03T23:30:00Z'), purpose: 'reply', verdict: 'send', outcome: 'mixed' }],
    };
    expect(weekNumbers(edge, NOW, 'UTC').contacts).toBe(0);
    expect(weekNumbers(edge, NOW, 'Europe/Berlin').outcomes.mixed).toBe(1);
  });

  it('should be all zeros with nothing stored', () => {
    const week = weekNumbers({}, NOW, 'UTC');
    expect(reviewLines(week, TEXTS)).toEqual(['Week 2026-03-04..2026-03-10', 'no checkins', 'no contacts', 'no trend']);
  });
});

describe('reviewLines and weeklyReview', () => {
  it('should fill the texts from args, listing only the outcomes that occurred', () => {
    const stats = {
      checkins: [{ date: '2026-03-10', prompt: 'self-move', outcome: 'done' }],
      contacts: [
        { at: NOW, purpose: 'reply', verdict: 'send', outcome: 'no_reply' },
        { at: NOW, purpose: 'reply', verdict: 'send' },
      ],
      moods: [
        { date: '2026-03-09', score: 4 },
        { date: '2026-03-10', score: 2 },
      ],
    };
    const { say, vars } = run(weeklyReview, stateWith({ stats }), { now: NOW, args: TEXTS });
    expect(say).toEqual(['Week 2026-03-04..2026-03-10\ncheckins 1 streak 1\ncontacts 2: 1 silent, 1 open\ndown 3']);
    expect(vars.week).toMatchObject({ days: 1, contacts: 2, no_reply: 1, pending: 1, good: 0, trend: 'down' });
  });

  it('should refuse args that miss a text', () => {
    const { mood: _mood, ...partial } = TEXTS;
    expect(() => weeklyReview({ state: stateWith(), vars: {}, args: partial, now: NOW, resourcesText })).toThrow();
  });
});
