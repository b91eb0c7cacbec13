import { randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Reply, SendResult } from '../../src/core/types.js';
import { loadFlows } from '../../src/flow/loader.js';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { nextDueAt } from '../../src/rhythm/plan.js';
import { createQueueSender, type QueueSenderOptions } from '../../src/schedule/queue-sender.js';
import { createRedisDueIndex, dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { createSchedule, type ScheduleOptions, type Scheduler } from '../../src/schedule/scheduler.js';
import type { Delivery, Sender } from '../../src/schedule/sender.js';
import { createDataCrypto } from '../../src/session/crypto.js';
import {
  connectRedis,
  createRedisStore,
  escapeGlob,
  USER_KEY_SUFFIXES,
  waitForRedis,
} from '../../src/session/redis-store.js';
import { createRedisBatchStore } from '../../src/session/redis-batch.js';
import { createState, type SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';
import { capturedLogger, manualClock, testSecret } from '../support/engine.js';

// One "process" of Steady on the shared test Redis: Redis store, Redis due index and BullMQ sender, each on
// its own connections, with a manual clock for engine and scheduler (BullMQ itself keeps real time).

/** What every process of one deployment shares: the secret (hence the user keys) and the key prefixes. */
export interface Deployment {
  url: string;
  secret: string;
  duePrefix: string;
  sendPrefix: string;
}

/** One scheduled delivery as the `test` platform received it. */
export interface Sent {
  address: string;
  replies: Reply[];
}

/** Options of {@link redisStack}. */
export interface StackOptions {
  /** Due worker tuning (lease, batch, concurrency). */
  worker?: ScheduleOptions['worker'];
  /** Due turns one user at a time, as without a batch store (default: in batches, as a Redis deployment runs them). */
  single?: boolean;
  /** Stands between the scheduler and the queue, so a test can make the process die right before its enqueue. */
  interceptEnqueue?: (delivery: Delivery, enqueue: (delivery: Delivery) => Promise<void>) => Promise<void>;
}

/** One process of Steady; see {@link redisStack}. */
export interface RedisStack {
  engine: Engine;
  scheduler: Scheduler;
  store: SessionStore;
  index: DueIndex;
  clock: ReturnType<typeof manualClock>;
  /** What this process's platform worker delivered. */
  sent: Sent[];
  /** Every log line of this process. */
  lines: string[];
  keyOf(userId: string): UserKey;
  /** Starts the sender and, unless `claim` is false, the claim loop on real timers. */
  start(options?: { claim?: boolean }): Promise<void>;
  tick(): Promise<number>;
  /** Commits daily-prompt users `'0'…` (address `chat-<id>`) due today at 09:00 and plans them in the due index. */
  seed(count: number): Promise<UserKey[]>;
  /** Stops the workers and closes every connection; a claim taken outside the claim loop is left as a dead process leaves it. */
  close(): Promise<void>;
}

/** Where every process's clock starts: Tuesday 2026-11-24, 08:00 UTC, a weekday (the day's message is the plain prompt). */
export const SEED_AT = Date.UTC(2026, 10, 24, 8, 0);
const DAY = 86_400_000;
// A limit that never binds: 5,000 sends should take as long as Redis needs, not a platform budget.
const TEST_RATE = { max: 100_000, durationMs: 1000 };
// Seeding writes this many users at once; ioredis pipelines the commands of one batch on each connection.
const SEED_BATCH = 1000;

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);

/** A fresh deployment on the test run's Redis: its own secret, due index and send queue prefixes. */
export function deployment(url: string): Deployment {
  return {
    url,
    secret: testSecret(),
    duePrefix: `test:${randomUUID()}`,
    sendPrefix: `{t-${randomBytes(6).toString('hex')}}`,
  };
}

/** Builds one process of `deploy`; any number of them serve the same users side by side. */
export async function redisStack(deploy: Deployment, options: StackOptions = {}): Promise<RedisStack> {
  const clock = manualClock(SEED_AT);
  const { logger, lines } = capturedLogger();
  // A generous command timeout: on a 2-core machine thousands of pipelined commands can queue behind each other.
  const [storeRedis, indexRedis] = await Promise.all([connect(deploy.url), connect(deploy.url)]);
  const storeOptions = {
    redis: storeRedis,
    crypto: createDataCrypto(deploy.secret),
    ttlSeconds: 3600,
    seenTtlSeconds: 3600,
    clock,
  };
  const store = createRedisStore(storeOptions);
  const index = createRedisDueIndex({ redis: indexRedis, prefix: deploy.duePrefix });
  const sent: Sent[] = [];
  const schedule = createSchedule({
    index,
    clock,
    logger,
    ...(options.worker ? { worker: options.worker } : {}),
    ...(options.single === true ? {} : { batch: createRedisBatchStore(storeOptions) }),
    sender: intercepted(recordingSender(deploy, logger, sent), options.interceptEnqueue),
  });
  const userKey = createUserKeyer(deploy.secret);
  const engine = createEngine({
    registry,
    actions,
    store,
    clock,
    userKey,
    logger,
    schedule: schedule.hooks,
  });
  const scheduler = schedule.withEngine(engine);
  const keyOf = (userId: string): UserKey => userKey('test', userId);
  let closing: Promise<void> | undefined;

  return {
    engine,
    scheduler,
    store,
    index,
    clock,
    sent,
    lines,
    keyOf,
    start: (startOptions) => scheduler.start(startOptions),
    tick: () => scheduler.tick(),
    async seed(count) {
      const ids = Array.from({ length: count }, (_, i) => String(i));
      // Every seeded user has the same rhythm, so one look at the calendar serves them all (luxon is slow in bulk).
      const at = nextDueAt(dailyState('', clock.now()), clock.now()) ?? never();
      for (let i = 0; i < ids.length; i += SEED_BATCH) {
        await Promise.all(ids.slice(i, i + SEED_BATCH).map((id) => seedOne(id, at)));
      }
      return ids.map(keyOf);
    },
    // Idempotent, so a test can drop a process midway and the suite's cleanup still closes every stack.
    close: () => (closing ??= shutdown()),
  };

  async function shutdown(): Promise<void> {
    await scheduler.stop();
    await store.close();
    await indexRedis.quit().catch(() => indexRedis.disconnect());
  }

  // Committed as the engine would have left a user who set 09:00 yesterday: `planned` matches the due index.
  async function seedOne(id: string, at: number): Promise<void> {
    const user = keyOf(id);
    const state = dailyState(id, clock.now());
    await store.commit(user, { ...state, schedule: { ...state.schedule, planned: at } }, 0, `seed:${id}`);
    await schedule.hooks.wake(user, at);
  }
}

/** Deletes every key `deploy` wrote: the due index, the send queue, and the state of users `0…users-1`. */
export async function dropKeys(redis: Redis, deploy: Deployment, users: number): Promise<void> {
  const keyer = createUserKeyer(deploy.secret);
  const userKeys = Array.from({ length: users }, (_, i) => userKeyPrefix(keyer('test', String(i)))).flatMap((prefix) =>
    USER_KEY_SUFFIXES.map((suffix) => `${prefix}:${suffix}`),
  );
  const queueKeys = await scanKeys(redis, `${escapeGlob(deploy.sendPrefix)}:*`);
  const all = [...Object.values(dueIndexKeys(deploy.duePrefix)), ...queueKeys, ...userKeys];
  for (let i = 0; i < all.length; i += 1000) await redis.unlink(...all.slice(i, i + 1000));
}

/** Every key name matching the glob `pattern`. */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

function dailyState(id: string, now: number): SessionState {
  return {
    ...createState(),
    settings: { onboarded: true, consent: true, timezone: 'UTC', dailyTime: '09:00' },
    schedule: { anchor: now - DAY, reach: { platform: 'test', address: `chat-${id}` } },
  };
}

// The real BullMQ sender; only the platform behind it is a function that records what it is given.
function recordingSender(deploy: Deployment, logger: QueueSenderOptions['logger'], sent: Sent[]): Sender {
  const send = async (address: string, replies: Reply[]): Promise<SendResult> => {
    sent.push({ address, replies });
    return { status: 'sent' };
  };
  return createQueueSender({
    redis: deploy.url,
    prefix: deploy.sendPrefix,
    crypto: createDataCrypto(deploy.secret),
    platforms: [{ platform: 'test', send, sendRate: TEST_RATE }],
    logger,
    concurrency: 32,
  });
}

function intercepted(sender: Sender, intercept: StackOptions['interceptEnqueue']): Sender {
  if (intercept === undefined) return sender;
  // Without enqueueMany, so a batch's deliveries pass the interceptor one by one too.
  const { enqueueMany: _many, ...single } = sender;
  return { ...single, enqueue: (delivery) => intercept(delivery, sender.enqueue) };
}

async function connect(url: string): Promise<Redis> {
  const redis = connectRedis(url, { commandTimeoutMs: 20_000 });
  await waitForRedis(redis, 5000);
  return redis;
}

function never(): never {
  throw new Error('A seeded user would have nothing scheduled; check the seeded settings.');
}
