import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { connectRedis, createRedisStore, escapeGlob, waitForRedis } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import type { SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';

/** A store plus the backend-specific checks the shared contract needs. */
interface StoreHarness {
  store: SessionStore;
  /** Asserts nothing of `user` is left in the backing storage. */
  expectNothingStored(user: UserKey): Promise<void>;
  /** Asserts everything stored for `user` will expire. */
  expectExpiring(user: UserKey): Promise<void>;
}

const keyer = createUserKeyer(generateSecret());
const TTL_SECONDS = 3600;

function sampleState(turns: number): SessionState {
  return {
    ...createState(),
    turns,
    profile: { name: 'Sam', living: 'apart' },
    flow: { id: 'intake', version: 1, step: 'ask-name', vars: { answered: turns }, stack: [] },
    awaiting: { seq: 1, selected: [] },
    flags: { contactBlocked: true },
  };
}

function describeStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`${name} (SessionStore contract)`, () => {
    let harness: StoreHarness;
    let store: SessionStore;
    let user: UserKey;

    beforeEach(async () => {
      harness = await createHarness();
      store = harness.store;
      user = keyer('test', randomUUID()); // a unique key prefix per test
    });
    afterEach(async () => {
      await store.close();
    });

    it('should give a fresh user revision 0 and a new state', async () => {
      expect(await store.load(user)).toEqual({ state: createState(), rev: 0 });
    });

    it('should write on a matching revision and round-trip the state', async () => {
      expect(await store.commit(user, sampleState(1), 0, 'e1')).toBe('ok');
      expect(await store.load(user)).toEqual({ state: sampleState(1), rev: 1 });
      expect(await store.commit(user, sampleState(2), 1, 'e2')).toBe('ok');
      expect(await store.load(user)).toEqual({ state: sampleState(2), rev: 2 });
    });

    it('should answer conflict on a stale revision and write nothing', async () => {
      await store.commit(user, sampleState(1), 0, 'e1');
      expect(await store.commit(user, sampleState(9), 0, 'e2')).toBe('conflict');
      expect(await store.load(user)).toEqual({ state: sampleState(1), rev: 1 });
      // The engine retries a lost race with the same event id, so a conflict must not mark it seen.
      expect(await store.commit(user, sampleState(2), 1, 'e2')).toBe('ok');
    });

    it('should answer duplicate for an event id already committed and write nothing', async () => {
      await store.commit(user, sampleState(1), 0, 'e1');
      expect(await store.commit(user, sampleState(9), 1, 'e1')).toBe('duplicate');
      expect(await store.load(user)).toEqual({ state: sampleState(1), rev: 1 });
    });

    it('should keep event ids per user', async () => {
      const other = keyer('test', randomUUID());
      await store.commit(user, sampleState(1), 0, 'shared-id');
      expect(await store.commit(other, sampleState(1), 0, 'shared-id')).toBe('ok');
    });

    it('should forget everything about the user', async () => {
      await store.commit(user, sampleState(1), 0, 'e1');
      await store.commit(user, sampleState(2), 1, 'e2');
      await store.forget(user);
      await harness.expectNothingStored(user);
      expect(await store.load(user)).toEqual({ state: createState(), rev: 0 });
      expect(await store.export(user)).toEqual({ state: null });
      expect(await store.commit(user, sampleState(1), 0, 'e1')).toBe('ok');
    });

    it('should export the stored state as JSON', async () => {
      await store.commit(user, sampleState(1), 0, 'e1');
      expect(await store.export(user)).toEqual({ state: sampleState(1) });
    });

    it('should put an expiry on everything it stores', async () => {
      await store.commit(user, sampleState(1), 0, 'e1');
      await harness.expectExpiring(user);
    });
  });
}

// === Memory store

function createFakeClock(): { now(): number; advance(ms: number): void } {
  let time = Date.parse('2025-01-01T00:00:00Z');
  return { now: () => time, advance: (ms) => void (time += ms) };
}

async function createMemoryHarness(): Promise<StoreHarness> {
  const clock = createFakeClock();
  const store = createMemoryStore({ clock, ttlMs: TTL_SECONDS * 1000 });
  return {
    store,
    async expectNothingStored(user) {
      expect(await store.export(user)).toEqual({ state: null });
    },
    async expectExpiring(user) {
      clock.advance(TTL_SECONDS * 1000 - 1);
      expect((await store.load(user)).rev).toBe(1);
      clock.advance(1);
      expect(await store.load(user)).toEqual({ state: createState(), rev: 0 });
      expect(await store.commit(user, sampleState(1), 0, 'e1')).toBe('ok');
    },
  };
}

describeStoreContract('memory store', createMemoryHarness);

// === Redis store

let admin: Redis;
beforeAll(() => {
  admin = new Redis(inject('redisUrl'), { lazyConnect: false });
});
afterAll(async () => {
  await admin.quit();
});

async function keysOf(user: UserKey): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${escapeGlob(userKeyPrefix(user))}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

async function createRedisHarness(): Promise<StoreHarness> {
  const redis = connectRedis(inject('redisUrl'));
  await waitForRedis(redis, 5000);
  const store = createRedisStore({
    redis,
    crypto: createDataCrypto(generateSecret()),
    ttlSeconds: TTL_SECONDS,
    seenTtlSeconds: 600,
  });
  return {
    store,
    async expectNothingStored(user) {
      expect(await keysOf(user)).toEqual([]);
    },
    async expectExpiring(user) {
      const keys = await keysOf(user);
      const prefix = userKeyPrefix(user);
      expect(keys.sort()).toEqual([`${prefix}:seen`, `${prefix}:state`]);
      for (const key of keys) {
        const ttl = await admin.ttl(key);
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(TTL_SECONDS);
      }
    },
  };
}

describeStoreContract('redis store', createRedisHarness);

// === Memory store only

describe('memory store', () => {
  it('should not let callers change stored state through a reference', async () => {
    const store = createMemoryStore({ clock: createFakeClock() });
    const user = keyer('test', randomUUID());
    const state = sampleState(1);
    await store.commit(user, state, 0, 'e1');
    state.profile.name = 'changed after commit';
    const loaded = await store.load(user);
    loaded.state.profile.name = 'changed after load';
    expect((await store.load(user)).state).toEqual(sampleState(1));
  });

  it('should remember only the last seenLimit event ids per user', async () => {
    const store = createMemoryStore({ clock: createFakeClock(), seenLimit: 2 });
    const user = keyer('test', randomUUID());
    await store.commit(user, sampleState(1), 0, 'e1');
    await store.commit(user, sampleState(2), 1, 'e2');
    await store.commit(user, sampleState(3), 2, 'e3');
    expect(await store.commit(user, sampleState(4), 3, 'e3')).toBe('duplicate');
    expect(await store.commit(user, sampleState(4), 3, 'e1')).toBe('ok');
  });
});
