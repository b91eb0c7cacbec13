import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { createRedisDueIndex, dueIndexKeys, type DueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { createDueWorker, type WorkerOptions } from '../../src/schedule/worker.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';

/** Pseudonymous user keys of the real shape: 22 base64url characters each. */
function members(count: number): string[] {
  return Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
}

/** A logger that keeps its lines, so tests can count warnings. */
function capture(): { logger: WorkerOptions['logger']; warnings: () => number } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const warnings = (): number => lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40).length;
  return { logger: pino({ level: 'warn' }, sink), warnings };
}

/** A process() that counts how often each member was handled and leaves nothing scheduled. */
function counter(counts: Map<string, number>): (member: string) => Promise<null> {
  return async (member) => {
    counts.set(member, (counts.get(member) ?? 0) + 1);
    await yieldTurn(); // hands the event loop to the other worker, as real I/O would
    return null;
  };
}

describe('redis due index at scale', () => {
  let prefix: string;
  let keys: DueIndexKeys;
  let clients: Redis[];

  // Every worker gets its own connection and its own index, as separate processes would.
  async function connect(): Promise<Redis> {
    const redis = connectRedis(inject('redisUrl'), { commandTimeoutMs: 10_000 });
    clients.push(redis);
    await waitForRedis(redis, 5000);
    return redis;
  }
  async function openIndex(): Promise<DueIndex> {
    return createRedisDueIndex({ redis: await connect(), prefix });
  }

  beforeEach(() => {
    prefix = `test:${randomUUID()}`;
    keys = dueIndexKeys(prefix);
    clients = [];
  });
  afterEach(async () => {
    await clients[0]?.unlink(...Object.values(keys));
    await Promise.all(clients.map((redis) => redis.quit()));
  });

  it('should process 5,000 members due in the same minute exactly once across two workers', async () => {
    const [indexA, indexB] = [await openIndex(), await openIndex()];
    const users = members(5000);
    const minuteAgo = Date.now() - 60_000;
    await Promise.all(users.map((user, i) => indexA.plan(user, minuteAgo + ((i * 12) % 60_000))));
    expect(await indexB.dueCount(Date.now())).toBe(5000);

    const counts = new Map<string, number>();
    const log = capture();
    const handled = [0, 0];
    const workers = [indexA, indexB].map((index, n) =>
      createDueWorker({
        index,
        clock: { now: () => Date.now() },
        logger: log.logger,
        process: async (user) => {
          handled[n] = (handled[n] ?? 0) + 1;
          return counter(counts)(user);
        },
      }),
    );
    for (const worker of workers) worker.start();
    await vi.waitFor(async () => expect(await indexA.size()).toBe(0), { timeout: 15_000, interval: 20 });
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(counts.size).toBe(5000);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    expect(log.warnings()).toBe(0);
  });

  it('should hand the batch of a worker that died mid-batch to another once the lease runs out', async () => {
    const [indexA, indexB] = [await openIndex(), await openIndex()];
    const users = members(2000);
    const start = Date.now();
    await Promise.all(users.map((user, i) => indexA.plan(user, start - 60_000 + i)));
    const leaseMs = 30_000;

    // Worker A starts its whole batch at once and never finishes: its process hangs until the test lets go.
    const startedByA: string[] = [];
    const frozen: (() => void)[] = [];
    const logA = capture();
    const workerA = createDueWorker({
      index: indexA,
      clock: { now: () => start },
      logger: logA.logger,
      leaseMs,
      batchSize: 200,
      concurrency: 200,
      process: (user) => {
        startedByA.push(user);
        return new Promise((resolve) => frozen.push(() => resolve(start + 3_600_000)));
      },
    });
    const tickA = workerA.tick();
    await vi.waitFor(() => expect(startedByA).toHaveLength(200));
    expect(await indexB.dueCount(start)).toBe(1800);

    // Worker B runs on a clock past A's lease.
    const counts = new Map<string, number>();
    const logB = capture();
    const workerB = createDueWorker({
      index: indexB,
      clock: { now: () => start + leaseMs + 1 },
      logger: logB.logger,
      leaseMs,
      process: counter(counts),
    });
    let rounds = 0;
    while ((await workerB.tick()) > 0) rounds += 1;

    expect(rounds).toBe(10);
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(startedByA.every((user) => counts.get(user) === 1)).toBe(true);
    expect(await indexB.size()).toBe(0);
    expect(logB.warnings()).toBe(0);

    // Had A only been frozen, its late completions are refused and put nothing back.
    for (const release of frozen) release();
    expect(await tickA).toBe(200);
    expect(await indexA.size()).toBe(0);
    expect(logA.warnings()).toBe(200);
  });

  it('should claim only the due members of a large index, touching none of the others', async () => {
    const admin = await connect();
    const index = createRedisDueIndex({ redis: admin, prefix });
    const now = Date.now();
    const later = members(50_000);
    for (let i = 0; i < later.length; i += 5000) {
      await admin.zadd(keys.z, ...later.slice(i, i + 5000).flatMap((user, j) => [now + 3_600_000 + i + j, user]));
    }
    const due = members(100);
    await Promise.all(due.map((user, i) => index.plan(user, now - 1000 + i)));
    const notDueBefore = await admin.zrangebyscore(keys.z, `(${now}`, '+inf', 'WITHSCORES');

    const tally = await recordScriptCommands(await connect(), prefix, async () => {
      const claims = await index.claim(now, 1000, 60_000);
      expect(claims.map((claim) => claim.member)).toEqual(due);
      expect(claims.map((claim) => claim.dueAt)).toEqual(due.map((_, i) => now - 1000 + i));
    });

    // One range read, then one write per due member: nothing in the script visits the 50,000 others.
    expect(tally).toEqual({ zrangebyscore: 1, incrby: 1, zadd: 100, hset: 100 });
    const notDueAfter = await admin.zrangebyscore(keys.z, `(${now + 60_000}`, '+inf', 'WITHSCORES');
    expect(notDueAfter).toEqual(notDueBefore);
    expect(await admin.hlen(keys.lease)).toBe(100);
    expect(await index.dueCount(now)).toBe(0);
  });
});

/** Counts the commands scripts run on the keys under `prefix` while `run` runs, as seen by MONITOR. */
async function recordScriptCommands(
  redis: Redis,
  prefix: string,
  run: () => Promise<void>,
): Promise<Record<string, number>> {
  const monitor = await redis.monitor();
  const tally: Record<string, number> = {};
  const marker = `${prefix}:monitor-done`;
  let sawMarker = false;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args.includes(marker)) sawMarker = true;
    const [command, key] = args;
    if (source !== 'lua' || command === undefined || !key?.startsWith(prefix)) return;
    const name = command.toLowerCase();
    tally[name] = (tally[name] ?? 0) + 1;
  });
  try {
    await run();
    // MONITOR reports asynchronously; a last command through it marks the end of the recording.
    await redis.exists(marker);
    await vi.waitFor(() => expect(sawMarker).toBe(true));
  } finally {
    monitor.disconnect();
  }
  return tally;
}
