import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRelief, fullCollector } from '../../src/ops/memory-relief.js';

// One full collection once a burst of work has passed, and none while it lasts or when there was no burst.

describe('memory relief', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function relief() {
    const collect = vi.fn();
    const lines: string[] = [];
    const logger = { info: (_fields: unknown, message?: string) => void lines.push(message ?? '') };
    const made = createMemoryRelief({
      collect,
      logger,
      busyAtLeast: 40,
      checkMs: 1000,
      quietBelow: 5,
      heapUsed: () => 0,
    });
    return { made, collect, lines };
  }

  it('should collect once after a burst falls quiet, not during it', async () => {
    const { made, collect, lines } = relief();
    for (let second = 0; second < 3; second += 1) {
      for (let i = 0; i < 50; i += 1) made.note();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(collect).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(lines).toEqual(['memory released after a burst']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(collect).toHaveBeenCalledTimes(1);
    made.stop();
  });

  it('should not collect for a trickle of work, however long', async () => {
    const { made, collect } = relief();
    for (let second = 0; second < 60; second += 1) {
      for (let i = 0; i < 4; i += 1) made.note();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(collect).not.toHaveBeenCalled();
    made.stop();
  });

  it('should find the collector without --expose-gc', () => {
    expect(() => fullCollector()()).not.toThrow();
  });
});
