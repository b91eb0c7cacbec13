import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { runDueBatch, type BatchEngine, type DueResult } from '../../src/schedule/due-batch.js';
import { dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { createDataCrypto } from '../../src/session/crypto.js';
import { createRedisBatchStore, type BatchStore } from '../../src/session/redis-batch.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';
import type { UserKey } from '../../src/session/store.js';
import { userKeyPrefix } from '../../src/session/user-key.js';
import { startRedisCutProxy, type RedisCutProxy } from '../support/redis-cut-proxy.js';
import { deployment, dropKeys, redisStack, SEED_AT, type Deployment, type RedisStack } from './redis-stack.js';

// Due turns in batches on a real Redis: one pipelined load, one script call for every commit, and the
// users a batch cannot finish taken one by one, each committed once, none lost.

const url = inject('redisUrl');
const MINUTE = 60_000;
/** 09:00 UTC on the seeded day, when every seeded user's daily prompt is due (plus up to 4 minutes of jitter). */
const NINE = SEED_AT + 60 * MINUTE;
const USERS = 12;
// The batch commit as ioredis first sends it on a connection: the whole script, which opens with this line.
const BATCH_SCRIPT = /local function commit\(KEYS, ARGV\)/;

describe('due turns in batches', () => {
  let deploy: Deployment;
  let stack: RedisStack;
  let admin: Redis;
  let users: UserKey[];
  const closing: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    deploy = deployment(url);
    admin = new Redis(url);
    stack = await redisStack(deploy);
    users = await stack.seed(USERS);
    // 09:05: everyone's 09:00 plus its jitter has passed.
    stack.clock.advance(NINE + 5 * MINUTE - stack.clock.now());
  });
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await stack.close();
    await dropKeys(admin, deploy, USERS);
    admin.disconnect();
  });

  async function batchStoreAt(redisUrl: string): Promise<BatchStore> {
    const redis = connectRedis(redisUrl, { commandTimeoutMs: 4000 });
    await waitForRedis(redis, 5000);
    closing.push(() => redis.quit().catch(() => redis.disconnect()));
    const crypto = createDataCrypto(deploy.secret);
    return createRedisBatchStore({ redis, crypto, ttlSeconds: 3600, seenTtlSeconds: 3600, clock: stack.clock });
  }

  /** The stack's engine, noting every user whose due turn it ran alone. */
  function engineNoting(alone: UserKey[]): BatchEngine {
    const { engine } = stack;
    return {
      dueStep: (user, state) => engine.dueStep(user, state),
      dueCommitted: (next) => engine.dueCommitted(next),
      runDue: (user) => {
        alone.push(user);
        return engine.runDue(user);
      },
    };
  }

  /** A store that counts its commit calls, and runs `between` after each load, before the batch commits. */
  function counting(
    store: BatchStore,
    between: () => Promise<void> = async () => {},
  ): BatchStore & { commits: number } {
    const counted = {
      commits: 0,
      loadMany: async (keys: readonly UserKey[]) => {
        const loaded = await store.loadMany(keys);
        await between();
        return loaded;
      },
      commitMany: (writes: Parameters<BatchStore['commitMany']>[0]) => {
        counted.commits += 1;
        return store.commitMany(writes);
      },
      taken: (handed: Parameters<BatchStore['taken']>[0]) => store.taken(handed),
    };
    return counted;
  }

  /** Each user's revision and the day's outbox entries: a due turn committed once is revision 2 with one entry. */
  async function stored(): Promise<{ rev: number; day: number; entries: number }[]> {
    return Promise.all(
      users.map(async (user) => {
        const { state, rev } = await stack.store.load(user);
        const entries = state.schedule?.outbox?.length ?? 0;
        return { rev, day: state.schedule?.lastDay ?? 0, entries };
      }),
    );
  }

  function failedOf(results: DueResult[]): UserKey[] {
    return users.filter((_, i) => results[i] !== undefined && 'error' in results[i]);
  }

  it('should commit a batch in one script call and retry alone only the user whose state moved meanwhile', async () => {
    const alone: UserKey[] = [];
    const moving = users[3] as UserKey;
    // Another process's turn for one user lands between the batch's load and its commit.
    const store = counting(await batchStoreAt(url), async () => {
      const { state, rev } = await stack.store.load(moving);
      expect(await stack.store.commit(moving, { ...state, turns: state.turns + 1 }, rev, 'elsewhere')).toBe('ok');
    });

    const results = await runDueBatch({ engine: engineNoting(alone), store }, users);

    expect(failedOf(results)).toEqual([]);
    expect(store.commits).toBe(1);
    expect(alone).toEqual([moving]);
    const after = await stored();
    // The moved user: seed, the other turn, then their due turn, committed once on top of the other turn.
    expect(after.map((s) => s.rev)).toEqual(users.map((user) => (user === moving ? 3 : 2)));
    expect(after.filter((s) => s.day !== NINE || s.entries !== 1)).toEqual([]);
  });

  it('should settle each user of a batch whose answer was lost with the connection: applied once, none run again', async () => {
    const proxy = await cutProxy();
    const store = await batchStoreAt(proxy.url);
    // The batch script runs in Redis, and the connection drops before its answer comes back.
    proxy.cutAfter(BATCH_SCRIPT);
    const alone: UserKey[] = [];

    const results = await runDueBatch({ engine: engineNoting(alone), store }, users);

    expect(proxy.cuts()).toBe(1);
    expect(failedOf(results)).toEqual([]);
    expect(alone).toEqual([]);
    const after = await stored();
    expect(after.filter((s) => s.rev !== 2 || s.day !== NINE || s.entries !== 1)).toEqual([]);
  });

  it('should run alone, once each, the users of a batch whose commit was cut off before Redis ran it', async () => {
    const proxy = await cutProxy();
    const store = await batchStoreAt(proxy.url);
    proxy.cutBefore(BATCH_SCRIPT);
    const alone: UserKey[] = [];

    const results = await runDueBatch({ engine: engineNoting(alone), store }, users);

    expect(proxy.cuts()).toBe(1);
    expect(failedOf(results)).toEqual([]);
    expect([...alone].sort()).toEqual([...users].sort());
    const after = await stored();
    expect(after.filter((s) => s.rev !== 2 || s.day !== NINE || s.entries !== 1)).toEqual([]);
  });

  it('should commit the rest of a batch when one user cannot be loaded and another cannot be committed', async () => {
    const [unreadable, uncommittable] = [users[2] as UserKey, users[7] as UserKey];
    // A state key of the wrong type fails that user's read in the pipeline; a seen set of the wrong type fails
    // that user's commit inside the script, before it writes anything.
    await admin.del(`${userKeyPrefix(unreadable)}:state`);
    await admin.set(`${userKeyPrefix(unreadable)}:state`, 'not a hash');
    await admin.set(`${userKeyPrefix(uncommittable)}:seen`, 'not a sorted set');
    const alone: UserKey[] = [];

    const results = await runDueBatch({ engine: engineNoting(alone), store: await batchStoreAt(url) }, users);

    expect(failedOf(results).sort()).toEqual([unreadable, uncommittable].sort());
    expect(alone).toEqual([]);
    const others = users.filter((user) => user !== unreadable);
    const states = await Promise.all(others.map(async (user) => ({ user, ...(await stack.store.load(user)) })));
    expect(states.filter(({ user, rev }) => rev !== (user === uncommittable ? 1 : 2)).map((s) => s.user)).toEqual([]);
  });

  it('should send the others at once and retry a failing member after the retry interval, then send it once', async () => {
    const failing = users[5] as UserKey;
    const seen = `${userKeyPrefix(failing)}:seen`;
    await admin.set(seen, 'not a sorted set');
    await stack.start({ claim: false });

    expect(await stack.tick()).toBe(USERS);
    await vi.waitFor(() => expect(stack.sent.length).toBeGreaterThanOrEqual(USERS - 1), { timeout: 20_000 });
    // Due again one retry interval (60 s by default) from now, not tomorrow.
    const retryAt = Number(await admin.zscore(dueIndexKeys(deploy.duePrefix).z, failing));
    expect(retryAt).toBe(stack.clock.now() + 60_000);

    await admin.del(seen);
    stack.clock.advance(60_001);
    expect(await stack.tick()).toBe(1);
    await vi.waitFor(() => expect(stack.sent.length).toBeGreaterThanOrEqual(USERS), { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.sent.map((s) => s.address).sort()).toEqual(users.map((_, i) => `chat-${i}`).sort());
  });

  async function cutProxy(): Promise<RedisCutProxy> {
    const proxy = await startRedisCutProxy(url);
    closing.push(() => proxy.close());
    return proxy;
  }
});
