import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/errors.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import type { Loaded, SessionStore } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { startRedisServer } from '../support/redis-server.js';
import type { RedisServerHandle } from '../support/redis-server.js';

const user = createUserKeyer(generateSecret())('test', randomUUID());
const unavailable = { code: ErrorCode.StoreUnavailable };

async function eventually<T>(run: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function commitTurns(store: SessionStore, from: number, count: number): Promise<void> {
  for (let rev = from; rev < from + count; rev++) {
    const state = { ...createState(), turns: rev + 1, profile: { last: `turn ${rev + 1}` } };
    expect(await store.commit(user, state, rev, `e${rev + 1}`)).toBe('ok');
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await run();
  return Date.now() - started;
}

// Its own server: these tests crash and freeze it.
describe('redis store during an outage', () => {
  let server: RedisServerHandle;
  let store: SessionStore;

  beforeAll(async () => {
    server = await startRedisServer();
    const redis = connectRedis(server.url, { commandTimeoutMs: 1000, maxBackoffMs: 500 });
    await waitForRedis(redis, 5000);
    store = createRedisStore({
      redis,
      crypto: createDataCrypto(generateSecret()),
      ttlSeconds: 3600,
      seenTtlSeconds: 600,
    });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('should fail fast after a crash and recover the committed state from the AOF', async () => {
    await commitTurns(store, 0, 3);
    await server.kill();
    const elapsed = await timed(async () => {
      await expect(store.load(user)).rejects.toMatchObject(unavailable);
      await expect(store.commit(user, createState(), 3, 'e4')).rejects.toMatchObject(unavailable);
    });
    expect(elapsed).toBeLessThan(3000);

    await server.restart();
    const loaded: Loaded = await eventually(() => store.load(user), 8000);
    expect(loaded.rev).toBe(3);
    expect(loaded.state.profile).toEqual({ last: 'turn 3' });
    await commitTurns(store, 3, 1);
  });

  it('should time out instead of hanging when Redis stops answering', async () => {
    server.pause();
    try {
      const elapsed = await timed(async () => {
        await expect(store.load(user)).rejects.toMatchObject(unavailable);
        await expect(store.commit(user, createState(), 4, 'e5')).rejects.toMatchObject(unavailable);
      });
      expect(elapsed).toBeLessThan(3000);
    } finally {
      server.resume();
    }
    // The timed-out commit sat in the socket buffer and ran once Redis woke up: a timeout does not mean
    // "not written". Retrying with the same event id is what keeps that harmless.
    expect((await eventually(() => store.load(user), 8000)).rev).toBe(5);
    expect(await store.commit(user, createState(), 4, 'e5')).toBe('duplicate');
  });
});
