import { Redis } from 'ioredis';
import { round, since } from '../support/stats.js';
import { redisCpuMs } from './population.js';
import {
  deployment,
  redisStack,
  SEED_AT,
  type RedisStack,
  type StackOptions,
} from '../../test/schedule/redis-stack.js';

// Long enough for any queue this section fills on a loaded machine; a stuck sender fails the section instead.
const SEND_WAIT_MS = 120_000;

/** Real due turns through one process of the full stack: how fast one process works off users due at once. */
export interface DueTurnResult {
  users: number;
  seedMs: number;
  drainMs: number;
  usersPerSecond: number;
  /** Deliveries the platform worker had received when the last claim completed (the queue keeps sending after). */
  sentByThen: number;
  /** CPU time per user while draining, in µs: this process (due turns, and the send queue's worker when it sends meanwhile) and Redis. */
  cpuUsPerUser: { process: number; redis: number };
  /** With sending after the drain: ms from starting the send worker until every delivery reached the platform. */
  sendMs?: number;
}

/** How {@link measureDueTurns} runs: the stack's options, and whether the send worker sends while the due turns run. */
export interface DueTurnOptions extends StackOptions {
  /** `during` (default): the platform worker sends as fast as Redis allows while the turns run; `after`: once they are done. */
  sending?: 'during' | 'after';
}

/**
 * Seeds `users` daily-prompt users (state committed, planned in the due index) with the full-stack test
 * harness (Redis store, Redis due index, BullMQ sender with a recording platform), moves its clock past
 * 09:00 so all are due, and drains them with the scheduler's own tick: engine due turn, enqueue, complete.
 */
export async function measureDueTurns(
  url: string,
  users: number,
  options: DueTurnOptions = {},
): Promise<DueTurnResult> {
  const { sending = 'during', ...stackOptions } = options;
  const stack = await redisStack(deployment(url), stackOptions);
  const admin = new Redis(url);
  try {
    let started = performance.now();
    await stack.seed(users);
    const seedMs = since(started);
    // 09:05 on the seeded day: everyone's 09:00 plus its up to four minutes of jitter has passed.
    stack.clock.advance(SEED_AT + 65 * 60_000 - stack.clock.now());
    if (sending === 'during') await stack.start({ claim: false });
    const [cpuBefore, redisBefore] = [process.cpuUsage(), await redisCpuMs(admin)];
    started = performance.now();
    let handled = 0;
    for (let batch = await stack.tick(); batch > 0; batch = await stack.tick()) handled += batch;
    const drainMs = since(started);
    const cpu = process.cpuUsage(cpuBefore);
    const redisMs = (await redisCpuMs(admin)) - redisBefore;
    if (handled !== users) throw new Error(`The due turns handled ${handled} of ${users} seeded users.`);
    const sentByThen = stack.sent.length;
    const sendMs = sending === 'after' ? await sendAll(stack, users) : undefined;
    return {
      users,
      seedMs: round(seedMs, 1),
      drainMs: round(drainMs, 1),
      usersPerSecond: Math.round((users / drainMs) * 1000),
      sentByThen,
      cpuUsPerUser: {
        process: Math.round((cpu.user + cpu.system) / users),
        redis: Math.round((redisMs * 1000) / users),
      },
      ...(sendMs !== undefined ? { sendMs: round(sendMs, 1) } : {}),
    };
  } finally {
    admin.disconnect();
    await stack.close();
  }
}

// Starts the send worker on the queued deliveries and waits until the platform has every one (one per user).
async function sendAll(stack: RedisStack, users: number): Promise<number> {
  const started = performance.now();
  await stack.start({ claim: false });
  while (stack.sent.length < users) {
    if (since(started) > SEND_WAIT_MS) throw new Error(`Only ${stack.sent.length} of ${users} deliveries were sent.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return since(started);
}

/** Several runs of one configuration after a warm-up run, and the run with the median rate. */
export interface DueTurnSeries {
  runs: DueTurnResult[];
  median: DueTurnResult;
}

/**
 * {@link measureDueTurns} `runs` times on fresh users after one unreported warm-up (the first run also pays for
 * compiling the engine's hot paths); the machine is shared, so one run's rate alone says little.
 */
export async function measureDueTurnSeries(
  url: string,
  users: number,
  options: DueTurnOptions,
  runs: number,
): Promise<DueTurnSeries> {
  await measureDueTurns(url, Math.min(users, 1000), options);
  const results: DueTurnResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await measureDueTurns(url, users, options));
  const sorted = [...results].sort((a, b) => a.usersPerSecond - b.usersPerSecond);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median === undefined) throw new Error('Due turns need at least one run.');
  return { runs: results, median };
}
