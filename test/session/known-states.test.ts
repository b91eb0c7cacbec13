import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret, type DataCrypto } from '../../src/session/crypto.js';
import { createKnownStates, type KnownState } from '../../src/session/known-states.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState, type SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { userKeyPrefix } from '../../src/session/user-key.js';

const stateWith = (turns: number, stats: SessionState['stats'] = {}): SessionState => ({
  ...createState(),
  turns,
  stats,
});
/** A list long enough for a field of its own (a short one is kept inside `data`). */
const long = (tag: string, length = 400): string[] => Array.from({ length }, (_, i) => `${tag}-${i}`);
const known = (rev: number, data: string, state = stateWith(rev)): KnownState => ({
  rev,
  data,
  state,
  fields: new Map(),
});

describe('createKnownStates', () => {
  it('should answer a load only for the same revision and the same data ciphertext', () => {
    const cache = createKnownStates(1_000_000);
    const entry = known(2, 'blob-a');
    cache.remember('k', entry);
    expect(cache.find('k', 2, 'blob-a')).toBe(entry);
    expect(cache.find('k', 3, 'blob-a')).toBeUndefined();
    expect(cache.find('k', 2, 'blob-b')).toBeUndefined();
    expect(cache.at('k', 2)).toBe(entry);
    expect(cache.at('k', 1)).toBeUndefined();
    cache.drop('k');
    expect(cache.find('k', 2, 'blob-a')).toBeUndefined();
  });

  it('should let the least recently used go first when the memory bound is reached', () => {
    // Each 10-character entry is estimated at 30 bytes; 70 bytes hold two.
    const cache = createKnownStates(70);
    cache.remember('a', known(1, 'aaaaaaaaaa'));
    cache.remember('b', known(1, 'bbbbbbbbbb'));
    expect(cache.find('a', 1, 'aaaaaaaaaa')).toBeDefined();
    cache.remember('c', known(1, 'cccccccccc'));
    expect(cache.find('b', 1, 'bbbbbbbbbb')).toBeUndefined();
    expect(cache.find('a', 1, 'aaaaaaaaaa')).toBeDefined();
    expect(cache.find('c', 1, 'cccccccccc')).toBeDefined();
  });

  it('should hold nothing when turned off', () => {
    const cache = createKnownStates(0);
    cache.remember('a', known(1, 'x'));
    expect(cache.find('a', 1, 'x')).toBeUndefined();
  });
});

