import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { createMemoryDueIndex } from '../../src/schedule/memory-due-index.js';
import { createDueWorker, createWakeTimer, type DueWorker, type WorkerOptions } from '../../src/schedule/worker.js';

const T0 = Date.UTC(2026, 10, 22, 9, 0);
const USER = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A worker over a memory index on the faked wall clock, recording when each member was processed. */
function setup(overrides: Partial<WorkerOptions> = {}): {
  worker: DueWorker;
  index: DueIndex;
  calls: { member: string; at: number }[];
  lines: string[];
} {
  const index = createMemoryDueIndex();
  const calls: { member: string; at: number }[] = [];
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const worker = createDueWorker({
    index,
    clock: { now: () => Date.now() },
    logger: pino({ level: 'debug' }, sink),
    async process(member) {
      calls.push({ member, at: Date.now() });
      return null;
    },
    ...overrides,
  });
  return { worker, index, calls, lines };
}

describe('createDueWorker', () => {
  let worker: DueWorker | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    vi.useRealTimers();
  });

  it('should sleep until the next due time when it is sooner than the idle interval', async () => {
    const t = setup({ idleMs: 60_000 });
    worker = t.worker;
    await t.index.plan(USER, T0 + 5000);
    worker.start();
    await vi.advanceTimersByTimeAsync(4999);
    expect(t.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual([{ member: USER, at: T0 + 5000 }]);
    expect(await t.index.size()).toBe(0);
  });

  it('should look again after the idle interval, since other processes may plan earlier times', async () => {
    const t = setup({ idleMs: 1000 });
    worker = t.worker;
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    await t.index.plan(USER, T0); // as another process would: no wake() here
    await vi.advanceTimersByTimeAsync(989);
    expect(t.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual([{ member: USER, at: T0 + 1000 }]);
  });

  it('should shorten the current sleep on wake()', async () => {
    const t = setup({ idleMs: 60_000 });
    worker = t.worker;
    worker.start();
    await vi.advanceTimersByTimeAsync(100);
    await t.index.plan(USER, T0 + 1000);
    worker.wake(T0 + 1000);
    worker.wake(T0 + 30_000); // a later wake must not undo the earlier one
    await vi.advanceTimersByTimeAsync(899);
    expect(t.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual([{ member: USER, at: T0 + 1000 }]);
  });

  it('should run on a timer made before it, so whoever holds that timer shortens its sleep', async () => {
    const timer = createWakeTimer({ now: () => Date.now() });
    timer.wake(T0); // before the worker starts: nothing runs, nothing is armed
    expect(vi.getTimerCount()).toBe(0);
    const t = setup({ idleMs: 60_000, timer });
    worker = t.worker;
    worker.start();
    await vi.advanceTimersByTimeAsync(100);
    await t.index.plan(USER, T0 + 1000);
    timer.wake(T0 + 1000);
    await vi.advanceTimersByTimeAsync(899);
    expect(t.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual([{ member: USER, at: T0 + 1000 }]);
  });

  it('should honour a wake() that arrives while a batch is being processed', async () => {
    let release: () => void = () => {};
    const calls: number[] = [];
    const memory = createMemoryDueIndex();
    // The round's look at the next due time may run before the plan lands, so only wake() can shorten the sleep.
    const index: DueIndex = { ...memory, nextDueAt: async () => null };
    const t = setup({
      index,
      idleMs: 60_000,
      process: async () => {
        calls.push(Date.now());
        if (calls.length === 1)
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        return null;
      },
    });
    worker = t.worker;
    await memory.plan('BBBBBBBBBBBBBBBBBBBBBB', T0);
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    await memory.plan(USER, T0 + 2000);
    worker.wake(T0 + 2000);
    release();
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toEqual([T0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([T0, T0 + 2000]);
  });

  it('should tick again at once after a full batch', async () => {
    const t = setup({ batchSize: 2, idleMs: 60_000 });
    worker = t.worker;
    for (let i = 0; i < 5; i += 1) await t.index.plan(`${'C'.repeat(21)}${i}`, T0);
    worker.start();
    // Fake timers fire a zero delay set during a tick one millisecond later; the idle interval is a minute.
    await vi.advanceTimersByTimeAsync(10);
    expect(t.calls.map((c) => c.member)).toHaveLength(5);
    expect(t.calls.every((c) => c.at <= T0 + 10)).toBe(true);
  });

  it('should retry a member whose process() threw after retryMs, logging no user key', async () => {
    let attempts = 0;
    const t = setup({
      idleMs: 60_000,
      retryMs: 30_000,
      process: async () => {
        attempts += 1;
        if (attempts === 1) throw Object.assign(new Error('platform down'), { code: 'E_PLATFORM' });
        return null;
      },
    });
    worker = t.worker;
    await t.index.plan(USER, T0);
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toBe(1);
    expect(await t.index.nextDueAt()).toBe(T0 + 30_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    expect(await t.index.size()).toBe(0);
    const warning = t.lines
      .map((line) => JSON.parse(line) as { level: number; err?: unknown })
      .find((entry) => entry.level === 40);
    expect(warning?.err).toMatchObject({ code: 'E_PLATFORM', message: 'platform down' });
    expect(t.lines.join('\n')).not.toContain(USER);
  });

  it('should resolve stop() with no timer left while sleeping', async () => {
    const t = setup({ idleMs: 60_000 });
    worker = t.worker;
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    await worker.stop();
    expect(vi.getTimerCount()).toBe(0);
    worker.wake(T0); // a stopped worker stays stopped
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should finish the batch in hand before stop() resolves, then schedule nothing', async () => {
    let release: () => void = () => {};
    const t = setup({
      process: async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return T0 + 3_600_000;
      },
    });
    worker = t.worker;
    await t.index.plan(USER, T0);
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await t.index.nextDueAt()).toBe(T0 + 3_600_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should process at most `concurrency` members at once', async () => {
    let active = 0;
    let peak = 0;
    const t = setup({
      concurrency: 3,
      process: async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        active -= 1;
        return null;
      },
    });
    for (let i = 0; i < 10; i += 1) await t.index.plan(`${'D'.repeat(21)}${i}`, T0);
    const ticking = t.worker.tick();
    await vi.advanceTimersByTimeAsync(100);
    expect(await ticking).toBe(10);
    expect(peak).toBe(3);
  });

  it('should refuse an option that is not a positive whole number', () => {
    expect(() => setup({ batchSize: 0 })).toThrow(/'batchSize' must be a positive whole number/);
  });
});
