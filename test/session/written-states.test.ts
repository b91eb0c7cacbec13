import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDataCrypto, generateSecret, type DataCrypto } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState, type SessionState } from '../../src/session/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createWrittenStates } from '../../src/session/written-states.js';

const stateWith = (turns: number): SessionState => ({ ...createState(), turns });

describe('createWrittenStates', () => {
  it('should answer only for the same revision and the same ciphertext', () => {
    const cache = createWrittenStates(1_000_000);
    const state = stateWith(1);
    cache.remember('k', { rev: 2, data: 'blob-a', state });
    expect(cache.find('k', 2, 'blob-a')).toBe(state);
    expect(cache.find('k', 3, 'blob-a')).toBeUndefined();
    expect(cache.find('k', 2, 'blob-b')).toBeUndefined();
    cache.drop('k');
    expect(cache.find('k', 2, 'blob-a')).toBeUndefined();
  });

  it('should let the least recently used go first when the memory bound is reached', () => {
    // Each 10-character blob is estimated at 30 bytes; 70 bytes hold two.
    const cache = createWrittenStates(70);
    cache.remember('a', { rev: 1, data: 'aaaaaaaaaa', state: stateWith(1) });
    cache.remember('b', { rev: 1, data: 'bbbbbbbbbb', state: stateWith(2) });
    expect(cache.find('a', 1, 'aaaaaaaaaa')).toBeDefined();
    cache.remember('c', { rev: 1, data: 'cccccccccc', state: stateWith(3) });
    expect(cache.find('b', 1, 'bbbbbbbbbb')).toBeUndefined();
    expect(cache.find('a', 1, 'aaaaaaaaaa')).toBeDefined();
    expect(cache.find('c', 1, 'cccccccccc')).toBeDefined();
  });

  it('should hold nothing when turned off', () => {
    const cache = createWrittenStates(0);
    cache.remember('a', { rev: 1, data: 'x', state: stateWith(1) });
    expect(cache.find('a', 1, 'x')).toBeUndefined();
  });
});

describe('the Redis store reading back its own writes', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  /** A store over the shared secret that counts how often it decrypts. */
  async function countingStore(secret: string): Promise<{ store: SessionStore; decrypts: () => number }> {
    const real = createDataCrypto(secret);
    let decrypts = 0;
    const crypto: DataCrypto = { encrypt: real.encrypt, decrypt: (blob, aad) => ((decrypts += 1), real.decrypt(blob, aad)) };
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({ redis, crypto, ttlSeconds: 600, seenTtlSeconds: 600 });
    closers.push(() => store.close());
    return { store, decrypts: () => decrypts };
  }

  it('should reuse the state it wrote, and decrypt again once another process wrote', async () => {
    const secret = generateSecret();
    const one = await countingStore(secret);
    const two = await countingStore(secret);
    const user = `u-${randomUUID()}` as UserKey;
    expect(await one.store.commit(user, stateWith(1), 0, 'e1')).toBe('ok');
    expect(await one.store.load(user)).toEqual({ state: stateWith(1), rev: 1 });
    expect(one.decrypts()).toBe(0);

    expect(await two.store.commit(user, stateWith(2), 1, 'e2')).toBe('ok');
    expect(await one.store.load(user)).toEqual({ state: stateWith(2), rev: 2 });
    expect(one.decrypts()).toBe(1);
  });

  it('should not keep a state whose commit lost its race, nor one that was forgotten', async () => {
    const secret = generateSecret();
    const one = await countingStore(secret);
    const user = `u-${randomUUID()}` as UserKey;
    await one.store.commit(user, stateWith(1), 0, 'e1');
    expect(await one.store.commit(user, stateWith(9), 0, 'e2')).toBe('conflict');
    expect(await one.store.load(user)).toEqual({ state: stateWith(1), rev: 1 });
    expect(one.decrypts()).toBe(1);
    await one.store.forget(user);
    expect(await one.store.load(user)).toEqual({ state: createState(), rev: 0 });
  });
});
