import { describe, expect, it } from 'vitest';
import { createState, isJson, parseState } from '../../src/core/state.js';

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

describe('isJson', () => {
  it('should accept nested plain JSON', () => {
    expect(isJson({ a: [1, 'two', true, null, { b: [] }], c: { d: -0.5 } })).toBe(true);
    expect(isJson(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(true);
  });

  it.each([
    ['undefined', { a: undefined }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a function', { a: () => 1 }],
    ['a Date', { a: new Date(0) }],
    ['a Map', new Map()],
    ['a bigint', { a: 1n }],
  ])('should refuse %s', (_name, value) => {
    expect(isJson(value)).toBe(false);
  });

  it('should refuse nesting deeper than any flow writes', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 70; i += 1) deep = [deep];
    expect(isJson(deep)).toBe(false);
  });

  it('should salvage a state whose profile holds something that is not JSON, keeping the flags', () => {
    const raw = {
      v: 1,
      seq: 0,
      turns: 3,
      profile: { when: new Date(0) },
      settings: {},
      stats: {},
      flags: { contactBlocked: true },
    };
    const state = parseState(raw);
    expect(state.profile).toEqual({});
    expect(state.flags).toEqual({ contactBlocked: true });
    expect(state.turns).toBe(3);
  });
});
