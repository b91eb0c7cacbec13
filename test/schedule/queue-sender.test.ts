import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Reply, SendRate, SendResult } from '../../src/core/types.js';
import { createQueueSender } from '../../src/schedule/queue-sender.js';
import type { Delivery, PlatformSend, Sender, UnreachableReport } from '../../src/schedule/sender.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import type { UserKey } from '../../src/session/store.js';
import { capturedLogger } from '../support/engine.js';

const url = inject('redisUrl');
const alice = 'u-alice' as UserKey;
const bob = 'u-bob' as UserKey;
const FAST: SendRate = { max: 100, durationMs: 1000 };

/** A platform that answers with `script` in order, then `sent`; an Error in the script is thrown. */
function fakePlatform(script: Array<SendResult | Error> = []) {
  const calls: Array<{ address: string; replies: Reply[]; at: number }> = [];
  const send: PlatformSend = async (address, replies) => {
    calls.push({ address, replies, at: Date.now() });
    const next = script.shift() ?? { status: 'sent' };
    if (next instanceof Error) throw next;
    return next;
  };
  return { send, calls };
}

function delivery(id: string, user = alice, text = `prompt ${id}`): Delivery {
  return { id, user, platform: 'test', address: `chat-${user}`, replies: [{ text, kind: 'question' }] };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createQueueSender', () => {
  let cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of cleanup.reverse()) await close();
    cleanup = [];
  });

  /** A sender on a fresh prefix (or a shared one, for a second instance) with one `test` platform. */
  function setup(opts: { send: PlatformSend; sendRate?: SendRate; prefix?: string; secret?: string }) {
    const prefix = opts.prefix ?? `{t-${randomBytes(4).toString('hex')}}`;
    const secret = opts.secret ?? generateSecret();
    const unreachable: Array<[UserKey, string, string]> = [];
    // Started as the scheduler starts it: blocked users are reported to the engine, here to `unreachable`.
    const report: UnreachableReport = async (...args) => void unreachable.push(args);
    const { logger, lines } = capturedLogger();
    const sender: Sender = createQueueSender({
      redis: url,
      prefix,
      crypto: createDataCrypto(secret),
      platforms: [{ platform: 'test', send: opts.send, sendRate: opts.sendRate ?? FAST }],
      logger,
      retryDelayMs: 20,
    });
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue('send-test', { connection: redis, prefix });
    cleanup.push(
      () => sender.stop(),
      () => queue.close(),
      () => redis.quit(),
    );
    return { sender, report, queue, redis, prefix, secret, unreachable, lines };
  }

  it('should send a delivery once, with its address and replies decrypted', async () => {
    const platform = fakePlatform();
    const { sender, report, queue } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.2026-11-22'));
    await sender.start(report);
    await waitFor(() => platform.calls.length === 1);
    await sleep(300);
    expect(platform.calls).toEqual([
      {
        address: 'chat-u-alice',
        replies: [{ text: 'prompt day.2026-11-22', kind: 'question' }],
        at: expect.any(Number),
      },
    ]);
    await waitFor(async () => (await queue.getJobCounts('completed', 'failed', 'active', 'wait')).active === 0);
    expect(await queue.getJobCounts('completed', 'failed', 'wait')).toEqual({ completed: 0, failed: 0, wait: 0 });
  });

  it('should drop a delivery cancelled before it was queued (a forget that races a scheduled turn)', async () => {
    const platform = fakePlatform();
    const { sender, report, queue } = setup({ send: platform.send });
    await sender.cancel(alice, ['day.2026-11-22']);
    await sender.enqueue(delivery('day.2026-11-22'));
    await sender.enqueue(delivery('day.2026-11-23'));
    await sender.start(report);
    await waitFor(() => platform.calls.length === 1);
    await sleep(300);
    expect(platform.calls.map((c) => c.replies[0]?.text)).toEqual(['prompt day.2026-11-23']);
    expect((await queue.getJobCounts('wait')).wait).toBe(0);
  });

  it('should send an id once across enqueues, a second instance and a restart, but per user', async () => {
    const platform = fakePlatform();
    const first = setup({ send: platform.send });
    const second = setup({ send: platform.send, prefix: first.prefix, secret: first.secret });
    await first.sender.enqueue(delivery('day.1'));
    await first.sender.enqueue(delivery('day.1'));
    await second.sender.enqueue(delivery('day.1'));
    await second.sender.enqueue(delivery('day.1', bob));
    await Promise.all([first.sender.start(first.report), second.sender.start(second.report)]);
    await waitFor(() => platform.calls.length === 2);
    await first.sender.stop();
    // After the send completed and its job was removed, the id is still known.
    await second.sender.enqueue(delivery('day.1'));
    await sleep(500);
    expect(platform.calls.map((c) => c.address).sort()).toEqual(['chat-u-alice', 'chat-u-bob']);
  });

  it('should wait out a rate limit without counting it as a failed attempt', async () => {
    const platform = fakePlatform([{ status: 'rateLimited', retryAfterMs: 1500 }]);
    const { sender, report, queue } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(() => platform.calls.length === 1);
    await waitFor(async () => (await queue.getJobs(['wait'])).length === 1);
    const [waiting] = await queue.getJobs(['wait']);
    expect(waiting?.attemptsMade).toBe(0);
    expect(await queue.getRateLimitTtl()).toBeGreaterThan(1000);
    await waitFor(() => platform.calls.length === 2);
    const [first, second] = platform.calls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1490);
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
  });

  it('should keep waiting out rate limits beyond the attempt budget', async () => {
    const limited = { status: 'rateLimited', retryAfterMs: 60 } as const;
    const platform = fakePlatform([limited, limited, limited, limited, limited, limited]);
    const { sender, report, queue } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(() => platform.calls.length === 7);
    await sleep(100);
    expect(await queue.getJobCounts('failed', 'wait', 'delayed')).toEqual({ failed: 0, wait: 0, delayed: 0 });
  });

  it('should report an unreachable user once and never retry', async () => {
    const platform = fakePlatform([{ status: 'unreachable', reason: 'blocked' }]);
    const { sender, report, queue, unreachable } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(() => unreachable.length === 1);
    await sleep(300);
    expect(unreachable).toEqual([[alice, 'test', 'blocked']]);
    expect(platform.calls).toHaveLength(1);
    expect(await queue.getJobCounts('failed', 'wait', 'delayed')).toEqual({ failed: 0, wait: 0, delayed: 0 });
  });

  it('should retry a send that threw', async () => {
    const platform = fakePlatform([new Error('socket hang up')]);
    const { sender, report } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(() => platform.calls.length === 2);
  });

  it('should keep neither text nor address in the reason of a send that kept failing', async () => {
    const leak = () => new Error('could not send "prompt day.1" to chat-u-alice');
    const platform = fakePlatform([leak(), leak(), leak(), leak(), leak()]);
    const { sender, report, queue, lines } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(async () => (await queue.getJobCounts('failed')).failed === 1);
    expect(platform.calls).toHaveLength(5);
    const [failed] = await queue.getJobs(['failed']);
    const stored = JSON.stringify([failed?.failedReason, failed?.stacktrace, lines]);
    expect(stored).not.toContain('prompt day.1');
    expect(stored).not.toContain('chat-u-alice');
    // No stack either: it would name the server's paths.
    expect(failed?.stacktrace).toEqual([]);
    expect(stored).not.toMatch(/\/src\/|node_modules/);
  });

  it('should still send a job queued by the version that kept the user key in the clear', async () => {
    const platform = fakePlatform();
    const { sender, report, queue, secret } = setup({ send: platform.send });
    const jobId = 'job-from-v1';
    const replies = [{ text: 'an older prompt', kind: 'question' }];
    const sealed = createDataCrypto(secret).encrypt(JSON.stringify({ address: 'chat-v1', replies }), jobId);
    await queue.add('deliver', { v: 1, user: alice, platform: 'test', sealed }, { jobId });
    await sender.start(report);
    await waitFor(() => platform.calls.length === 1);
    expect(platform.calls[0]).toMatchObject({ address: 'chat-v1', replies });
  });

  it('should drop a cancelled delivery for good, and only for its own user', async () => {
    const platform = fakePlatform();
    const { sender, report, queue } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.2'));
    await sender.cancel(alice, ['day.1']);
    await sender.cancel(bob, ['day.2']);
    expect(await queue.getJobCounts('wait')).toEqual({ wait: 1 });
    await sender.enqueue(delivery('day.1'));
    expect(await queue.getJobCounts('wait')).toEqual({ wait: 1 });
    await sender.start(report);
    await waitFor(() => platform.calls.length === 1);
    await sleep(300);
    expect(platform.calls.map((c) => c.replies[0]?.text)).toEqual(['prompt day.2']);
  });

  it('should keep no user key, reply text or address in Redis or the logs', async () => {
    const platform = fakePlatform();
    const { sender, redis, prefix, lines } = setup({ send: platform.send });
    await sender.enqueue(delivery('day.1', alice, 'I still miss her every morning'));
    const values: string[] = [];
    for (const key of await redis.keys(`${prefix}*`)) values.push(key, ...(await readKey(redis, key)));
    expect(values.length).toBeGreaterThan(0);
    // Not even the pseudonymous user key: it is sealed with the address and texts.
    expect(values.some((v) => v.includes(alice))).toBe(false);
    const dump = [...values, ...lines].join('\n');
    expect(dump).not.toContain('miss her');
    expect(dump).not.toContain('chat-u-alice');
    expect(dump).not.toContain('day.1');
  });

  it('should let the send in hand finish when stopped', async () => {
    let finished = false;
    const slow: PlatformSend = async () => {
      await sleep(300);
      finished = true;
      return { status: 'sent' };
    };
    const { sender, report, queue } = setup({ send: slow });
    await sender.enqueue(delivery('day.1'));
    await sender.start(report);
    await waitFor(async () => (await queue.getJobCounts('active')).active === 1);
    await sender.stop();
    expect(finished).toBe(true);
    expect(await queue.getJobCounts('active', 'wait', 'failed')).toEqual({ active: 0, wait: 0, failed: 0 });
  });

  it('should refuse, before connecting, an adapter whose send rate cannot limit a queue', () => {
    const platform = fakePlatform();
    for (const sendRate of [
      { max: 0, durationMs: 1000 },
      { max: 2.5, durationMs: 1000 },
    ]) {
      expect(() =>
        createQueueSender({
          redis: 'redis://127.0.0.1:1',
          crypto: createDataCrypto(generateSecret()),
          platforms: [{ platform: 'test', send: platform.send, sendRate }],
          logger: capturedLogger().logger,
        }),
      ).toThrow(expect.objectContaining({ code: 'STEADY_CONFIG', message: expect.stringContaining('sendRate') }));
    }
  });

  it('should keep to the platform budget across all its deliveries', async () => {
    const platform = fakePlatform();
    const { sender, report } = setup({ send: platform.send, sendRate: { max: 20, durationMs: 1000 } });
    for (let i = 0; i < 60; i += 1) await sender.enqueue(delivery(`day.${i}`));
    const startedAt = Date.now();
    await sender.start(report);
    await waitFor(() => platform.calls.length === 60);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1950);
  });
});

async function readKey(redis: Redis, key: string): Promise<string[]> {
  switch (await redis.type(key)) {
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flat();
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1);
    case 'stream':
      return (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
    default:
      return [];
  }
}
