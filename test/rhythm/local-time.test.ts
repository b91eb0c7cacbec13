import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_QUIET,
  isClockTime,
  jitterMs,
  localDateOf,
  nextOccurrence,
  occurrenceOn,
  outOfQuiet,
  weekdayOf,
  type OccurrenceOptions,
} from '../../src/rhythm/local-time.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const HOUR = 3_600_000;

/** An instant from a local wall-clock reading ("2026-03-08T09:00") in `zone`. */
function at(local: string, zone: string): number {
  return DateTime.fromISO(local, { zone }).toMillis();
}

/** The local reading of an instant, with its offset, e.g. "2026-03-08 09:00 -04:00". */
function show(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');
}

/** Every occurrence from `start` up to `end`, each found from the one before. */
function walk(start: number, end: number, time: string, zone: string, options?: OccurrenceOptions): number[] {
  const found: number[] = [];
  for (
    let next = nextOccurrence(start, time, zone, options);
    next <= end;
    next = nextOccurrence(next, time, zone, options)
  ) {
    found.push(next);
  }
  return found;
}

describe('local dates', () => {
  it('should give the local date, which differs from the UTC date near midnight', () => {
    const instant = Date.parse('2026-12-31T23:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-12-31');
    expect(localDateOf(instant, BERLIN)).toBe('2027-01-01');
    expect(localDateOf(Date.parse('2026-03-01T03:00:00Z'), NY)).toBe('2026-02-28');
  });

  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-07', 2, '2026-03-09'],
    ['2026-10-20', 14, '2026-11-03'],
  ])('should move %s by %i days to %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('should number weekdays from Monday', () => {
    expect(weekdayOf('2026-03-09')).toBe(1);
    expect(weekdayOf('2026-03-08')).toBe(7);
  });

  it('should refuse a malformed date rather than guess', () => {
    expect(() => addDays('2026-2-30', 1)).toThrow(RangeError);
    expect(() => weekdayOf('2026-02-30')).toThrow(RangeError);
  });
});

describe('isClockTime', () => {
  it.each(['00:00', '07:30', '23:59'])('should accept %s', (time) => expect(isClockTime(time)).toBe(true));
  it.each(['24:00', '7:30', '12:60', '0730', ''])('should refuse %j', (time) => expect(isClockTime(time)).toBe(false));
});

describe('occurrenceOn', () => {
  it('should move a time skipped by spring forward on by the gap', () => {
    expect(show(occurrenceOn('2026-03-08', '02:30', NY), NY)).toBe('2026-03-08 03:30 -04:00');
    expect(show(occurrenceOn('2026-03-29', '02:30', BERLIN), BERLIN)).toBe('2026-03-29 03:30 +02:00');
  });

  it('should take the earlier of a time that occurs twice on a fall-back day', () => {
    expect(show(occurrenceOn('2026-11-01', '01:30', NY), NY)).toBe('2026-11-01 01:30 -04:00');
    expect(show(occurrenceOn('2026-10-25', '02:30', BERLIN), BERLIN)).toBe('2026-10-25 02:30 +02:00');
  });

  it('should work in a fixed-offset zone', () => {
    expect(occurrenceOn('2026-03-08', '09:00', 'UTC+5:30')).toBe(Date.parse('2026-03-08T03:30:00Z'));
  });

  it('should refuse an unknown zone or a bad time instead of scheduling at UTC', () => {
    expect(() => occurrenceOn('2026-03-08', '09:00', 'Mars/Olympus')).toThrow(/Unknown time zone/);
    expect(() => occurrenceOn('2026-03-08', '9:00', NY)).toThrow(/HH:MM/);
  });
});

describe('nextOccurrence across daylight-saving changes', () => {
  it.each([
    [NY, '2026-03-03', '-05:00', '-04:00'],
    [NY, '2026-10-27', '-04:00', '-05:00'],
    [BERLIN, '2026-03-24', '+01:00', '+02:00'],
    [BERLIN, '2026-10-20', '+02:00', '+01:00'],
  ])('should send 09:00 once a day in %s for ten days from %s', (zone, first, offsetBefore, offsetAfter) => {
    const found = walk(at(`${first}T00:00`, zone), at(`${addDays(first, 9)}T23:59`, zone), '09:00', zone);
    const expected = Array.from({ length: 10 }, (_, day) => `${addDays(first, day)} 09:00`);
    expect(found.map((instant) => show(instant, zone).slice(0, 16))).toEqual(expected);
    expect(show(found[0] ?? 0, zone).slice(17)).toBe(offsetBefore);
    expect(show(found[9] ?? 0, zone).slice(17)).toBe(offsetAfter);
  });

  it('should send a skipped 02:30 once on the spring-forward day, at 03:30', () => {
    const found = walk(at('2026-03-07T00:00', NY), at('2026-03-09T23:59', NY), '02:30', NY);
    expect(found.map((instant) => show(instant, NY))).toEqual([
      '2026-03-07 02:30 -05:00',
      '2026-03-08 03:30 -04:00',
      '2026-03-09 02:30 -04:00',
    ]);
  });

  it.each([
    [NY, '2026-10-31', '01:30'],
    [BERLIN, '2026-10-24', '02:30'],
  ])('should send a repeated time once, not twice, on the fall-back day in %s', (zone, first, time) => {
    const found = walk(at(`${first}T00:00`, zone), at(`${addDays(first, 2)}T23:59`, zone), time, zone);
    const dates = found.map((instant) => localDateOf(instant, zone));
    expect(dates).toEqual([first, addDays(first, 1), addDays(first, 2)]);
  });

  it('should be strictly after the given instant', () => {
    const nine = at('2026-06-01T09:00', BERLIN);
    expect(nextOccurrence(nine - 1, '09:00', BERLIN)).toBe(nine);
    expect(show(nextOccurrence(nine, '09:00', BERLIN), BERLIN)).toBe('2026-06-02 09:00 +02:00');
  });
});

