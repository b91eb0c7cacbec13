import { describe, expect, it } from 'vitest';
import { parseTimeOfDay, parseTimeRange } from '../../src/rhythm/clock.js';

describe('parseTimeOfDay', () => {
  it('should read the ways people type a time of day as HH:MM', () => {
    expect(['7:30', '07:30', '19.00', '0730', '7h30', ' 23:59 '].map(parseTimeOfDay)).toEqual([
      '07:30',
      '07:30',
      '19:00',
      '07:30',
      '07:30',
      '23:59',
    ]);
  });

  it('should refuse what is not a time of day', () => {
    expect(['24:00', '7:60', 'seven', '', '7'].map(parseTimeOfDay)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('parseTimeRange', () => {
  it('should read a range with a dash or a word between its ends', () => {
    expect(parseTimeRange('22:00-07:00')).toEqual({ from: '22:00', to: '07:00' });
    expect(parseTimeRange('23-6')).toEqual({ from: '23:00', to: '06:00' });
    expect(parseTimeRange('21.30 to 6.30')).toEqual({ from: '21:30', to: '06:30' });
  });

  it('should refuse equal ends and hours past the day', () => {
    expect(parseTimeRange('22-22')).toBeUndefined();
    expect(parseTimeRange('25-7')).toBeUndefined();
  });
});
