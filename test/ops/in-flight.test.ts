import { describe, expect, it } from 'vitest';
import { createInFlight } from '../../src/ops/in-flight.js';

/** A piece of work that settles when told to. */
function gate<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve: (value: T) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('createInFlight', () => {
  it('should count the work under way per label until each settles, failed work included', async () => {
    const tracker = createInFlight();
    const [a, b, c] = [gate<string>(), gate<string>(), gate<string>()];
    const first = tracker.track(() => a.promise, 'telegram');
    const second = tracker.track(() => b.promise, 'telegram');
    const third = tracker.track(() => c.promise);
    const failing = tracker.track(() => Promise.reject(new Error('boom')), 'slack');
    expect(tracker.counts()).toEqual({ telegram: 2, slack: 1, other: 1 });
    await expect(failing).rejects.toThrow('boom');
    expect(tracker.counts()).toEqual({ telegram: 2, other: 1 });
    a.resolve('one');
    b.reject(new Error('two'));
    c.resolve('three');
    await expect(first).resolves.toBe('one');
    await expect(second).rejects.toThrow('two');
    await expect(third).resolves.toBe('three');
    expect(tracker.counts()).toEqual({});
  });

  it('should wait in idle() for work that started while it waited, and not for work that failed', async () => {
    const tracker = createInFlight();
    const [a, b] = [gate<void>(), gate<void>()];
    void tracker.track(() => a.promise);
    void tracker.track(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    let idle = false;
    const waiting = tracker.idle().then(() => (idle = true));
    void tracker.track(() => b.promise);
    a.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(idle).toBe(false);
    b.resolve();
    await waiting;
    expect(idle).toBe(true);
  });

  it('should pass on a synchronous throw as a rejection and count nothing for it', async () => {
    const tracker = createInFlight();
    const thrown = tracker.track((): Promise<void> => {
      throw new Error('sync');
    }, 'console');
    await expect(thrown).rejects.toThrow('sync');
    expect(tracker.counts()).toEqual({});
    await expect(tracker.idle()).resolves.toBeUndefined();
  });
});
