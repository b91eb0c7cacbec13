import { describe, expect, it } from 'vitest';
import { progressDays } from '../../../src/coach/progress/series.js';
import { drawProgress, historyOf } from '../../support/progress.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');

describe('progressDays', () => {
  it('should give one entry per local day, today last, with the mood, check-in and contacts of that day', () => {
    const state = historyOf({
      now: NOW,
      days: 30,
      mood: (i) => (i === 29 ? 4 : undefined),
      checkin: (i) => (i === 28 ? 'journal' : i === 27 ? 'skip' : undefined),
      contacts: [{ daysAgo: 0, outcome: 'bad' }, { daysAgo: 0 }, { daysAgo: 3, verdict: 'wait' }],
    });
    const days = progressDays(state.stats, NOW, 'UTC', 30);
    expect(days).toHaveLength(30);
    expect(days[0]?.date).toBe('2026-11-07');
    expect(days.at(-1)).toEqual({ date: '2026-12-06', mood: 4, contacts: ['bad', 'pending'] });
    expect(days.at(-2)).toEqual({ date: '2026-12-05', checkin: 'done', contacts: [] });
    expect(days.at(-3)).toEqual({ date: '2026-12-04', checkin: 'skip', contacts: [] });
    // A reflection that ended in "wait" was never sent, so it is no contact.
    expect(days.flatMap((d) => d.contacts)).toHaveLength(2);
  });

  it('should count a day in the user time zone, not in UTC', () => {
    const late = Date.parse('2026-12-06T23:30:00Z');
    const state = historyOf({ now: late, days: 1, contacts: [{ daysAgo: 0, outcome: 'good' }] });
    const days = progressDays(state.stats, late, 'Europe/Berlin', 2);
    expect(days.map((d) => [d.date, d.contacts])).toEqual([
      ['2026-12-06', []],
      ['2026-12-07', ['good']],
    ]);
  });
});

describe('progressPicture', () => {
  const state = historyOf({
    now: NOW,
    days: 90,
    mood: (i) => (i % 2 === 0 ? 1 + (i % 5) : undefined),
    checkin: (i) => (i % 3 === 0 ? 'done' : i % 3 === 1 ? 'skip' : undefined),
    contacts: [{ daysAgo: 1, outcome: 'good' }, { daysAgo: 40, outcome: 'bad' }, { daysAgo: 2 }],
  });

  it('should send a reply whose text is the chart summary and whose picture carries the range', () => {
    const { reply, drawn } = drawProgress(state, NOW, { days: 30 });
    expect(drawn).toBe(true);
    expect(reply?.picture.chart.days).toHaveLength(30);
    expect(reply?.picture.chart.title).toBe('Your last 30 days');
    expect(reply?.text).toBe(reply?.picture.alt);
    expect(reply?.picture.alt).toContain('A chart of your last 30 days, 2026-11-07 to 2026-12-06.');
    expect(reply?.picture.alt).toContain('Mood: 15 scores, average 3 of 5');
    expect(reply?.picture.alt).toContain('Check-ins done on 10 days, skipped on 10.');
    // The contact 40 days ago is outside the last 30 days.
    expect(reply?.picture.alt).toContain('Contacts: 2 (1 went well, 1 not rated yet).');
  });

  it('should read the range from a journey variable and fall back to 30 days for anything else', () => {
    const lengthFor = (range: string) =>
      drawProgress(state, NOW, { daysFrom: 'vars.range' }, { range }).reply?.picture.chart.days.length;
    expect(lengthFor('90')).toBe(90);
    expect(lengthFor('30')).toBe(30);
    expect(lengthFor('twelve')).toBe(30);
    const ninety = drawProgress(state, NOW, { days: 90 });
    expect(ninety.reply?.picture.chart.days).toHaveLength(90);
    expect(ninety.reply?.picture.alt).toContain('Contacts: 3 (1 went well, 1 went badly, 1 not rated yet).');
    expect(drawProgress(state, NOW, { days: 7 }).reply?.picture.chart.days).toHaveLength(30);
  });

  it('should draw the sparkline with one mark per day on three labelled rows', () => {
    const mine = historyOf({
      now: NOW,
      days: 30,
      mood: (i) => (i >= 25 ? i - 24 : undefined),
      checkin: (i) => (i === 29 ? 'done' : i === 28 ? 'skip' : undefined),
      contacts: [
        { daysAgo: 0, outcome: 'good' },
        { daysAgo: 0, outcome: 'bad' },
      ],
    });
    const lines = drawProgress(mine, NOW).reply?.picture.sparkline.split('\n') ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Mood\s+·{25}▁▂▄▆█$/);
    expect(lines[1]).toMatch(/^Check-ins\s+·{28}□■$/);
    // Two contacts on one day show the worse one.
    expect(lines[2]).toMatch(/^Contacts\s+·{29}-$/);
  });

  it('should say there is nothing to draw yet for an empty range, or nothing at all when asked to keep quiet', () => {
    const empty = historyOf({ now: NOW, days: 90, mood: (i) => (i < 10 ? 3 : undefined) });
    const loud = drawProgress(empty, NOW, { days: 30 });
    expect(loud.reply).toBeUndefined();
    expect(loud.drawn).toBe(false);
    expect(loud.say.join(' ')).toContain('nothing to draw yet for the last 30 days');
    expect(drawProgress(empty, NOW, { days: 30, quietIfEmpty: true }).say).toEqual([]);
    expect(drawProgress(empty, NOW, { days: 90 }).reply?.picture.alt).toContain('Mood: 10 scores');
  });

  it('should draw nothing for a user who chose not to have anything stored', () => {
    const declined = { ...state, settings: { ...state.settings, consent: false } };
    expect(drawProgress(declined, NOW).reply).toBeUndefined();
  });
});
