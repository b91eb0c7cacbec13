import { describe, expect, it } from 'vitest';
import { pickTimezone, setDailyTime, setTimezone } from '../../src/coach/time-zone.js';
import { createState, type JsonRecord } from '../../src/core/state.js';
import { resourcesText } from '../support/actions.js';

const NOW = Date.UTC(2026, 10, 22, 9);
const ctx = (vars: JsonRecord) => ({
  state: createState(),
  vars,
  args: { from: 'vars.typed' },
  now: NOW,
  resourcesText,
});

describe('setTimezone', () => {
  it('should store a named zone and say it follows daylight saving', () => {
    expect(setTimezone(ctx({ typed: 'madrid' })).set).toEqual({
      'settings.timezone': 'Europe/Madrid',
      'vars.zoneOk': true,
      'vars.zoneAmbiguous': false,
      'vars.zoneFixed': false,
    });
  });

  it('should store a city from the city list, Boston and Munich among them', () => {
    expect(setTimezone(ctx({ typed: 'Boston' })).set?.['settings.timezone']).toBe('America/New_York');
    expect(setTimezone(ctx({ typed: "I'm in Munich" })).set?.['settings.timezone']).toBe('Europe/Berlin');
  });

  it('should list the places a shared name may mean, and take the one picked by its region or number', () => {
    const set = setTimezone(ctx({ typed: 'Portland' })).set ?? {};
    expect(set).toMatchObject({ 'vars.zoneOk': false, 'vars.zoneAmbiguous': true, 'vars.zoneName': 'Portland' });
    expect(String(set['vars.zoneChoices'])).toContain('Oregon');
    const places = set['vars.zonePlaces'];
    const pick = (typed: string) => pickTimezone({ ...ctx({ typed, zonePlaces: places ?? [] }) }).set;
    expect(pick('the one in Maine')).toEqual({
      'settings.timezone': 'America/New_York',
      'vars.zoneOk': true,
      'vars.zoneFixed': false,
    });
    expect(pick('1')?.['settings.timezone']).toBe('America/Los_Angeles');
    expect(pick('somewhere else')).toEqual({ 'vars.zoneOk': false });
  });

  it('should store an offset and flag it as fixed', () => {
    expect(setTimezone(ctx({ typed: 'GMT-5' })).set).toEqual({
      'settings.timezone': 'UTC-5',
      'vars.zoneOk': true,
      'vars.zoneAmbiguous': false,
      'vars.zoneFixed': true,
    });
  });

  it.each([{ typed: 'EST' }, { typed: 42 }, {}])('should refuse %j and let the flow ask again', (vars) => {
    expect(setTimezone(ctx(vars)).set).toEqual({ 'vars.zoneOk': false, 'vars.zoneAmbiguous': false });
  });
});

describe('setDailyTime', () => {
  it.each([
    ['8:15pm', '20:15'],
    ['7am', '07:00'],
    ['half past eight', '08:30'],
    ['half past 8 in the evening', '20:30'],
    ['quarter to nine', '08:45'],
    ['evenings', '19:00'],
  ])('should read %s as %s', (typed, time) => {
    expect(setDailyTime(ctx({ typed })).set).toEqual({ 'settings.dailyTime': time, 'vars.timeOk': true });
  });
});
