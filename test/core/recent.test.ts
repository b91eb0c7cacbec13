import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECENT_DAYS, RECENT_SLACK_DAYS, windowState, withPast } from '../../src/core/recent.js';
import { createState, type Json, type SessionState } from '../../src/core/state.js';
import { readCheckins, readMoods, readSeen } from '../../src/coach/daily/records.js';
import { streakDetail } from '../../src/coach/daily/streak.js';
import { weekNumbers } from '../../src/coach/daily/review.js';
import { progressDays } from '../../src/coach/progress/series.js';
import { audienceOf, choosePrompt } from '../../src/coach/daily/select.js';
import { readPrompts } from '../../src/coach/daily/prompts.js';
import { readContentData } from '../support/catalogs.js';

// The state a turn reads keeps the last days of check-ins, moods and prompt history; older entries move to
// the history with a summary. What the coach reads from the state must not change by the move.

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/session/states-0.2.json', import.meta.url), 'utf8')) as {
  state: SessionState;
};
const FULL = FIXTURE.state;
const TODAY = '2026-04-05';
const NOW = Date.parse(`${TODAY}T18:00:00Z`);
const ZONE = 'UTC';

const dateAfter = (start: string, days: number): string =>
  new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function spanOf(list: Json | undefined): number {
  const dates = (Array.isArray(list) ? list : []).map((e) => (e as { date: string }).date).sort();
  const first = dates[0];
  const last = dates.at(-1);
  return first === undefined || last === undefined ? 0 : (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
}

describe('windowState', () => {
  const cut = windowState(FULL);

  it('should keep the last days of each windowed list and move the rest to its history list', () => {
    for (const key of ['checkins', 'moods', 'promptHistory']) {
      expect(spanOf(cut.stats[key])).toBeLessThanOrEqual(RECENT_DAYS);
      expect(spanOf(cut.stats[key])).toBeGreaterThan(0);
    }
    expect(withPast(cut).stats.checkins).toEqual(FULL.stats.checkins);
    expect(withPast(cut).stats.moods).toEqual(FULL.stats.moods);
    expect(withPast(cut).stats.promptHistory).toEqual(FULL.stats.promptHistory);
  });

  it('should leave a state whose lists fit the window and its slack as the very same object', () => {
    expect(windowState(cut)).toBe(cut);
    const fresh = createState();
    expect(windowState(fresh)).toBe(fresh);
  });

  it('should give streaks, the review, the progress picture and prompt choice the same answers', () => {
    for (const day of [TODAY, dateAfter(TODAY, 1), dateAfter(TODAY, 3)]) {
      expect(streakDetail(readCheckins(cut.stats), day)).toEqual(streakDetail(readCheckins(FULL.stats), day));
    }
    expect(weekNumbers(cut.stats, NOW, ZONE)).toEqual(weekNumbers(FULL.stats, NOW, ZONE));
    const days = (stats: SessionState['stats']) =>
      progressDays(stats, NOW, ZONE, 90).map((d) => ({ ...d, contacts: d.contacts.length }));
    expect(days(cut.stats)).toEqual(days(FULL.stats));
    expect(readMoods(cut.stats).map((m) => m.date)).toEqual(readMoods(FULL.stats).map((m) => m.date));
    const prompts = readPrompts(readContentData());
    const selection = (stats: SessionState['stats'], today: string) => ({
      audience: audienceOf(FULL.profile),
      seen: readSeen(stats),
      today,
    });
    for (let d = 0; d < 20; d += 1) {
      const today = dateAfter(TODAY, d);
      expect(choosePrompt(prompts, selection(cut.stats, today))?.id).toBe(
        choosePrompt(prompts, selection(FULL.stats, today))?.id,
      );
    }
  });

  it('should keep a streak that runs longer than the window and many cuts', () => {
    let state = createState();
    let moved: Json[] = [];
    const start = '2026-01-01';
    for (let d = 0; d < 200; d += 1) {
      // Every 10th day missed (forgiven); the rest done, journal or skipped in turn.
      if (d % 10 === 9) continue;
      const outcome = ['done', 'journal', 'skip'][d % 3] as string;
      const checkins = [
        ...(Array.isArray(state.stats.checkins) ? state.stats.checkins : []),
        { date: dateAfter(start, d), prompt: 'p', outcome },
      ];
      state = windowState({ ...state, stats: { ...state.stats, checkins } });
      const past = state.stats.pastCheckins;
      if (Array.isArray(past)) moved = [...moved, ...past];
      state = { ...state, stats: { ...state.stats, pastCheckins: [] } };
    }
    expect(spanOf(state.stats.checkins)).toBeLessThanOrEqual(RECENT_DAYS + RECENT_SLACK_DAYS);
    const all = [...moved, ...(state.stats.checkins as Json[])];
    expect(all).toHaveLength(180);
    const today = dateAfter(start, 199);
    const whole = streakDetail(readCheckins({ checkins: all }), today);
    expect(streakDetail(readCheckins(state.stats), today)).toEqual(whole);
    expect(whole.streak).toBeGreaterThan(100);
  });
});
