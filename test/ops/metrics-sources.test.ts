import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import type { SendResult } from '../../src/core/types.js';
import { ErrorCode, SteadyError } from '../../src/core/errors.js';
import { createMetrics, type ScrapableMetrics } from '../../src/ops/metrics.js';
import { createDirectSender } from '../../src/schedule/direct-sender.js';
import { createMemoryDueIndex } from '../../src/schedule/memory-due-index.js';
import { createQueueSender } from '../../src/schedule/queue-sender.js';
import { createRedisDueIndex } from '../../src/schedule/redis-due-index.js';
import { createSchedule, type ScheduledEngine } from '../../src/schedule/scheduler.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { connectRedis, createRedisStore } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { freePort } from '../support/app-process.js';
import { capturedLogger, createTestEngine, eventFrom, manualClock, testSecret } from '../support/engine.js';
import { COUNTER_FLOW, count, programOf, say } from '../support/program.js';
import { parseExposition, steadyLabelValues, valueOf, type Sample } from './exposition.js';

// Each place that feeds a metric, wired to a real registry and read back through the exposition.

const program = programOf(COUNTER_FLOW);
const CRISIS = 'I want to end my life';
const DISTRESS = 'I feel so hopeless and sad';

async function scrape(metrics: ScrapableMetrics): Promise<Sample[]> {
  return parseExposition(await metrics.render());
}

describe('metrics from the engine', () => {
  it('should count turns by platform and outcome, and time them', async () => {
    const metrics = createMetrics();
    const engine = createTestEngine(program, { metrics });
    await engine.handle(eventFrom('u1', count));
    await engine.handle(eventFrom('u1', say('hi'), 'same-delivery'));
    await engine.handle(eventFrom('u1', say('hi'), 'same-delivery'));
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_turns_total', { platform: 'test', outcome: 'ok' })).toBe(2);
    expect(valueOf(samples, 'steady_turns_total', { platform: 'test', outcome: 'duplicate' })).toBe(1);
    expect(valueOf(samples, 'steady_turn_duration_seconds_count', { platform: 'test' })).toBe(3);
  });

  it('should count a safety event once per committed message, by tier, with no text or user id in any label', async () => {
    const metrics = createMetrics();
    const secret = testSecret();
    const engine = createTestEngine(program, { metrics, secret });
    await engine.handle(eventFrom('5550123', say(CRISIS), 'crisis-1'));
    await engine.handle(eventFrom('5550123', say(CRISIS), 'crisis-1')); // a platform retry: applied once, counted once
    await engine.handle(eventFrom('5550124', say(DISTRESS)));
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_safety_events_total', { tier: 'serious' })).toBe(1);
    expect(valueOf(samples, 'steady_safety_events_total', { tier: 'distress' })).toBe(1);
    const values = steadyLabelValues(samples);
    const userKey = createUserKeyer(secret)('test', '5550123');
    for (const value of values) {
      expect(value).toMatch(/^[a-z][a-z0-9_.-]*$/);
      for (const secretish of ['5550123', '5550124', userKey, 'life', 'hopeless'])
        expect(value).not.toContain(secretish);
    }
  });

  it('should count the safety answer given while the store is down', async () => {
    const metrics = createMetrics();
    const down: SessionStore = {
      ...createMemoryStore({ clock: manualClock() }),
      load: () => Promise.reject(new SteadyError(ErrorCode.StoreUnavailable, 'down')),
    };
    const engine = createTestEngine(program, { metrics, store: down });
    const outcome = await engine.handle(eventFrom('u1', say(CRISIS)));
    expect(outcome.status).toBe('unavailable');
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_turns_total', { platform: 'test', outcome: 'unavailable' })).toBe(1);
    expect(valueOf(samples, 'steady_safety_events_total', { tier: 'serious' })).toBe(1);
  });

  it('should hand safety events out of advance as data, tier only', () => {
    const { effects } = advance(program, createState(), say(CRISIS), 0);
    const safety = effects.filter((e) => e.type === 'safety');
    expect(safety).toEqual([{ type: 'safety', tier: 'serious' }]);
    expect(advance(program, createState(), say('hello'), 0).effects.some((e) => e.type === 'safety')).toBe(false);
  });
});

