import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, noMetrics, safeLabel } from '../../src/ops/metrics.js';
import { parseExposition, steadyLabelValues, valueOf } from './exposition.js';

describe('createMetrics', () => {
  it('should expose every Steady series with the labels it was recorded with', async () => {
    const metrics = createMetrics();
    metrics.turn('telegram', 'ok', 0.004);
    metrics.turn('telegram', 'ok', 0.2);
    metrics.turn('slack', 'unavailable', 2);
    metrics.redisError('commit');
    metrics.safety('imminent');
    metrics.schedulerLag(3);
    metrics.sendFailure('discord', 'rate_limited');
    metrics.dueSetSize(async () => 42);

    const samples = parseExposition(await metrics.render());
    expect(valueOf(samples, 'steady_turns_total', { platform: 'telegram', outcome: 'ok' })).toBe(2);
    expect(valueOf(samples, 'steady_turns_total', { platform: 'slack', outcome: 'unavailable' })).toBe(1);
    expect(valueOf(samples, 'steady_turn_duration_seconds_count', { platform: 'telegram' })).toBe(2);
    expect(valueOf(samples, 'steady_turn_duration_seconds_bucket', { platform: 'telegram', le: '0.005' })).toBe(1);
    expect(valueOf(samples, 'steady_turn_duration_seconds_bucket', { platform: 'slack', le: '1' })).toBe(0);
    expect(valueOf(samples, 'steady_redis_errors_total', { operation: 'commit' })).toBe(1);
    expect(valueOf(samples, 'steady_safety_events_total', { tier: 'imminent' })).toBe(1);
    expect(valueOf(samples, 'steady_scheduler_lag_seconds_count')).toBe(1);
    expect(valueOf(samples, 'steady_scheduler_lag_seconds_sum')).toBe(3);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'discord', reason: 'rate_limited' })).toBe(1);
    expect(valueOf(samples, 'steady_due_set_size')).toBe(42);
    // Node's default metrics come along, on the app's own registry.
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('should bucket turn durations from 1 ms to 5 s', async () => {
    const metrics = createMetrics();
    metrics.turn('telegram', 'ok', 0.0005);
    const bounds = parseExposition(await metrics.render())
      .filter((s) => s.name === 'steady_turn_duration_seconds_bucket')
      .map((s) => s.labels.le);
    expect(bounds[0]).toBe('0.001');
    expect(bounds).toContain('5');
    expect(bounds.at(-1)).toBe('+Inf');
  });

  // A label carrying what a user typed or a raw id would leak it to every dashboard and explode cardinality.
  it('should record a label value that is not a short slug as other', async () => {
    const metrics = createMetrics();
    metrics.turn('telegram', 'I want to end my life', 0.01);
    metrics.sendFailure('5550123', 'error');
    metrics.redisError('Load'); // upper case: not one of ours
    const values = steadyLabelValues(parseExposition(await metrics.render()));
    expect(values).toContain('other');
    for (const leaked of ['I want to end my life', '5550123', 'Load']) expect(values).not.toContain(leaked);
    expect(safeLabel('rate_limited')).toBe('rate_limited');
    expect(safeLabel('due_next_due_at')).toBe('due_next_due_at');
    expect(safeLabel('a'.repeat(33))).toBe('other');
    expect(safeLabel('')).toBe('other');
  });

  it('should read the due set size on every scrape and keep the last value while the read fails', async () => {
    const metrics = createMetrics();
    let size: number | Error = 7;
    metrics.dueSetSize(async () => {
      if (size instanceof Error) throw size;
      return size;
    });
    expect(valueOf(parseExposition(await metrics.render()), 'steady_due_set_size')).toBe(7);
    size = 9;
    expect(valueOf(parseExposition(await metrics.render()), 'steady_due_set_size')).toBe(9);
    size = new Error('redis is down');
    expect(valueOf(parseExposition(await metrics.render()), 'steady_due_set_size')).toBe(9);
  });

  it('should keep each app on its own registry, never the global one', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.turn('telegram', 'ok', 0.01);
    expect(
      valueOf(parseExposition(await first.render()), 'steady_turns_total', { platform: 'telegram', outcome: 'ok' }),
    ).toBe(1);
    expect(
      valueOf(parseExposition(await second.render()), 'steady_turns_total', { platform: 'telegram', outcome: 'ok' }),
    ).toBeUndefined();
    expect(globalRegistry.getSingleMetric('steady_turns_total')).toBeUndefined();
  });

  it('should offer a no-op implementation with the same methods', () => {
    expect(Object.keys(noMetrics).sort()).toEqual([
      'dueSetSize',
      'flowStep',
      'limited',
      'redisError',
      'safety',
      'schedulerLag',
      'sendFailure',
      'turn',
    ]);
    expect(() => noMetrics.turn('telegram', 'ok', 1)).not.toThrow();
  });
});
