import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createState, type Json } from '../../src/core/state.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { OUTBOX_FIELD_LIMIT, outboxKey, SEND_LEASE_MS } from '../../src/session/outbox.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';

// The reply outbox of both stores: what a commit records, who may take it, and that it ends.

const keyer = createUserKeyer(generateSecret());
const SEEN_TTL_SECONDS = 600;
const items = (...texts: string[]): Json[] => texts.map((text) => ({ reply: { kind: 'info', text } }));

interface Harness {
  store: SessionStore;
  advance(ms: number): void;
}

function fakeClock(): { now(): number; advance(ms: number): void } {
  let time = Date.now();
  return { now: () => time, advance: (ms) => void (time += ms) };
}

let admin: Redis;
beforeAll(() => {
  admin = new Redis(inject('redisUrl'), { lazyConnect: false });
});
afterAll(async () => {
  await admin.quit();
});

async function redisHarness(): Promise<Harness> {
  const clock = fakeClock();
  const redis = connectRedis(inject('redisUrl'));
  await waitForRedis(redis, 5000);
  const crypto = createDataCrypto(generateSecret());
  const store = createRedisStore({ redis, crypto, ttlSeconds: 3600, seenTtlSeconds: SEEN_TTL_SECONDS, clock });
  return { store, advance: clock.advance };
}

async function memoryHarness(): Promise<Harness> {
  const clock = fakeClock();
  return { store: createMemoryStore({ clock }), advance: clock.advance };
}

describe.each([
  ['memory store', memoryHarness],
  ['redis store', redisHarness],
])('%s: reply outbox', (_name, make) => {
  let harness: Harness;
  let user: UserKey;
  const open = async (): Promise<SessionStore> => {
    harness = await make();
    user = keyer('test', randomUUID());
    return harness.store;
  };

  it('should hold a committed turn for its sender, then give what was never confirmed to one redelivery', async () => {
    const store = await open();
    try {
      expect(await store.commit(user, createState(), 0, 'e1', items('one', 'two', 'three'))).toBe('ok');
      expect(await store.outbox.claim(user, 'e1')).toBe('held');
      await store.outbox.sent(user, 'e1', 1, 3);
      harness.advance(SEND_LEASE_MS + 1);
      // Its lease ran out without a release: the sender vanished while sending the second reply.
      expect(await store.outbox.claim(user, 'e1')).toEqual({
        items: items('one', 'two', 'three'),
        sent: 1,
        inDoubt: true,
      });
      // The redelivery that claimed it now holds it: a second one at the same time gets nothing.
      expect(await store.outbox.claim(user, 'e1')).toBe('held');
    } finally {
      await store.close();
    }
  });

  it('should let a redelivery take the rest at once after the sender released it', async () => {
    const store = await open();
    try {
      await store.commit(user, createState(), 0, 'e1', items('one', 'two'));
      await store.outbox.sent(user, 'e1', 1, 2);
      await store.outbox.release(user, 'e1', false);
      expect(await store.outbox.claim(user, 'e1')).toEqual({ items: items('one', 'two'), sent: 1, inDoubt: false });
    } finally {
      await store.close();
    }
  });

  it('should say the next reply is in doubt when its sender released it so', async () => {
    const store = await open();
    try {
      await store.commit(user, createState(), 0, 'e1', items('one', 'two'));
      await store.outbox.release(user, 'e1', true);
      expect(await store.outbox.claim(user, 'e1')).toEqual({ items: items('one', 'two'), sent: 0, inDoubt: true });
    } finally {
      await store.close();
    }
  });

  it('should keep nothing once every reply is confirmed, and nothing for a turn that says nothing', async () => {
    const store = await open();
    try {
      await store.commit(user, createState(), 0, 'e1', items('one'));
      await store.outbox.sent(user, 'e1', 1, 1);
      await store.commit(user, { ...createState(), turns: 1 }, 1, 'e2', []);
      harness.advance(SEND_LEASE_MS + 1);
      expect(await store.outbox.claim(user, 'e1')).toBeUndefined();
      expect(await store.outbox.claim(user, 'e2')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('should record nothing for a commit that lost its race or repeated an event', async () => {
    const store = await open();
    try {
      await store.commit(user, createState(), 0, 'e1', items('one'));
      await store.outbox.sent(user, 'e1', 1, 1);
      expect(await store.commit(user, createState(), 0, 'e2', items('lost'))).toBe('conflict');
      expect(await store.commit(user, createState(), 1, 'e1', items('again'))).toBe('duplicate');
      harness.advance(SEND_LEASE_MS + 1);
      expect(await store.outbox.claim(user, 'e2')).toBeUndefined();
      expect(await store.outbox.claim(user, 'e1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('should be erased with the user, and never come back from a late confirmation', async () => {
    const store = await open();
    try {
      await store.commit(user, createState(), 0, 'e1', items('one', 'two'));
      await store.forget(user);
      await store.outbox.sent(user, 'e1', 1, 2);
      await store.outbox.release(user, 'e1', true);
      harness.advance(SEND_LEASE_MS + 1);
      expect(await store.outbox.claim(user, 'e1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('redis store: reply outbox in Redis', () => {
  it('should hold only ciphertext, expire with the seen events, and stay bounded', async () => {
    const { store } = await redisHarness();
    const user = keyer('test', randomUUID());
    try {
      const secret = 'a sentence only this user wrote';
      let rev = 0;
      for (let turn = 0; turn < OUTBOX_FIELD_LIMIT; turn += 1) {
        expect(await store.commit(user, { ...createState(), turns: turn }, rev, `e${turn}`, items(secret))).toBe('ok');
        rev += 1;
      }
      const key = outboxKey(user);
      const stored = await admin.hgetall(key);
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(Object.keys(stored).length).toBeLessThanOrEqual(OUTBOX_FIELD_LIMIT);
      const ttl = await admin.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(SEEN_TTL_SECONDS);
      await store.forget(user);
      expect(await admin.exists(key)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
