import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import type { UserKey } from '../../src/session/store.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';
import { eventDigest, seenMember } from '../../src/session/redis-keys.js';

/** A Redis store on the test server whose seen events last a minute, on the clock `now` reads. */
async function storeAt(
  now: () => number,
  options: { seenLimit?: number } = {},
): Promise<ReturnType<typeof createRedisStore>> {
  const redis = connectRedis(inject('redisUrl'));
  await waitForRedis(redis, 5000);
  return createRedisStore({
    redis,
    crypto: createDataCrypto(generateSecret()),
    ttlSeconds: 3600,
    seenTtlSeconds: 60,
    ...options,
    clock: { now },
  });
}

describe('redis store seen events', () => {
  const admin = new Redis(inject('redisUrl'));
  afterAll(async () => {
    await admin.quit();
  });

  it('should keep at most seenLimit event ids per user and forget expired ones', async () => {
    let now = 1_000_000;
    const store = await storeAt(() => now, { seenLimit: 3 });
    const user = createUserKeyer(generateSecret())('test', 'u1');
    // A second apart: expiries are whole seconds, and events of one second are trimmed in no particular order.
    for (let rev = 0; rev < 5; rev += 1) {
      now += 1000;
      expect(await store.commit(user, createState(), rev, `e${rev}`)).toBe('ok');
    }
    expect(await admin.zcard(`${userKeyPrefix(user)}:seen`)).toBe(3);
    // e0 was trimmed, so a stale commit of it is a conflict rather than a duplicate.
    expect(await store.commit(user, createState(), 4, 'e0')).toBe('conflict');
    // e4 is still remembered; once its minute has passed it is not, and the id may be used again.
    expect(await store.commit(user, createState(), 5, 'e4')).toBe('duplicate');
    now += 61_000;
    expect(await store.commit(user, createState(), 5, 'e4')).toBe('ok');
    expect(await admin.zcard(`${userKeyPrefix(user)}:seen`)).toBe(1);
    await store.close();
  });

  it('should store members as integers scored by their expiry in seconds', async () => {
    const now = Date.UTC(2026, 10, 2, 7, 0, 0, 500);
    const store = await storeAt(() => now);
    const user = createUserKeyer(generateSecret())('test', 'u-int');
    expect(await store.commit(user, createState(), 0, 'tg:1')).toBe('ok');
    const seen = await admin.zrange(`${userKeyPrefix(user)}:seen`, 0, -1, 'WITHSCORES');
    expect(seen).toEqual([seenMember('tg:1'), String(Math.ceil((now + 60_000) / 1000))]);
    expect(seenMember('tg:1')).toMatch(/^-?[1-9]\d{0,18}$/);
    await store.close();
  });

  // A seen set written before members were integers holds event digests scored by their expiry in ms.
  it('should still match and expire members written by the earlier layout', async () => {
    let now = Date.UTC(2026, 10, 2, 7, 0);
    const store = await storeAt(() => now);
    const user = createUserKeyer(generateSecret())('test', 'u-legacy');
    const key = `${userKeyPrefix(user)}:seen`;
    await admin.zadd(key, now + 60_000, eventDigest('tg:old'));

    expect(await store.commit(user, createState(), 0, 'tg:old')).toBe('duplicate');
    now += 30_000;
    expect(await store.commit(user, createState(), 0, 'tg:new')).toBe('ok');
    expect(await admin.zcard(key)).toBe(2);
    // The old member's minute is over (by its ms score); the new one has half a minute left.
    now += 30_000;
    expect(await store.commit(user, createState(), 1, 'tg:later')).toBe('ok');
    expect(await admin.zrange(key, 0, -1)).toEqual([seenMember('tg:new'), seenMember('tg:later')]);
    expect(await store.commit(user, createState(), 2, 'tg:old')).toBe('ok');
    await store.close();
  });

  // A user 14 days in, as commit ced7374 stored them (test/fixtures/session/README.md).
  it('should not apply again an event that a seen set written by the earlier version holds', async () => {
    const old = JSON.parse(readFileSync(new URL('../fixtures/session/states-0.3.json', import.meta.url), 'utf8')) as {
      secret: string;
      user: UserKey;
      now: number;
      hash: Record<string, string>;
      seen: string[];
    };
    const prefix = userKeyPrefix(old.user);
    await admin.del(`${prefix}:state`, `${prefix}:seen`, `${prefix}:history`);
    await admin.hset(
      `${prefix}:state`,
      Object.fromEntries(Object.entries(old.hash).map(([field, value]) => [field, Buffer.from(value, 'base64')])),
    );
    const scores = old.seen.filter((_, i) => i % 2 === 1).map(Number);
    await admin.zadd(
      `${prefix}:seen`,
      ...old.seen.flatMap((_, i) => (i % 2 === 0 ? [old.seen[i + 1] ?? '', old.seen[i] ?? ''] : [])),
    );
    // The simulation numbered its Telegram updates from tg:100001.
    const digests = new Set(old.seen.filter((_, i) => i % 2 === 0));
    const applied = Array.from({ length: 200 }, (_, i) => `tg:${100_001 + i}`).filter((id) =>
      digests.has(eventDigest(id)),
    );
    expect(applied.length).toBeGreaterThan(0);
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    let now = old.now + 60_000;
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(old.secret),
      ttlSeconds: 3600,
      seenTtlSeconds: 48 * 3600,
      clock: { now: () => now },
    });
    try {
      const { state, rev } = await store.load(old.user);
      for (const id of applied) expect(await store.commit(old.user, state, rev, id)).toBe('duplicate');
      expect(await store.commit(old.user, state, rev, 'tg:after-upgrade')).toBe('ok');
      // Once the last of them has expired by its own clock, only what this version wrote is left.
      now = Math.max(...scores);
      expect(await store.commit(old.user, state, rev + 1, 'tg:two-days-on')).toBe('ok');
      expect(await admin.zrange(`${prefix}:seen`, 0, -1)).toEqual([
        seenMember('tg:after-upgrade'),
        seenMember('tg:two-days-on'),
      ]);
    } finally {
      await store.forget(old.user);
      await store.close();
    }
  });
});
