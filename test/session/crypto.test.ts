import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ErrorCode } from '../../src/core/errors.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import { createState } from '../../src/core/state.js';
import type { SessionStore } from '../../src/session/store.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';

const TYPED = 'I still set two cups out every morning before I remember';

describe('createDataCrypto', () => {
  const crypto = createDataCrypto(generateSecret());

  it('should round-trip text under the same associated data', () => {
    const blob = crypto.encrypt(TYPED, 'k1');
    expect(blob).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(crypto.decrypt(blob, 'k1')).toBe(TYPED);
  });

  it('should name a text the same way every time under one secret, and differently under another', () => {
    const name = crypto.name('outbox:t.contact-followup.1794771682203');
    expect(name).toMatch(/^[\w-]{16}$/);
    expect(crypto.name('outbox:t.contact-followup.1794771682203')).toBe(name);
    expect(crypto.name('outbox:t.contact-followup.1794771682204')).not.toBe(name);
    expect(createDataCrypto(generateSecret()).name('outbox:t.contact-followup.1794771682203')).not.toBe(name);
  });

  it('should use a fresh nonce for every encryption', () => {
    expect(crypto.encrypt(TYPED, 'k1')).not.toBe(crypto.encrypt(TYPED, 'k1'));
  });

  it('should refuse a blob under other associated data, a wrong secret, or tampering', () => {
    const blob = crypto.encrypt(TYPED, 'k1');
    const tampered = `${blob.slice(0, -2)}${blob.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(() => crypto.decrypt(blob, 'k2')).toThrow(expect.objectContaining({ code: ErrorCode.Decrypt }));
    expect(() => createDataCrypto(generateSecret()).decrypt(blob, 'k1')).toThrow(/another secret or under another key/);
    expect(() => crypto.decrypt(tampered, 'k1')).toThrow(expect.objectContaining({ code: ErrorCode.Decrypt }));
    expect(() => crypto.decrypt('v2.abc.def', 'k1')).toThrow(expect.objectContaining({ code: ErrorCode.Decrypt }));
  });

  it('should seal raw bytes 29 bytes longer than the plaintext, and open raw and text blobs alike', () => {
    const plain = Buffer.from(TYPED, 'utf8');
    const sealed = crypto.seal(plain, 'k1');
    expect(sealed.length).toBe(plain.length + 29);
    expect(crypto.open(sealed, 'k1')).toEqual(plain);
    expect(crypto.open(Buffer.from(crypto.encryptBytes(plain, 'k1'), 'latin1'), 'k1')).toEqual(plain);
    const tampered = Buffer.from(sealed);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    expect(() => crypto.open(tampered, 'k1')).toThrow(expect.objectContaining({ code: ErrorCode.Decrypt }));
    expect(() => crypto.open(sealed, 'k2')).toThrow(expect.objectContaining({ code: ErrorCode.Decrypt }));
    expect(() => crypto.open(sealed.subarray(0, 20), 'k1')).toThrow(
      expect.objectContaining({ code: ErrorCode.Decrypt }),
    );
  });

  it('should reject a secret shorter than 32 characters', () => {
    expect(() => createDataCrypto('too short')).toThrow(expect.objectContaining({ code: ErrorCode.Config }));
    expect(generateSecret().length).toBeGreaterThanOrEqual(32);
  });
});

describe('createUserKeyer', () => {
  const secret = generateSecret();

  it('should never contain the raw user id', () => {
    const userId = '8675309';
    const key = createUserKeyer(secret)('telegram', userId);
    expect(key).toMatch(/^[\w-]{22}$/);
    expect(key).not.toContain(userId);
    expect(userKeyPrefix(key)).toBe(`steady:{u:${key}}`);
  });

  it('should be stable for one secret and differ across secrets and platforms', () => {
    const key = createUserKeyer(secret)('telegram', '42');
    expect(createUserKeyer(secret)('telegram', '42')).toBe(key);
    expect(createUserKeyer(generateSecret())('telegram', '42')).not.toBe(key);
    expect(createUserKeyer(secret)('discord', '42')).not.toBe(key);
  });
});

describe('redis store encryption', () => {
  const keyer = createUserKeyer(generateSecret());
  const secret = generateSecret();
  let admin: Redis;
  const stores: SessionStore[] = [];

  async function openStore(storeSecret = secret): Promise<SessionStore> {
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({
      redis,
      crypto: createDataCrypto(storeSecret),
      ttlSeconds: 3600,
      seenTtlSeconds: 600,
    });
    stores.push(store);
    return store;
  }

  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('should store no plaintext of what the user typed', async () => {
    const store = await openStore();
    const user = keyer('test', randomUUID());
    await store.commit(user, { ...createState(), profile: { note: TYPED } }, 0, 'e1');
    const raw = await admin.hgetBuffer(`${userKeyPrefix(user)}:state`, 'data');
    // Raw bytes: the format byte, then nonce, ciphertext and tag.
    expect(raw?.[0]).toBe(0x01);
    expect(raw?.includes('two cups')).toBe(false);
    expect((await store.load(user)).state.profile.note).toBe(TYPED);
  });

  it("should refuse a blob moved to another user's key", async () => {
    const store = await openStore();
    const victim = keyer('test', randomUUID());
    const thief = keyer('test', randomUUID());
    await store.commit(victim, { ...createState(), profile: { note: TYPED } }, 0, 'e1');
    const blob = await admin.hgetBuffer(`${userKeyPrefix(victim)}:state`, 'data');
    await admin.hset(`${userKeyPrefix(thief)}:state`, 'rev', '1', 'data', blob ?? '');
    await expect(store.load(thief)).rejects.toMatchObject({ code: ErrorCode.Decrypt });
  });

  it('should refuse data written with another secret', async () => {
    const user = keyer('test', randomUUID());
    await (await openStore()).commit(user, createState(), 0, 'e1');
    await expect((await openStore(generateSecret())).load(user)).rejects.toMatchObject({ code: ErrorCode.Decrypt });
  });

  it('should report a damaged hash as corrupt', async () => {
    const store = await openStore();
    const user = keyer('test', randomUUID());
    await admin.hset(`${userKeyPrefix(user)}:state`, 'rev', 'one', 'data', 'x');
    await expect(store.load(user)).rejects.toMatchObject({ code: ErrorCode.StoreCorrupt });
  });
});
