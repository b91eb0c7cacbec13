import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState, withoutHistory, type Json, type SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { userKeyPrefix } from '../../src/session/user-key.js';

// History lists (the journal, past assessments) are kept apart from the state a turn reads: a turn sees
// them empty, what it appends is added to the history, and /export gives everything back in order.

interface Fixture {
  secret: string;
  state: SessionState;
  hashes: Record<string, Record<string, string>>;
}
const FIXTURE = JSON.parse(
  readFileSync(new URL('../fixtures/session/states-0.1.json', import.meta.url), 'utf8'),
) as Fixture;

const entry = (i: number): Json => ({ date: '2026-03-10', prompt: null, text: `entry ${i}` });

/** One turn as the engine runs it: load, append `count` journal entries to what the turn sees, commit. */
async function appendJournal(store: SessionStore, user: UserKey, from: number, count: number): Promise<void> {
  const { state, rev } = await store.load(user);
  const seen = Array.isArray(state.stats.journal) ? state.stats.journal : [];
  const journal = [...seen, ...Array.from({ length: count }, (_, i) => entry(from + i))];
  const next = { ...state, turns: state.turns + 1, stats: { ...state.stats, journal, streak: from } };
  expect(await store.commit(user, next, rev, `e-${from}`)).toBe('ok');
}

function describeHistory(name: string, open: () => Promise<SessionStore>): void {
  describe(`${name}: history lists`, () => {
    let store: SessionStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('should give a turn the journal empty and keep every entry ever written, in order', async () => {
      const user = `u-${randomUUID()}` as UserKey;
      for (let i = 0; i < 260; i += 20) await appendJournal(store, user, i, 20);
      const { state } = await store.load(user);
      expect(state.stats.journal).toBeUndefined();
      expect(state.stats.streak).toBe(240);
      const exported = (await store.export(user)) as unknown as { state: SessionState };
      expect(exported.state.stats.journal).toEqual(Array.from({ length: 260 }, (_, i) => entry(i)));
    });

    it('should forget the history with the rest', async () => {
      const user = `u-${randomUUID()}` as UserKey;
      await appendJournal(store, user, 0, 3);
      await store.forget(user);
      expect(await store.export(user)).toEqual({ state: null });
      expect(await store.load(user)).toEqual({ state: createState(), rev: 0 });
    });
  });
}

describeHistory('memory store', async () => createMemoryStore({ clock: { now: () => Date.now() } }));
describeHistory('redis store', async () => {
  const redis = connectRedis(inject('redisUrl'));
  await waitForRedis(redis, 5000);
  return createRedisStore({ redis, crypto: createDataCrypto(generateSecret()), ttlSeconds: 600, seenTtlSeconds: 600 });
});

describe('redis store: states written by earlier versions', () => {
  let admin: Redis;
  const closers: Array<() => Promise<void>> = [];
  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    await admin.quit();
  });

  async function openStore(): Promise<SessionStore> {
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(FIXTURE.secret),
      ttlSeconds: 600,
      seenTtlSeconds: 600,
    });
    closers.push(() => store.close());
    return store;
  }

  // The fixture's user keys are fixed; each test restores them so tests can run in any order.
  async function restore(user: string): Promise<UserKey> {
    const prefix = userKeyPrefix(user as UserKey);
    await admin.del(`${prefix}:state`, `${prefix}:seen`, `${prefix}:history`);
    await admin.hset(`${prefix}:state`, FIXTURE.hashes[user] ?? {});
    return user as UserKey;
  }

  it.each(Object.keys(FIXTURE.hashes))(
    'should move the history lists of %s out on read, losing nothing',
    async (name) => {
      const user = await restore(name);
      const before = Number(FIXTURE.hashes[name]?.rev);
      const store = await openStore();
      const loaded = await store.load(user);
      expect(loaded.state).toEqual(withoutHistory(FIXTURE.state));
      expect(loaded.rev).toBe(before + 1);
      const prefix = userKeyPrefix(user);
      const fields = Object.keys(await admin.hgetall(`${prefix}:state`));
      expect(fields.filter((f) => f === 's:journal' || f === 'p:assessments')).toEqual([]);
      expect(await admin.ttl(`${prefix}:history`)).toBeGreaterThan(0);
      // Everything the old state held is still there, read by another process.
      expect(await (await openStore()).export(user)).toEqual({ state: FIXTURE.state });
      // A turn on the moved state appends after the old entries.
      await appendJournal(store, user, 900, 1);
      const exported = (await store.export(user)) as unknown as { state: SessionState };
      expect(exported.state.stats.journal).toEqual([...(FIXTURE.state.stats.journal as Json[]), entry(900)]);
      await store.forget(user);
      expect(await admin.exists(`${prefix}:state`, `${prefix}:seen`, `${prefix}:history`)).toBe(0);
    },
  );

  it('should not lose a turn that raced the move: it is computed again on the moved state', async () => {
    const user = await restore('fixture-user-14-days');
    const [one, two] = [await openStore(), await openStore()];
    const stale = { state: FIXTURE.state, rev: Number(FIXTURE.hashes['fixture-user-14-days']?.rev) };
    await one.load(user);
    expect(await two.commit(user, { ...stale.state, turns: 1 }, stale.rev, 'late')).toBe('conflict');
  });
});

describe('redis store: a state with every list full, written before the recent window', () => {
  interface Fixture2 extends Fixture {
    history: Record<string, Record<string, string>>;
  }
  const OLD = JSON.parse(
    readFileSync(new URL('../fixtures/session/states-0.2.json', import.meta.url), 'utf8'),
  ) as Fixture2;
  const name = 'fixture-user-90-days';
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('should move entries older than the window to the history on read, losing nothing', async () => {
    const user = name as UserKey;
    const prefix = userKeyPrefix(user);
    await admin.del(`${prefix}:state`, `${prefix}:seen`, `${prefix}:history`);
    await admin.hset(`${prefix}:state`, OLD.hashes[name] ?? {});
    await admin.hset(`${prefix}:history`, OLD.history[name] ?? {});
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(OLD.secret),
      ttlSeconds: 600,
      seenTtlSeconds: 600,
    });
    try {
      const loaded = await store.load(user);
      expect(loaded.rev).toBe(Number(OLD.hashes[name]?.rev) + 1);
      for (const key of ['checkins', 'moods', 'promptHistory']) {
        const list = loaded.state.stats[key];
        expect(Array.isArray(list) && list.length).toBeGreaterThan(0);
        expect(Array.isArray(list) && list.length).toBeLessThan((OLD.state.stats[key] as Json[]).length / 3);
      }
      // What a turn reads is a small part of what it read before the window.
      const stored = Object.values(await admin.hgetallBuffer(`${prefix}:state`)).reduce((n, b) => n + b.length, 0);
      const old = Object.values(OLD.hashes[name] ?? {}).reduce((n, v) => n + v.length, 0);
      expect(stored).toBeLessThan(old * 0.6);
      const exported = (await store.export(user)) as unknown as { state: SessionState };
      const { past: _summary, ...stats } = exported.state.stats;
      expect({ ...exported.state, stats }).toEqual(OLD.state);
      await store.forget(user);
      expect(await admin.exists(`${prefix}:state`, `${prefix}:seen`, `${prefix}:history`)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
