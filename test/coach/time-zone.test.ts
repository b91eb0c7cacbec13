import { DateTime, Info } from 'luxon';
import { describe, expect, it } from 'vitest';
import { resolveZone, setTimezone } from '../../src/coach/time-zone.js';
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

describe('resolveZone', () => {
  it.each([
    ['europe/madrid', 'Europe/Madrid'],
    ['America/new_york', 'America/New_York'],
    ['america/new york', 'America/New_York'],
    ['US/Eastern', 'America/New_York'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
  ])('should read the IANA name %j as %s', (typed, zone) => {
    expect(resolveZone(typed)).toEqual({ kind: 'zone', zone });
  });

  it.each([
    ['Madrid', 'Europe/Madrid'],
    ['new york', 'America/New_York'],
    ['  New   York City ', 'America/New_York'],
    ['Sao Paulo', 'America/Sao_Paulo'],
    ['são paulo', 'America/Sao_Paulo'],
    ['Ho Chi Minh', 'Asia/Ho_Chi_Minh'],
    ['Ho Chi Minh City', 'Asia/Ho_Chi_Minh'],
    ['saigon', 'Asia/Ho_Chi_Minh'],
    ['Kolkata', 'Asia/Kolkata'],
    ['Kyiv', 'Europe/Kyiv'],
    ['Kiev', 'Europe/Kyiv'],
    ['Mexico City', 'America/Mexico_City'],
    ['port-au-prince', 'America/Port-au-Prince'],
    ['St. Johns', 'America/St_Johns'],
    ['Buenos Aires', 'America/Argentina/Buenos_Aires'],
  ])('should read the city %j as %s', (typed, zone) => {
    expect(resolveZone(typed)).toEqual({ kind: 'zone', zone });
  });

  it.each([
    ['UTC+2', 'UTC+2'],
    ['GMT-5', 'UTC-5'],
    ['+05:30', 'UTC+5:30'],
    ['utc-3:30', 'UTC-3:30'],
    ['UTC + 0545', 'UTC+5:45'],
    ['\u221203:00', 'UTC-3'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['GMT', 'UTC'],
    ['UTC-0', 'UTC'],
    ['UTC+14', 'UTC+14'],
    ['-12:00', 'UTC-12'],
    ['Etc/UTC', 'UTC'],
  ])('should read the offset %j as %s', (typed, zone) => {
    expect(resolveZone(typed)).toEqual({ kind: 'offset', zone });
  });

  it.each([
    'EST',
    'PST',
    'CET',
    'CEST',
    'Mars/Olympus',
    '',
    '   ',
    'UTC+15',
    '+14:30',
    'GMT+5:75',
    'Atlantis',
    'utc+',
    '5',
  ])('should not know %j', (typed) => {
    expect(resolveZone(typed)).toEqual({ kind: 'unknown' });
  });

  it('should give offset zone names that luxon parses back to the same offset', () => {
    for (const typed of ['UTC+5:30', 'GMT-5', 'utc-3:30', 'UTC', '+14:00', '-09:30']) {
      const match = resolveZone(typed);
      if (match.kind !== 'offset') throw new Error(`expected an offset for ${typed}`);
      const zone = Info.normalizeZone(match.zone);
      expect(zone?.isValid).toBe(true);
      expect(zone?.name).toBe(match.zone);
      expect(DateTime.fromMillis(NOW, { zone: match.zone }).isValid).toBe(true);
    }
    expect(DateTime.fromMillis(NOW, { zone: 'UTC+5:30' }).toISO()).toBe('2026-11-22T14:30:00.000+05:30');
  });
});

describe('setTimezone', () => {
  it('should store a named zone and say it follows daylight saving', () => {
    expect(setTimezone(ctx({ typed: 'madrid' })).set).toEqual({
      'settings.timezone': 'Europe/Madrid',
      'vars.zoneOk': true,
      'vars.zoneFixed': false,
    });
  });

  it('should store an offset and flag it as fixed', () => {
    expect(setTimezone(ctx({ typed: 'GMT-5' })).set).toEqual({
      'settings.timezone': 'UTC-5',
      'vars.zoneOk': true,
      'vars.zoneFixed': true,
    });
  });

  it.each([{ typed: 'EST' }, { typed: 42 }, {}])('should refuse %j and let the flow ask again', (vars) => {
    expect(setTimezone(ctx(vars)).set).toEqual({ 'vars.zoneOk': false });
  });
});
