import { describe, expect, it } from 'vitest';
import { ASSESSMENT_HISTORY_LIMIT, saveAssessment } from '../../src/coach/assessment.js';
import { setDailyTime, setTimezone } from '../../src/coach/time-zone.js';
import { createState, type Json, type JsonRecord } from '../../src/core/state.js';
import { resourcesText } from '../support/actions.js';

const NOW = Date.UTC(2026, 10, 22, 9);
const answers: JsonRecord = {
  relationship: 'married',
  living: 'apart',
  livingAnswer: 'they_left',
  asked: 'space',
  stance: 'love',
  feelings: 'out_of_love',
  response: 'cold',
  doing: ['texting'],
  children: true,
  damage: 'high',
  every: 14,
  headline: 'Go slowly.',
  score: 7,
};

function run(vars: JsonRecord, profile: JsonRecord = {}) {
  return saveAssessment({ state: { ...createState(), profile }, vars, args: {}, now: NOW, resourcesText });
}

describe('saveAssessment', () => {
  it('should store the answers as the profile other journeys read', () => {
    const assessment = run(answers).set?.['profile.assessment'] as Record<string, Json>;
    expect(assessment).toMatchObject({
      at: NOW,
      stance: 'love',
      living: 'apart',
      children: true,
      damage: 'high',
      contactEveryDays: 14,
    });
  });

  it('should move the previous assessment into the history on a retake, capped', () => {
    const older = Array.from({ length: ASSESSMENT_HISTORY_LIMIT }, (_, i) => ({ at: i }));
    const result = run(answers, { assessment: { at: 99, stance: 'unclear' }, assessments: older });
    const history = result.set?.['profile.assessments'] as Json[];
    expect(history).toHaveLength(ASSESSMENT_HISTORY_LIMIT);
    expect(history.at(-1)).toEqual({ at: 99, stance: 'unclear' });
    expect(history[0]).toEqual({ at: 1 });
  });

  it('should refuse incomplete answers rather than store a half profile', () => {
    const { stance: _missing, ...rest } = answers;
    expect(() => run(rest)).toThrow();
  });
});

describe('time settings', () => {
  const ctx = (vars: JsonRecord) => ({
    state: createState(),
    vars,
    args: { from: 'vars.typed' },
    now: NOW,
    resourcesText,
  });

  it.each([
    ['europe/berlin', 'Europe/Berlin', false],
    ['America/new_york', 'America/New_York', false],
    ['Asia/Singapore', 'Asia/Singapore', false],
    ['Berlin', 'Europe/Berlin', false],
    ['utc', 'UTC', true],
    ['+02:00', 'UTC+2', true],
  ])('should accept the zone %s as %s', (typed, zone, fixed) => {
    expect(setTimezone(ctx({ typed })).set).toEqual({
      'settings.timezone': zone,
      'vars.zoneOk': true,
      'vars.zoneAmbiguous': false,
      'vars.zoneFixed': fixed,
    });
  });

  it.each(['EST', 'Mars/Olympus', ''])('should refuse the zone %j', (typed) => {
    expect(setTimezone(ctx({ typed })).set).toEqual({ 'vars.zoneOk': false, 'vars.zoneAmbiguous': false });
  });

  it.each([
    ['7:45', '07:45'],
    ['19.00', '19:00'],
    ['0730', '07:30'],
    ['23h59', '23:59'],
  ])('should read the time %s as %s', (typed, time) => {
    expect(setDailyTime(ctx({ typed })).set).toEqual({ 'settings.dailyTime': time, 'vars.timeOk': true });
  });

  it.each(['24:00', '7', 'seven', '12:60'])('should refuse the time %j', (typed) => {
    expect(setDailyTime(ctx({ typed })).set).toEqual({ 'vars.timeOk': false });
  });
});
