import { describe, expect, it } from 'vitest';
import { setTimezone } from '../../src/coach/time-zone.js';
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
