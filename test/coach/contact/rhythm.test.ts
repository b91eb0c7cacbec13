import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/coach/contact/contact-log.js';
import { computeRhythm, contactRhythm, type RhythmInput } from '../../../src/coach/contact/rhythm.js';
import { createState } from '../../../src/core/state.js';
import { resourcesText } from '../../support/actions.js';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const LAST_AT = Date.parse('2026-11-20T22:30:00Z'); // 23:30 in Berlin, already the 21st in Tokyo

function input(overrides: Partial<RhythmInput> = {}): RhythmInput {
  return {
    contacts: [{ at: LAST_AT, purpose: 'checkin', verdict: 'send' }],
    planEveryDays: 7,
    now: NOW,
    timezone: 'Europe/Berlin',
    defaultEveryDays: 7,
    backOffFactor: 2,
    backOffAfter: ['bad', 'no_reply'],
    minWaitDays: 1,
    ...overrides,
  };
}

describe('computeRhythm', () => {
  it('should count calendar days in the user time zone and suggest the day the rhythm comes round', () => {
    const rhythm = computeRhythm(input());
    expect(rhythm).toMatchObject({ daysSince: 2, everyDays: 7, fromPlan: true, tooSoon: true, backedOff: false });
    expect(rhythm.waitUntil).toBe('Friday 27 November');
    expect(rhythm.waitUntilDate).toBe('2026-11-27');
  });

  it('should count the same moments differently in another time zone', () => {
    const rhythm = computeRhythm(input({ timezone: 'Asia/Tokyo' }));
    expect(rhythm.daysSince).toBe(1);
    expect(rhythm.waitUntil).toBe('Saturday 28 November');
  });

  it('should double the rhythm after a contact that went badly, or got no reply', () => {
    for (const outcome of ['bad', 'no_reply'] as const) {
      const contacts: Contact[] = [{ at: LAST_AT, purpose: 'checkin', verdict: 'send', outcome }];
      const rhythm = computeRhythm(input({ contacts }));
      expect(rhythm).toMatchObject({ everyDays: 14, planDays: 7, backedOff: true, lastOutcome: outcome });
      expect(rhythm.waitUntil).toBe('Friday 4 December');
    }
    const good = computeRhythm(
      input({ contacts: [{ at: LAST_AT, purpose: 'checkin', verdict: 'send', outcome: 'good' }] }),
    );
    expect(good.everyDays).toBe(7);
  });

  it("should fall back to Steady's rule of thumb without an assessment", () => {
    const rhythm = computeRhythm(input({ planEveryDays: undefined, defaultEveryDays: 5 }));
    expect(rhythm).toMatchObject({ fromPlan: false, everyDays: 5, planDays: 5 });
  });

  it('should not call it too soon once the rhythm has passed, and never suggest a day before tomorrow', () => {
    const rhythm = computeRhythm(input({ planEveryDays: 2 }));
    expect(rhythm.tooSoon).toBe(false);
    expect(rhythm.waitUntilDate).toBe('2026-11-23');
  });

  it('should suggest tomorrow in the user time zone when nothing is logged', () => {
    const lateEvening = Date.parse('2026-11-22T23:30:00Z');
    const berlin = computeRhythm(input({ contacts: [], now: lateEvening }));
    expect(berlin).toMatchObject({ hasLast: false, daysSince: null, tooSoon: false, waitUntil: 'Tuesday 24 November' });
    expect(computeRhythm(input({ contacts: [], now: lateEvening, timezone: 'UTC' })).waitUntil).toBe(
      'Monday 23 November',
    );
  });

  it('should count whole days across a daylight saving change', () => {
    const rhythm = computeRhythm(
      input({
        contacts: [{ at: Date.parse('2026-10-24T10:00:00Z'), purpose: 'reply', verdict: 'send' }],
        now: Date.parse('2026-10-26T10:00:00Z'),
      }),
    );
    expect(rhythm.daysSince).toBe(2);
  });

  it('should treat an unknown time zone as UTC rather than failing', () => {
    expect(computeRhythm(input({ timezone: 'Mars/Olympus' })).waitUntilDate).toBe('2026-11-27');
  });
});

describe('contactRhythm action', () => {
  it('should read the plan, the contacts and the time zone from the state', () => {
    const state = {
      ...createState(),
      profile: { assessment: { contactEveryDays: 10 } },
      settings: { timezone: 'Europe/Berlin' },
      stats: { contacts: [{ at: LAST_AT, purpose: 'reply', verdict: 'send' }] },
    };
    const result = contactRhythm({
      state,
      vars: {},
      args: { to: 'vars.rhythm', defaultEveryDays: 7 },
      now: NOW,
      resourcesText,
    });
    expect(result.set?.['vars.rhythm']).toMatchObject({
      everyDays: 10,
      fromPlan: true,
      daysSince: 2,
      waitUntilDate: '2026-11-30',
    });
  });
});
