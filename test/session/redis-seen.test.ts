import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';

describe('redis store seen events', () => {
  const admin = new Redis(inject('redisUrl'));
  afterAll(async () => {
    await admin.quit();
  });

  it('should keep at most seenLimit event ids per user and forget expired ones', async () => {
    let now = 1_000_000;
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(generateSecret()),
      ttlSeconds: 3600,
      seenTtlSeconds: 60,
      seenLimit: 3,
      clock: { now: () => now },
    });
    const user = createUserKeyer(generateSecret())('test', 'u1');
    for (let rev = 0; rev < 5; rev += 1) {
      now += 1;
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
});
