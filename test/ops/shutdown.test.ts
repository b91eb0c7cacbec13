import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parallelStep, runShutdown, type ShutdownResult } from '../../src/ops/shutdown.js';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('runShutdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should run the steps one after another and report done', async () => {
    const order: string[] = [];
    const step = (name: string, ms: number) => ({
      name,
      run: async () => {
        order.push(`${name}:start`);
        await wait(ms);
        order.push(`${name}:end`);
      },
    });
    const result = runShutdown([step('a', 30), step('b', 10)], 1000);
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toEqual({ status: 'done' });
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('should still run the later steps after one fails, and report the first failure', async () => {
    const ran: string[] = [];
    const boom = new Error('adapter stop failed');
    const result = await runShutdown(
      [
        {
          name: 'intake',
          run: async () => {
            throw boom;
          },
        },
        { name: 'store', run: async () => void ran.push('store') },
      ],
      1000,
    );
    expect(result).toEqual({ status: 'failed', step: 'intake', error: boom });
    expect(ran).toEqual(['store']);
  });

  it('should give up at the deadline and say which step and which of its tasks were still running', async () => {
    const closed: string[] = [];
    const result = runShutdown(
      [
        parallelStep('intake', { telegram: () => wait(5000), slack: () => wait(10), scheduler: () => wait(20) }),
        { name: 'store', run: async () => void closed.push('store') },
      ],
      1000,
    );
    let settled: ShutdownResult | undefined;
    void result.then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toEqual({ status: 'timedOut', step: 'intake', waitingFor: ['telegram'] });
    expect(closed).toEqual([]);
  });

  it('should let every task of a parallel step finish before reporting one that failed', async () => {
    const finished: string[] = [];
    const step = parallelStep('intake', {
      telegram: async () => {
        throw new Error('stop failed');
      },
      slack: async () => {
        await wait(50);
        finished.push('slack');
      },
    });
    const run = step.run();
    const outcome = run.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await vi.advanceTimersByTimeAsync(49);
    expect(finished).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe('stop failed');
    expect(finished).toEqual(['slack']);
    expect(step.waitingFor?.()).toEqual(['telegram']);
  });
});
