import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/engine/same-json.js';

// sameJson stands in for comparing JSON.stringify of both values (withProfileChange): it must agree with that on
// every pair, including JSON's own quirks.

const LEAVES: unknown[] = [
  null,
  undefined,
  0,
  -0,
  1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  '',
  '0',
  'null',
  'a',
  true,
  false,
  () => 1,
  Symbol('s'),
  new Date(0),
  { toJSON: () => 'a' },
];

/** A small deterministic generator, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth === 0 || pick < 0.5) return LEAVES[Math.floor(next() * LEAVES.length)];
  const size = Math.floor(next() * 3);
  if (pick < 0.75) return Array.from({ length: size }, () => value(next, depth - 1));
  const keys = ['a', 'b', 'c'];
  const object: Record<string, unknown> = {};
  for (let i = 0; i < size; i += 1) object[keys[Math.floor(next() * keys.length)] ?? 'a'] = value(next, depth - 1);
  return object;
}

describe('sameJson', () => {
  it('should agree with comparing JSON.stringify on generated pairs, near misses included', () => {
    const next = random(19);
    let same = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const a = value(next, 3);
      // Half the pairs are a value and its copy through JSON, or a copy with one more or changed member.
      const b = i % 2 === 0 ? value(next, 3) : copyish(a, next);
      const expected = JSON.stringify(a) === JSON.stringify(b);
      if (expected) same += 1;
      expect(sameJson(a, b), `${String(JSON.stringify(a))} vs ${String(JSON.stringify(b))}`).toBe(expected);
    }
    expect(same).toBeGreaterThan(2_000);
  });

  it('should tell key order, left-out members and JSON nulls apart as JSON does', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined, NaN], [null, null])).toBe(true);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ list: [{ date: '2026-01-01' }] }, { list: [{ date: '2026-01-02' }] })).toBe(false);
  });
});

function copyish(a: unknown, next: () => number): unknown {
  const text = JSON.stringify(a);
  const copy: unknown = text === undefined ? undefined : JSON.parse(text);
  if (next() < 0.5 || typeof copy !== 'object' || copy === null) return copy;
  if (Array.isArray(copy)) return next() < 0.5 ? [...copy, 0] : copy.slice(1);
  return { ...copy, [next() < 0.5 ? 'a' : 'z']: 1 };
}
