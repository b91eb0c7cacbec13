import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisLinkBackend } from '../../src/link/redis-backend.js';
import { createLinks } from '../../src/link/links.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';
import type { RedisClient } from '../../src/session/redis-target.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { testSecret } from '../support/engine.js';

// The links in a real Redis: what is written (keyed hashes, TTLs), single use and the guess window.
describe('links in Redis', () => {
  let redis: RedisClient;
  let admin: Redis;
  beforeAll(async () => {
    redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    admin = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    redis.disconnect();
    admin.disconnect();
  });

  it('should link, resolve, use a code once and keep no platform id or code in the clear', async () => {
    const secret = testSecret();
    const userKey = createUserKeyer(secret);
    const links = createLinks({ backend: createRedisLinkBackend(redis), secret, userKey, ttlMs: 60_000 });
    const owner = userKey('telegram', '9990001');
    const code = await links.issue(owner);
    expect((await links.join('slack', 'U9990002', code)).status).toBe('joined');
    expect((await links.join('discord', '9990003', code)).status).toBe('wrong');
    expect(await links.resolve('slack', 'U9990002')).toBe(owner);
    expect(await links.resolve('telegram', '9990001')).toBe(owner);

    const keys = await admin.keys(`steady:*${owner}*`);
    const alias = `steady:{u:${userKey('slack', 'U9990002')}}:link`;
    expect(await admin.get(alias)).toBe(owner);
    expect(await admin.pttl(alias)).toBeGreaterThan(50_000);
    const everything = JSON.stringify([
      keys,
      await admin.keys('steady:link-code:*'),
      await admin.smembers(keys[0] ?? ''),
    ]);
    expect(everything).not.toMatch(/9990001|9990002|9990003/);
    expect(everything).not.toContain(code);

    await links.forget(owner);
    expect(await admin.get(alias)).toBeNull();
    expect(await links.resolve('slack', 'U9990002')).toBe(userKey('slack', 'U9990002'));
  });

  it('should let the guess counter run out with its window', async () => {
    const backend = createRedisLinkBackend(redis);
    const chat = createUserKeyer(testSecret())('slack', 'guesser');
    expect(await backend.guess(chat, 200)).toBe(1);
    expect(await backend.guess(chat, 200)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await backend.guess(chat, 200)).toBe(1);
  });
});
