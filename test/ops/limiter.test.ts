import { describe, expect, it } from 'vitest';
import { createLimiter, type LimiterOptions } from '../../src/ops/limiter.js';
import { manualClock } from '../support/engine.js';

function limiter(overrides: Partial<LimiterOptions> = {}) {
  const clock = manualClock();
  const made = createLimiter({
    clock,
    burst: 3,
    refillMs: 1000,
    globalPerSecond: 1000,
    globalBurst: 1000,
    ...overrides,
  });
  return { clock, limiter: made };
}

const verdicts = (admit: () => { verdict: string }, times: number): string[] =>
  Array.from({ length: times }, () => admit().verdict);

describe('limiter', () => {
  it('should take a burst, warn once, then drop until a token is back', () => {
    const { clock, limiter: l } = limiter();
    expect(verdicts(() => l.admit('a'), 6)).toEqual(['take', 'take', 'take', 'warn', 'drop', 'drop']);
    clock.advance(1000);
    expect(verdicts(() => l.admit('a'), 3)).toEqual(['take', 'warn', 'drop']);
  });

  it('should keep one user from using up another’s bucket', () => {
    const { limiter: l } = limiter();
    verdicts(() => l.admit('a'), 50);
    expect(l.admit('b')).toEqual({ verdict: 'take' });
  });

  it('should drop over the global rate without warning, and refill it per second', () => {
    const { clock, limiter: l } = limiter({ globalPerSecond: 2, globalBurst: 2 });
    expect([l.admit('a'), l.admit('b'), l.admit('c')]).toEqual([
      { verdict: 'take' },
      { verdict: 'take' },
      { verdict: 'drop', scope: 'global' },
    ]);
    clock.advance(500);
    expect(l.admit('c')).toEqual({ verdict: 'take' });
  });

  it('should hold at most maxUsers buckets, forgetting the least recently seen', () => {
    const { limiter: l } = limiter({ maxUsers: 100 });
    for (let i = 0; i < 50_000; i += 1) l.admit(`user-${i}`);
    expect(l.size).toBe(100);
  });
});
