import { describe, expect, it } from 'vitest';
import { pickDailyPrompt, recordCheckin } from '../../../src/coach/daily/daily-actions.js';
import { readPrompts } from '../../../src/coach/daily/prompts.js';
import type { Checkin, Outcome } from '../../../src/coach/daily/records.js';
import { streakDetail, streakOn } from '../../../src/coach/daily/streak.js';
import type { SessionState } from '../../../src/core/state.js';
import { readContentData } from '../../support/catalogs.js';
import { at, DAY, run, stateWith } from './helpers.js';

// Check-ins from a compact pattern: one character per day from `first`, d = done, j = journal, s = skip, . = nothing.
function pattern(first: string, marks: string): Checkin[] {
  const outcomes: Record<string, Outcome> = { d: 'done', j: 'journal', s: 'skip' };
  return [...marks].flatMap((mark, i) => {
    const outcome = outcomes[mark];
    const date = new Date(Date.parse(first) + i * DAY).toISOString().slice(0, 10);
    return outcome ? [{ date, prompt: 'self-move', outcome }] : [];
  });
}

describe('streakOn', () => {
  it('should count consecutive check-in days, done and journal alike', () => {
    expect(streakOn(pattern('2026-03-01', 'ddj'), '2026-03-03')).toBe(3);
  });

  it('should forgive one missed day between check-ins', () => {
    expect(streakOn(pattern('2026-03-01', 'dd.d.d'), '2026-03-06')).toBe(4);
  });

  it('should break on two missed days in a row', () => {
    expect(streakOn(pattern('2026-03-01', 'ddd..d'), '2026-03-06')).toBe(1);
  });

  it('should not count today as missed, but two missed days before it end the streak', () => {
    expect(streakOn(pattern('2026-03-01', 'dd'), '2026-03-03')).toBe(2);
    expect(streakOn(pattern('2026-03-01', 'dd'), '2026-03-04')).toBe(2);
    expect(streakOn(pattern('2026-03-01', 'dd'), '2026-03-05')).toBe(0);
  });

  it('should neither extend nor break the streak on skipped days', () => {
    expect(streakOn(pattern('2026-03-01', 'dss'), '2026-03-03')).toBe(1);
    expect(streakOn(pattern('2026-03-01', 'ds.sd'), '2026-03-05')).toBe(2);
    expect(streakOn(pattern('2026-03-01', 'd..sd'), '2026-03-05')).toBe(1);
  });

  it('should count a day once even with several check-ins, and a done day beats a skip on the same day', () => {
    const checkins: Checkin[] = [
      ...pattern('2026-03-01', 'sd'),
      { date: '2026-03-02', prompt: 'self-learn', outcome: 'skip' },
    ];
    expect(streakOn(checkins, '2026-03-02')).toBe(1);
    expect(streakOn([...checkins, { date: '2026-03-01', prompt: 'self-rest', outcome: 'done' }], '2026-03-02')).toBe(2);
  });

  it('should be 0 with no check-ins', () => {
    expect(streakOn([], '2026-03-01')).toBe(0);
  });
});

const pick = pickDailyPrompt(readPrompts(readContentData()));

// Runs /today's actions for one answer at `now`, returning the new state.
function checkIn(state: SessionState, now: number, outcome: Outcome): SessionState {
  const picked = run(pick, state, { now });
  return run(recordCheckin, picked.state, { now, vars: picked.vars, args: { outcome } }).state;
}

describe('the streak through recordCheckin', () => {
  it('should follow the rule day by day as the clock moves', () => {
    let state = stateWith({ settings: { timezone: 'UTC' } });
    const start = at('2026-03-01T09:00:00Z');
    const streaks: unknown[] = [];
    for (const [day, outcome] of [
      [0, 'done'],
      [1, 'done'],
      [3, 'journal'],
      [4, 'skip'],
      [5, 'done'],
      [8, 'done'],
    ] as const) {
      state = checkIn(state, start + day * DAY, outcome);
      streaks.push(state.stats.streak);
    }
    expect(streaks).toEqual([1, 2, 3, 3, 4, 1]);
    expect(state.stats.lastCheckin).toBe('2026-03-09');
  });

  it('should use the local date: 23:30 in Berlin is the same day there, but the next day in UTC terms is not', () => {
    // 22:30 UTC is 23:30 in Berlin (winter time); an hour later it is past midnight in Berlin, still the same UTC day.
    const lateEvening = at('2026-03-01T22:30:00Z');
    const berlin = stateWith({ settings: { timezone: 'Europe/Berlin' } });
    const utc = stateWith({ settings: { timezone: 'UTC' } });
    const inBerlin = checkIn(checkIn(berlin, lateEvening, 'done'), lateEvening + 3_600_000, 'done');
    const inUtc = checkIn(checkIn(utc, lateEvening, 'done'), lateEvening + 3_600_000, 'done');
    expect(inBerlin.stats.checkins).toMatchObject([{ date: '2026-03-01' }, { date: '2026-03-02' }]);
    expect(inBerlin.stats.streak).toBe(2);
    expect(inUtc.stats.checkins).toMatchObject([{ date: '2026-03-01', outcome: 'done' }]);
    expect(inUtc.stats.streak).toBe(1);
  });

  it('should fall back to UTC for an unknown time zone', () => {
    const state = checkIn(stateWith({ settings: { timezone: 'Mars/Olympus' } }), at('2026-03-01T23:30:00Z'), 'done');
    expect(state.stats.checkins).toMatchObject([{ date: '2026-03-01' }]);
  });
});

describe('streakDetail', () => {
  it('should count the missed days the forgiving rule let pass', () => {
    expect(streakDetail(pattern('2026-03-01', 'dd.d.d'), '2026-03-06')).toEqual({ streak: 4, forgiven: 2 });
  });

  it('should count none when no day was missed, or when the missed days broke the streak', () => {
    expect(streakDetail(pattern('2026-03-01', 'ddsd'), '2026-03-04')).toEqual({ streak: 3, forgiven: 0 });
    expect(streakDetail(pattern('2026-03-01', 'd..dd'), '2026-03-05')).toEqual({ streak: 2, forgiven: 0 });
  });

  it('should not count today, which is not over yet', () => {
    expect(streakDetail(pattern('2026-03-01', 'dd'), '2026-03-03')).toEqual({ streak: 2, forgiven: 0 });
  });
});
