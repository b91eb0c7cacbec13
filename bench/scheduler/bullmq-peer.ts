import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedisDueIndex, dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';
import { round, since } from '../support/stats.js';
import { createPopulation, memoryUsage, planAll, usedMemory } from './population.js';

/** Redis footprint of one way of keeping a daily schedule for `users` users. */
export interface Footprint {
  users: number;
  /** Wall time to schedule them all, and the rate. */
  ms: number;
  perSecond: number;
  keys: number;
  /** Keys that belong to one user alone, per user. */
  keysPerUser: number;
  /** INFO used_memory after minus before, per user. */
  usedMemoryPerUser: number;
  /** MEMORY USAGE (SAMPLES 0) summed over every key written, per user. */
  memoryUsagePerUser: number;
}

// Spread over a few zones, as real users would be; BullMQ stores the zone with each scheduler.
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
// As many upserts in flight at once as plans in the due index bench, on one connection.
const UPSERT_BATCH = 1000;

/**
 * One BullMQ job scheduler per user (`upsertJobScheduler`, daily at 09:00 in the user's zone), the peer to the
 * due index. Expects an empty Redis and leaves it empty.
 */
export async function measureBullmq(url: string, admin: Redis, users: number): Promise<Footprint> {
  const ids = createPopulation(users, 0).members;
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('daily', { connection });
  try {
    await queue.waitUntilReady();
    const before = await usedMemory(admin);
    const started = performance.now();
    for (let i = 0; i < users; i += UPSERT_BATCH) {
      await Promise.all(
        ids
          .slice(i, i + UPSERT_BATCH)
          .map((id, j) =>
            queue.upsertJobScheduler(
              id,
              { pattern: '0 9 * * *', tz: ZONES[(i + j) % ZONES.length] ?? 'UTC' },
              { name: 'daily', data: { user: id } },
            ),
          ),
      );
    }
    const ms = since(started);
    const used = (await usedMemory(admin)) - before;
    const keys = await keyUsage(admin);
    const perUserKeys = keys.filter(([key]) => key.includes(':repeat:')).length;
    return footprint(
      users,
      ms,
      keys.length,
      perUserKeys,
      used,
      keys.reduce((sum, [, bytes]) => sum + bytes, 0),
    );
  } finally {
    await queue.close();
    connection.disconnect();
    await admin.flushall();
  }
}

/** The due index for the same number of users, through the real `plan()`; expects an empty Redis and leaves it empty. */
export async function measureDueIndex(url: string, admin: Redis, users: number): Promise<Footprint> {
  const redis = connectRedis(url, { commandTimeoutMs: 60_000 });
  try {
    await waitForRedis(redis, 10_000);
    const population = createPopulation(users, Date.now());
    const before = await usedMemory(admin);
    const ms = await planAll(createRedisDueIndex({ redis, prefix: 'peer' }), population);
    const used = (await usedMemory(admin)) - before;
    const keys = await keyUsage(admin);
    // The sorted set holds every user; no key belongs to one user alone.
    return footprint(users, ms, keys.length, 0, used, await memoryUsage(admin, dueIndexKeys('peer').z));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
    await admin.flushall();
  }
}

function footprint(
  users: number,
  ms: number,
  keys: number,
  perUserKeys: number,
  used: number,
  usage: number,
): Footprint {
  return {
    users,
    ms: round(ms, 1),
    perSecond: Math.round((users / ms) * 1000),
    keys,
    keysPerUser: round(perUserKeys / users, 2),
    usedMemoryPerUser: Math.round(used / users),
    memoryUsagePerUser: Math.round(usage / users),
  };
}

/** Every key with its MEMORY USAGE (SAMPLES 0), found by SCAN. */
async function keyUsage(admin: Redis): Promise<[string, number][]> {
  const out: [string, number][] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    const sizes = await Promise.all(keys.map((key) => memoryUsage(admin, key)));
    keys.forEach((key, i) => out.push([key, sizes[i] ?? 0]));
    cursor = next;
  } while (cursor !== '0');
  return out;
}
