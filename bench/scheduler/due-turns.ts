import { Redis } from 'ioredis';
import { round, since } from '../support/stats.js';
import { redisCpuMs } from './population.js';
import { deployment, redisStack, SEED_AT, type StackOptions } from '../../test/schedule/redis-stack.js';

/** Real due turns through one process of the full stack: how fast one process works off users due at once. */
export interface DueTurnResult {
  users: number;
  seedMs: number;
  drainMs: number;
  usersPerSecond: number;
  /** Deliveries the platform worker had received when the last claim completed (the queue keeps sending after). */
  sentByThen: number;
  /** CPU time per user while draining, in µs: this process (due turns and the send queue's worker) and Redis. */
  cpuUsPerUser: { process: number; redis: number };
}

/**
 * Seeds `users` daily-prompt users (state committed, planned in the due index) with the full-stack test
 * harness (Redis store, Redis due index, BullMQ sender with a recording platform), moves its clock past
 * 09:00 so all are due, and drains them with the scheduler's own tick: engine due turn, enqueue, complete.
 */
export async function measureDueTurns(url: string, users: number, options: StackOptions = {}): Promise<DueTurnResult> {
  const stack = await redisStack(deployment(url), options);
  const admin = new Redis(url);
  try {
    let started = performance.now();
    await stack.seed(users);
    const seedMs = since(started);
    // 09:05 on the seeded day: everyone's 09:00 plus its up to four minutes of jitter has passed.
    stack.clock.advance(SEED_AT + 65 * 60_000 - stack.clock.now());
    await stack.start({ claim: false });
    const [cpuBefore, redisBefore] = [process.cpuUsage(), await redisCpuMs(admin)];
    started = performance.now();
    let handled = 0;
    for (let batch = await stack.tick(); batch > 0; batch = await stack.tick()) handled += batch;
    const drainMs = since(started);
    const cpu = process.cpuUsage(cpuBefore);
    const redisMs = (await redisCpuMs(admin)) - redisBefore;
    if (handled !== users) throw new Error(`The due turns handled ${handled} of ${users} seeded users.`);
    return {
      users,
      seedMs: round(seedMs, 1),
      drainMs: round(drainMs, 1),
      usersPerSecond: Math.round((users / drainMs) * 1000),
      sentByThen: stack.sent.length,
      cpuUsPerUser: {
        process: Math.round((cpu.user + cpu.system) / users),
        redis: Math.round((redisMs * 1000) / users),
      },
    };
  } finally {
    admin.disconnect();
    await stack.close();
  }
}