describe('the Redis store with lists in fields of their own', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const url = inject('redisUrl');

  /** A store over `secret` that counts how often it decrypts. */
  async function countingStore(secret: string): Promise<{ store: SessionStore; decrypts: () => number }> {
    const real = createDataCrypto(secret);
    let decrypts = 0;
    const crypto: DataCrypto = {
      ...real,
      decrypt: (blob, aad) => ((decrypts += 1), real.decrypt(blob, aad)),
      decryptBytes: (blob, aad) => ((decrypts += 1), real.decryptBytes(blob, aad)),
      open: (blob, aad) => ((decrypts += 1), real.open(blob, aad)),
    };
    const redis = connectRedis(url);
    await waitForRedis(redis, 5000);
    const store = createRedisStore({ redis, crypto, ttlSeconds: 600, seenTtlSeconds: 600 });
    closers.push(() => store.close());
    return { store, decrypts: () => decrypts };
  }

  async function hashOf(user: UserKey): Promise<Record<string, string>> {
    const admin = new Redis(url);
    closers.push(async () => void (await admin.quit()));
    return admin.hgetall(`${userKeyPrefix(user)}:state`);
  }

  it('should reuse the state it wrote, and decrypt again once another process wrote', async () => {
    const secret = generateSecret();
    const [one, two] = [await countingStore(secret), await countingStore(secret)];
    const user = `u-${randomUUID()}` as UserKey;
    expect(await one.store.commit(user, stateWith(1), 0, 'e1')).toBe('ok');
    expect(await one.store.load(user)).toEqual({ state: stateWith(1), rev: 1 });
    expect(one.decrypts()).toBe(0);
    expect(await two.store.commit(user, stateWith(2), 1, 'e2')).toBe('ok');
    expect(await one.store.load(user)).toEqual({ state: stateWith(2), rev: 2 });
    expect(one.decrypts()).toBe(1);
  });

  it('should rewrite only the lists a turn changed, and read the whole state back in another process', async () => {
    const secret = generateSecret();
    const [one, two] = [await countingStore(secret), await countingStore(secret)];
    const user = `u-${randomUUID()}` as UserKey;
    const checkins = long('walked');
    const first = stateWith(1, { checkins, moods: long('mood'), streak: 2 });
    await one.store.commit(user, first, 0, 'e1');
    const before = await hashOf(user);
    expect(Object.keys(before).sort()).toEqual(['data', 'rev', 's:checkins', 's:moods']);

    const loaded = await one.store.load(user);
    const next = { ...loaded.state, turns: 2, stats: { ...loaded.state.stats, moods: long('mood', 401) } };
    await one.store.commit(user, next, 1, 'e2');
    const after = await hashOf(user);
    expect(after['s:checkins']).toBe(before['s:checkins']);
    expect(after['s:moods']).not.toBe(before['s:moods']);
    expect(await two.store.load(user)).toEqual({ state: next, rev: 2 });
  });

  it('should delete the field of a list the state no longer has, and rewrite whole when it knows nothing', async () => {
    const secret = generateSecret();
    const [one, two] = [await countingStore(secret), await countingStore(secret)];
    const user = `u-${randomUUID()}` as UserKey;
    await one.store.commit(user, stateWith(1, { checkins: long('a'), moods: long('m') }), 0, 'e1');
    const { state } = await one.store.load(user);
    await one.store.commit(user, { ...state, stats: { checkins: state.stats.checkins ?? [] } }, 1, 'e2');
    expect(Object.keys(await hashOf(user)).sort()).toEqual(['data', 'rev', 's:checkins']);
    // The other process never read revision 2: it writes the hash whole, and nothing of the old remains.
    await two.store.commit(user, stateWith(3, { streakDays: long('x') }), 2, 'e3');
    expect(Object.keys(await hashOf(user)).sort()).toEqual(['data', 'rev', 's:streakDays']);
    expect(await one.store.load(user)).toEqual({ state: stateWith(3, { streakDays: long('x') }), rev: 3 });
  });

  it('should read a hash that holds the whole state in data, and give its lists fields on the next write', async () => {
    const secret = generateSecret();
    const crypto = createDataCrypto(secret);
    const { store } = await countingStore(secret);
    const user = `u-${randomUUID()}` as UserKey;
    const key = `${userKeyPrefix(user)}:state`;
    const whole = stateWith(4, { checkins: long('kept'), moods: ['short'] });
    const admin = new Redis(url);
    closers.push(async () => void (await admin.quit()));
    await admin.hset(key, 'rev', '4', 'data', crypto.encrypt(JSON.stringify(whole), key));
    const loaded = await store.load(user);
    expect(loaded).toEqual({ state: whole, rev: 4 });
    await store.commit(user, { ...loaded.state, turns: 5 }, 4, 'e5');
    expect(Object.keys(await admin.hgetall(key)).sort()).toEqual(['data', 'rev', 's:checkins']);
    expect((await (await countingStore(secret)).store.load(user)).state.stats).toEqual(whole.stats);
  });

  it('should refuse a list field copied from another user', async () => {
    const secret = generateSecret();
    const { store } = await countingStore(secret);
    const [victim, thief] = [`u-${randomUUID()}` as UserKey, `u-${randomUUID()}` as UserKey];
    await store.commit(victim, stateWith(1, { checkins: long('private') }), 0, 'e1');
    await store.commit(thief, stateWith(1), 0, 'e2');
    const admin = new Redis(url);
    closers.push(async () => void (await admin.quit()));
    const stolen = await admin.hgetBuffer(`${userKeyPrefix(victim)}:state`, 's:checkins');
    await admin.hset(`${userKeyPrefix(thief)}:state`, 's:checkins', stolen ?? '');
    const fresh = await countingStore(secret);
    await expect(fresh.store.load(thief)).rejects.toMatchObject({ code: 'STEADY_DECRYPT' });
  });
});
