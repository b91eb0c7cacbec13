import { describe, expect, it } from 'vitest';
import { readDaysAgo, readNightRange, readTimeOfDay } from '../../src/understand/index.js';

const NOW = Date.UTC(2026, 11, 7, 15, 0); // a Monday

describe('readTimeOfDay', () => {
  it.each([
    ['8:15pm', '20:15'],
    ['7am', '07:00'],
    ['half past eight', '08:30'],
    ['half seven', '07:30'],
    ['eleven thirty at night', '23:30'],
    ['after dinner at 7', '19:00'],
    ['evenings', '19:00'],
    ['19:00', '19:00'],
  ])('should read %s as %s', (typed, time) => {
    expect(readTimeOfDay(typed)).toBe(time);
  });

  it('should not guess am or pm for a bare hour', () => {
    expect(readTimeOfDay('7')).toBeUndefined();
    expect(readTimeOfDay('whenever')).toBeUndefined();
  });
});

describe('readNightRange', () => {
  it.each([
    ['10 to 7', '22:00', '07:00'],
    ['10pm to 7am', '22:00', '07:00'],
    ['22:30-06:30', '22:30', '06:30'],
    ['between 10.30pm and 7am', '22:30', '07:00'],
    ['23h to 7h', '23:00', '07:00'],
  ])('should read %s as %s-%s', (typed, from, to) => {
    expect(readNightRange(typed)).toEqual({ from, to });
  });

  it('should refuse a range with equal ends or no times', () => {
    expect(readNightRange('7 to 7')).toBeUndefined();
    expect(readNightRange('nights')).toBeUndefined();
  });
});

describe('readDaysAgo', () => {
  it.each([
    ['today', 0],
    ['yesterday', 1],
    ['two days ago', 2],
    ['a couple of weeks back', 14],
    ['last Tuesday', 6],
  ])('should read %s as %i days back', (typed, days) => {
    expect(readDaysAgo(typed, NOW, 'Europe/Berlin')).toBe(days);
  });
});
