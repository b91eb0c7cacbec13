import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { CONVERSATION_TTL_SECONDS, createState, retentionSeconds, type SessionState } from '../../src/core/state.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';

const DAY = 86_400;
const keyer = createUserKeyer(generateSecret());
const declined: SessionState = { ...createState(), settings: { consent: false } };
const agreed: SessionState = { ...createState(), settings: { consent: true } };

describe('retention', () => {
  it('should keep the configured time for users who agreed and the conversation window for all others', () => {
    expect(retentionSeconds(agreed, 180 * DAY)).toBe(180 * DAY);
    // Never asked or never answered (only /start, or a crisis message first): not consent.
    expect(retentionSeconds(createState(), 180 * DAY)).toBe(CONVERSATION_TTL_SECONDS);
    expect(retentionSeconds(declined, 180 * DAY)).toBe(CONVERSATION_TTL_SECONDS);
    expect(retentionSeconds(declined, 60)).toBe(60);
  });

  it('should drop a declining user from the memory store after the conversation window', async () => {
    let now = 0;
    const store = createMemoryStore({ clock: { now: () => now }, ttlMs: 180 * DAY * 1000 });
    const user = keyer('test', 'declined');
    await store.commit(user, declined, 0, 'e1');
    now += CONVERSATION_TTL_SECONDS * 1000 - 1;
    expect((await store.load(user)).rev).toBe(1);
    now += 1;
    expect((await store.load(user)).rev).toBe(0);
  });

  describe('redis store', () => {
    let admin: Redis;
    beforeAll(() => {
      admin = new Redis(inject('redisUrl'));
    });
    afterAll(async () => {
      await admin.quit();
    });

    it('should put the conversation window on a declining user and the full retention on others', async () => {
      const redis = connectRedis(inject('redisUrl'));
      await waitForRedis(redis, 5000);
      const store = createRedisStore({
        redis,
        crypto: createDataCrypto(generateSecret()),
        ttlSeconds: 180 * DAY,
        seenTtlSeconds: 600,
      });
      const [no, yes] = [keyer('test', 'redis-declined'), keyer('test', 'redis-agreed')];
      await store.commit(no, declined, 0, 'e1');
      await store.commit(yes, agreed, 0, 'e1');
      expect(await admin.ttl(`${userKeyPrefix(no)}:state`)).toBeLessThanOrEqual(CONVERSATION_TTL_SECONDS);
      expect(await admin.ttl(`${userKeyPrefix(yes)}:state`)).toBeGreaterThan(179 * DAY);
      await store.close();
    });
  });
});
