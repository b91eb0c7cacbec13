import { describe, expect, it } from 'vitest';
import { createState, parseState } from '../../src/session/state.js';

describe('parseState', () => {
  it('should accept a current state as it is', () => {
    const state = { ...createState(), profile: { living: 'apart' }, flags: { contactBlocked: true }, turns: 7 };
    expect(parseState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('should keep profile, settings, stats, flags and turns when the journey position is unreadable', () => {
    const damaged = {
      v: 1,
      flow: { id: 42, step: null },
      awaiting: 'yes',
      seq: 'x',
      turns: 12,
      profile: { living: 'together' },
      settings: { hour: 9 },
      stats: { streak: 3 },
      flags: { contactBlocked: true },
    };
    expect(parseState(damaged)).toEqual({
      ...createState(),
      turns: 12,
      profile: { living: 'together' },
      settings: { hour: 9 },
      stats: { streak: 3 },
      flags: { contactBlocked: true },
    });
  });

  it('should never drop the contact flag, even from an unknown version', () => {
    expect(parseState({ v: 99, flags: { contactBlocked: true } }).flags).toEqual({ contactBlocked: true });
  });

  it('should start fresh from something that is not a state at all', () => {
    for (const raw of [null, 'state', 3, [], { flags: 'no' }]) expect(parseState(raw)).toEqual(createState());
  });
});
