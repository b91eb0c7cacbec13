import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SessionState } from '../../src/core/state.js';
import { createDataCrypto } from '../../src/session/crypto.js';
import { outboxFieldName } from '../../src/session/outbox-fields.js';
import { createRedisBatchStore } from '../../src/session/redis-batch.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { userKeyPrefix } from '../../src/session/user-key.js';

// A scheduled delivery's replies sit in a state hash field of their own until the sender has taken them; the
// entry's id stays in `data`. A user 14 days in, as commit ced7374 stored them (replies inside `data`), reads
// the same and is moved by its next commit (test/fixtures/session/README.md).

interface Fixture {
  secret: string;
  user: UserKey;
  now: number;
  state: SessionState;
  hash: Record<string, string>;
}
const OLD = JSON.parse(
  readFileSync(new URL('../fixtures/session/states-0.3.json', import.meta.url), 'utf8'),
) as Fixture;
const ENTRY = 'day.2026-11-15';

describe('redis store: the replies of scheduled deliveries', () => {
  const admin = new Redis(inject('redisUrl'));
  const key = `${userKeyPrefix(OLD.user)}:state`;
  const stores: SessionStore[] = [];
  const open = async (): Promise<SessionStore> => {
    const redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    const store = createRedisStore({ redis, ...options() });
    stores.push(store);
    return store;
  };
  const options = () => ({
    crypto: createDataCrypto(OLD.secret),
    ttlSeconds: 3600,
    seenTtlSeconds: 3600,
    clock: { now: () => OLD.now },
  });
  beforeEach(async () => {
    await admin.del(key, `${userKeyPrefix(OLD.user)}:seen`, `${userKeyPrefix(OLD.user)}:history`);
    const hash = Object.entries(OLD.hash).map(([field, value]) => [field, Buffer.from(value, 'base64')] as const);
    await admin.hset(key, Object.fromEntries(hash));
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await admin.quit();
  });

  it('should read replies kept inside data, and move them to a field of their own on the next commit', async () => {
    const store = await open();
    const { state, rev } = await store.load(OLD.user);
    expect(state.schedule).toEqual(OLD.state.schedule);
    expect(state.schedule?.outbox?.[0]?.replies?.length).toBeGreaterThan(0);
    const dataBefore = (await admin.hgetBuffer(key, 'data'))?.length ?? 0;

    expect(await store.commit(OLD.user, { ...state, turns: state.turns + 1 }, rev, 'tg:next')).toBe('ok');
    const field = outboxFieldName(createDataCrypto(OLD.secret))(ENTRY);
    // Named by a keyed hash: the id (here a date; for a timer, the flow that armed it) is not in the clear.
    expect(field).toMatch(/^o:[\w-]{16}$/);
    expect((await admin.hkeys(key)).sort()).toEqual(['data', field, 'rev']);
    expect((await admin.hgetBuffer(key, 'data'))?.length).toBeLessThan(dataBefore / 2);
    const fresh = await (await open()).load(OLD.user);
    expect(fresh.state.schedule).toEqual(OLD.state.schedule);
  });

  it('should keep only the entry id once the sender has taken the replies, and not write them back', async () => {
    const store = await open();
    const first = await store.load(OLD.user);
    expect(await store.commit(OLD.user, first.state, first.rev, 'tg:next')).toBe('ok');
    const batchRedis = connectRedis(inject('redisUrl'));
    await waitForRedis(batchRedis, 5000);
    try {
      await createRedisBatchStore({ redis: batchRedis, ...options() }).taken([{ user: OLD.user, ids: [ENTRY] }]);
    } finally {
      await batchRedis.quit();
    }
    expect((await admin.hkeys(key)).sort()).toEqual(['data', 'rev']);

    // The store that wrote them must not serve its remembered copy either.
    const { state, rev } = await store.load(OLD.user);
    expect(state.schedule?.outbox).toEqual([{ id: ENTRY, at: OLD.state.schedule?.outbox?.[0]?.at, replies: [] }]);
    expect(await store.commit(OLD.user, { ...state, turns: state.turns + 1 }, rev, 'tg:later')).toBe('ok');
    expect((await admin.hkeys(key)).sort()).toEqual(['data', 'rev']);
    expect((await (await open()).load(OLD.user)).state.schedule?.outbox).toEqual(state.schedule?.outbox);
  });

  it('should delete the field with the entry when the entry ages out', async () => {
    const store = await open();
    const first = await store.load(OLD.user);
    expect(await store.commit(OLD.user, first.state, first.rev, 'tg:next')).toBe('ok');
    const { state, rev } = await store.load(OLD.user);
    const aged = { ...state, schedule: { ...state.schedule, outbox: [] } };
    expect(await store.commit(OLD.user, aged, rev, 'tg:aged')).toBe('ok');
    expect((await admin.hkeys(key)).sort()).toEqual(['data', 'rev']);
  });
});