describe('metrics from Redis calls', () => {
  it('should count failed store and due index calls by operation, and connection errors', async () => {
    const metrics = createMetrics();
    // Nothing listens there: with no offline queue every command fails at once.
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`, {
      maxBackoffMs: 50,
      onError: () => metrics.redisError('connection'),
    });
    const onError = (operation: string): void => metrics.redisError(operation);
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(testSecret()),
      ttlSeconds: 60,
      seenTtlSeconds: 60,
      onError,
    });
    const index = createRedisDueIndex({ redis, onError });
    await expect(store.load('u1' as UserKey)).rejects.toMatchObject({ code: ErrorCode.StoreUnavailable });
    await expect(store.commit('u1' as UserKey, createState(), 0, 'e1')).rejects.toMatchObject({
      code: ErrorCode.StoreUnavailable,
    });
    await expect(index.claim(Date.now(), 10, 1000)).rejects.toMatchObject({ code: ErrorCode.StoreUnavailable });
    await expect(index.nextDueAt()).rejects.toMatchObject({ code: ErrorCode.StoreUnavailable });
    await vi.waitFor(async () =>
      expect(valueOf(await scrape(metrics), 'steady_redis_errors_total', { operation: 'connection' })).toBeGreaterThan(
        0,
      ),
    );
    redis.disconnect();
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_redis_errors_total', { operation: 'load' })).toBe(1);
    expect(valueOf(samples, 'steady_redis_errors_total', { operation: 'commit' })).toBe(1);
    expect(valueOf(samples, 'steady_redis_errors_total', { operation: 'due_claim' })).toBe(1);
    expect(valueOf(samples, 'steady_redis_errors_total', { operation: 'due_next_due_at' })).toBe(1);
  });
});

describe('metrics from the scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A scheduler whose engine always has one delivery for the user, and a platform answering from `script`. */
  function scheduled(script: Array<SendResult | Error>) {
    const metrics = createMetrics();
    const clock = manualClock();
    const { logger } = capturedLogger();
    const index = createMemoryDueIndex();
    const send = async (): Promise<SendResult> => {
      const next = script.shift() ?? { status: 'sent' };
      if (next instanceof Error) throw next;
      return next;
    };
    let turn = 0;
    const engine: ScheduledEngine = {
      runDue: async () => ({
        ...createState(),
        schedule: {
          reach: { platform: 'test', address: 'chat-1' },
          outbox: [{ id: `d${++turn}`, at: clock.now(), replies: [{ kind: 'info', text: 'hi' }] }],
        },
      }),
      markUnreachable: async () => undefined,
    };
    const sender = createDirectSender({
      platforms: [{ platform: 'test', send }],
      failed: (platform, reason) => metrics.sendFailure(platform, reason),
      logger,
      clock,
    });
    const scheduler = createSchedule({ index, sender, clock, logger, jitterSpreadMs: 1, metrics }).withEngine(engine);
    return { metrics, clock, index, scheduler };
  }

  it('should observe how late each due user was processed, and the due index size', async () => {
    const { metrics, clock, index, scheduler } = scheduled([]);
    await scheduler.start({ claim: false });
    await index.plan('u1', clock.now());
    await index.plan('u2', clock.now() + 60_000);
    await index.plan('u3', clock.now() + 3_600_000);
    expect(valueOf(await scrape(metrics), 'steady_due_set_size')).toBe(3);
    clock.advance(90_000);
    expect(await scheduler.tick()).toBe(2);
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_scheduler_lag_seconds_count')).toBe(2);
    expect(valueOf(samples, 'steady_scheduler_lag_seconds_sum')).toBe(90 + 30);
    expect(valueOf(samples, 'steady_scheduler_lag_seconds_bucket', { le: '60' })).toBe(1);
    await scheduler.stop();
  });

  it('should count failed scheduled sends by platform and reason', async () => {
    const script: Array<SendResult | Error> = [
      { status: 'unreachable', reason: 'blocked' },
      { status: 'rateLimited', retryAfterMs: 1000 },
      new Error('boom'),
    ];
    const { metrics, clock, index, scheduler } = scheduled(script);
    await scheduler.start({ claim: false });
    for (const user of ['u1', 'u2']) await index.plan(user, clock.now());
    await scheduler.tick();
    await vi.advanceTimersByTimeAsync(1000); // the rate-limited send is tried again, and throws
    await index.plan('u3', clock.now());
    await scheduler.tick();
    await vi.advanceTimersByTimeAsync(0);
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'test', reason: 'unreachable' })).toBe(1);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'test', reason: 'rate_limited' })).toBe(1);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'test', reason: 'error' })).toBe(1);
    await scheduler.stop();
  });
});

describe('metrics from the send queue', () => {
  it('should count every failed attempt of a queued send by platform and reason', async () => {
    const metrics = createMetrics();
    const script: Array<SendResult | Error> = [{ status: 'unreachable', reason: 'blocked' }, new Error('boom')];
    let sent = 0;
    const send = async (): Promise<SendResult> => {
      const next = script.shift() ?? { status: 'sent' };
      if (next instanceof Error) throw next;
      if (next.status === 'sent') sent += 1;
      return next;
    };
    const sender = createQueueSender({
      redis: inject('redisUrl'),
      prefix: `{metrics-${randomBytes(4).toString('hex')}}`,
      crypto: createDataCrypto(generateSecret()),
      platforms: [{ platform: 'test', send, sendRate: { max: 100, durationMs: 1000 } }],
      failed: (platform, reason) => metrics.sendFailure(platform, reason),
      logger: capturedLogger().logger,
      retryDelayMs: 20,
    });
    try {
      await sender.start(async () => undefined);
      const delivery = (id: string) => ({
        id,
        user: 'u1' as UserKey,
        platform: 'test',
        address: 'chat-1',
        replies: [{ kind: 'info' as const, text: 'hi' }],
      });
      await sender.enqueue(delivery('blocked'));
      await sender.enqueue(delivery('thrown-then-sent'));
      await vi.waitFor(() => expect(sent).toBe(1), { timeout: 8000 });
    } finally {
      await sender.stop();
    }
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'test', reason: 'unreachable' })).toBe(1);
    expect(valueOf(samples, 'steady_send_failures_total', { platform: 'test', reason: 'error' })).toBe(1);
  });
});
