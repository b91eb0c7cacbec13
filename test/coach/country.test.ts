import { describe, expect, it } from 'vitest';
import { countryActions } from '../../src/coach/country.js';
import { createState } from '../../src/core/state.js';
import type { ActionContext } from '../../src/engine/actions.js';
import { readSupportLines } from '../../src/safety/index.js';
import { readContentData } from '../support/catalogs.js';

const actions = countryActions(readSupportLines(readContentData()));
const context = (patch: Partial<ActionContext>): ActionContext => ({
  state: createState(),
  vars: {},
  args: {},
  now: 0,
  resourcesText: () => '',
  ...patch,
});

describe('country actions', () => {
  it('should keep a typed country in settings.country and describe it', () => {
    const result = actions.chooseCountry(context({ vars: { typed: 'Brasil' }, args: { from: 'vars.typed' } }));
    expect(result.set).toEqual({
      'settings.country': 'br',
      'vars.countryOk': true,
      'vars.countryName': 'Brazil',
      'vars.countryListed': true,
    });
  });

  it.each(['no', 'No.', 'yes', 'not now', 'whatever'])('should take %j as no country (not Norway)', (typed) => {
    const result = actions.chooseCountry(context({ vars: { typed }, args: { from: 'vars.typed' } }));
    expect(result.set).toEqual({ 'vars.countryOk': false });
  });

  it('should say where the country Steady goes by came from, and its name', () => {
    expect(actions.describeCountry(context({ country: 'ie', countrySource: 'zone' })).set).toEqual({
      'vars.countrySource': 'zone',
      'vars.countryName': 'Ireland',
      'vars.countryListed': true,
    });
    expect(actions.describeCountry(context({ country: 'international', countrySource: 'default' })).set).toEqual({
      'vars.countrySource': 'default',
      'vars.countryName': '',
      'vars.countryListed': false,
    });
  });
});