describe('quiet hours', () => {
  it('should move 23:30 to 07:00 the next day under the default quiet hours', () => {
    expect(show(outOfQuiet(at('2026-06-01T23:30', BERLIN), BERLIN, DEFAULT_QUIET), BERLIN)).toBe(
      '2026-06-02 07:00 +02:00',
    );
    expect(
      show(nextOccurrence(at('2026-06-01T12:00', BERLIN), '23:30', BERLIN, { quiet: DEFAULT_QUIET }), BERLIN),
    ).toBe('2026-06-02 07:00 +02:00');
  });

  it('should move a time after midnight to the end of a window that spans midnight, on the same day', () => {
    expect(show(outOfQuiet(at('2026-06-02T03:00', NY), NY, DEFAULT_QUIET), NY)).toBe('2026-06-02 07:00 -04:00');
  });

  it.each([
    ['21:59', '2026-06-01 21:59'],
    ['22:00', '2026-06-02 07:00'],
    ['06:59', '2026-06-01 07:00'],
    ['07:00', '2026-06-01 07:00'],
  ])('should treat %s at the edges of 22:00-07:00 as shown', (time, expected) => {
    expect(show(outOfQuiet(at(`2026-06-01T${time}`, BERLIN), BERLIN, DEFAULT_QUIET), BERLIN).slice(0, 16)).toBe(
      expected,
    );
  });

  it('should move a time inside a window within one day to its end', () => {
    const quiet = { from: '12:00', to: '14:00' };
    expect(show(outOfQuiet(at('2026-06-01T13:15', BERLIN), BERLIN, quiet), BERLIN)).toBe('2026-06-01 14:00 +02:00');
    expect(show(outOfQuiet(at('2026-06-01T23:30', BERLIN), BERLIN, quiet), BERLIN)).toBe('2026-06-01 23:30 +02:00');
  });

  it('should have no quiet hours when from equals to', () => {
    const late = at('2026-06-01T23:30', BERLIN);
    expect(outOfQuiet(late, BERLIN, { from: '22:00', to: '22:00' })).toBe(late);
  });

  it('should still send once a day when every occurrence lands in quiet hours, including the evening before the start', () => {
    const found = walk(at('2026-06-01T00:00', NY), at('2026-06-03T23:59', NY), '23:30', NY, { quiet: DEFAULT_QUIET });
    expect(found.map((instant) => show(instant, NY).slice(0, 16))).toEqual([
      '2026-06-01 07:00',
      '2026-06-02 07:00',
      '2026-06-03 07:00',
    ]);
  });
});

describe('weekday and jitter', () => {
  it('should only fall on the chosen weekday, a week apart', () => {
    const found = walk(at('2026-03-01T00:00', NY), at('2026-03-31T23:59', NY), '09:00', NY, { weekday: 1 });
    expect(found.map((instant) => show(instant, NY))).toEqual([
      '2026-03-02 09:00 -05:00',
      '2026-03-09 09:00 -04:00',
      '2026-03-16 09:00 -04:00',
      '2026-03-23 09:00 -04:00',
      '2026-03-30 09:00 -04:00',
    ]);
  });

  it("should find next week when this week's time has passed", () => {
    expect(show(nextOccurrence(at('2026-03-09T09:01', NY), '09:00', NY, { weekday: 1 }), NY)).toBe(
      '2026-03-16 09:00 -04:00',
    );
  });

  it("should add the jitter, and find yesterday's jittered occurrence when it is still ahead", () => {
    const options = { jitterMs: 2 * HOUR };
    expect(show(nextOccurrence(at('2026-06-01T08:00', BERLIN), '09:00', BERLIN, options), BERLIN)).toBe(
      '2026-06-01 11:00 +02:00',
    );
    expect(show(nextOccurrence(at('2026-06-02T00:30', BERLIN), '23:00', BERLIN, options), BERLIN)).toBe(
      '2026-06-02 01:00 +02:00',
    );
  });

  it('should move a jittered time out of quiet hours', () => {
    const options = { jitterMs: HOUR, quiet: DEFAULT_QUIET };
    expect(show(nextOccurrence(at('2026-06-01T12:00', BERLIN), '21:30', BERLIN, options), BERLIN)).toBe(
      '2026-06-02 07:00 +02:00',
    );
  });

  it('should refuse a weekday outside 1..7 rather than loop', () => {
    expect(() => nextOccurrence(0, '09:00', NY, { weekday: 8 })).toThrow(RangeError);
  });

  it('should give each member a deterministic spread within range', () => {
    const spread = 10 * 60_000;
    const values = Array.from({ length: 200 }, (_, i) => jitterMs(`user-${i}`, spread));
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < spread)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(190);
    expect(jitterMs('user-7', spread)).toBe(values[7]);
    expect(jitterMs('user-7', 0)).toBe(0);
  });
});
