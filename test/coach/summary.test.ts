import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/coach/summary.js';
import { createState } from '../../src/core/state.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

describe('summarize', () => {
  it('should describe a new user as not onboarded with nothing scheduled', () => {
    expect(summarize(createState(), NOW)).toEqual({
      onboarded: false,
      streak: 0,
      paused: false,
      contactBlocked: false,
    });
  });

  it('should show the assessment headline, a live streak and the daily time', () => {
    const state = {
      ...createState(),
      settings: { onboarded: true, dailyTime: '07:30', timezone: 'Europe/Berlin' },
      profile: { assessment: { at: NOW - 86_400_000, headline: 'Go slowly.' } },
      stats: {
        streak: 9,
        checkins: [
          { date: '2026-11-20', prompt: 'a', outcome: 'done' },
          { date: '2026-11-21', prompt: 'b', outcome: 'journal' },
        ],
      },
    };
    expect(summarize(state, NOW)).toEqual({
      onboarded: true,
      assessment: { at: NOW - 86_400_000, headline: 'Go slowly.' },
      streak: 2,
      dailyPrompt: { time: '07:30', timezone: 'Europe/Berlin' },
      paused: false,
      contactBlocked: false,
    });
  });

  it('should hide the daily time while paused and report the contact gate', () => {
    const state = {
      ...createState(),
      settings: { dailyTime: '07:30', timezone: 'UTC', paused: true },
      flags: { contactBlocked: true },
    };
    const summary = summarize(state, NOW);
    expect(summary.dailyPrompt).toBeUndefined();
    expect(summary).toMatchObject({ paused: true, contactBlocked: true });
  });
});
