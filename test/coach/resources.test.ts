import { describe, expect, it } from 'vitest';
import { showResources } from '../../src/coach/resources.js';
import { createState } from '../../src/core/state.js';
import { resourcesText } from '../support/actions.js';

describe('showResources', () => {
  const ctx = { state: createState(), vars: {}, args: {}, now: 0, resourcesText };

  it("should say the support lines the engine hands it, for the user's country", () => {
    expect(showResources({ ...ctx, country: 'gb' })).toEqual({ say: ['support lines for gb'] });
  });

  it('should fall back to the international list when no country is known', () => {
    expect(showResources(ctx)).toEqual({ say: ['support lines for international'] });
  });
});
