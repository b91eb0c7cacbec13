import { randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { createMemoryDueIndex } from '../../src/schedule/memory-due-index.js';
import { createRedisDueIndex, dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';

const T0 = Date.UTC(2026, 10, 22, 9, 0);
const LEASE_MS = 60_000;

/** A pseudonymous user key of the real shape: 22 base64url characters. */
function member(): string {
  return randomBytes(16).toString('base64url');
}

/** An index plus a way to release what it holds after the test. */
interface IndexHarness {
  index: DueIndex;
  close(): Promise<void>;
}

function describeDueIndexContract(name: string, createHarness: () => Promise<IndexHarness>): void {
  describe(`${name} (DueIndex contract)`, () => {
    let harness: IndexHarness;
    let index: DueIndex;

    beforeEach(async () => {
      harness = await createHarness();
      index = harness.index;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('should claim a planned member once due and drop it when completed with nothing next', async () => {
      const user = member();
      await index.plan(user, T0);
      expect(await index.claim(T0 - 1, 10, LEASE_MS)).toEqual([]);
      const [claim, ...rest] = await index.claim(T0, 10, LEASE_MS);
      expect(rest).toEqual([]);
      expect(claim).toEqual({ member: user, token: expect.any(String), dueAt: T0 });
      expect(await index.complete(claim!, null)).toBe(true);
      expect(await index.size()).toBe(0);
      expect(await index.nextDueAt()).toBeNull();
    });

    it('should reschedule a completed member at the time process returned', async () => {
      const user = member();
      await index.plan(user, T0);
      const [claim] = await index.claim(T0, 10, LEASE_MS);
      expect(await index.complete(claim!, T0 + 3_600_000)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + 3_600_000);
      expect(await index.claim(T0 + LEASE_MS * 2, 10, LEASE_MS)).toEqual([]);
    });

    it('should complete many claims at once like one by one: each its own time, a lost lease refused alone', async () => {
      const [a, b, c] = [member(), member(), member()];
      await index.plan(c, T0 - 1000);
      const early = await index.claim(T0 - 1000, 10, LEASE_MS);
      for (const user of [a, b]) await index.plan(user, T0);
      const claims = [...early, ...(await index.claim(T0, 10, LEASE_MS))];
      const byMember = new Map(claims.map((claim) => [claim.member, claim]));
      await index.plan(b, T0 + 5000);
      // c's lease ran out first and another worker took it: the stale claim must change nothing.
      const [taken, ...others] = await index.claim(T0 - 1000 + LEASE_MS, 10, LEASE_MS);
      expect(others).toEqual([]);
      expect(taken?.member).toBe(c);
      const done = await index.completeMany([
        { claim: byMember.get(a)!, nextAt: null },
        { claim: byMember.get(b)!, nextAt: T0 + 3_600_000 },
        { claim: byMember.get(c)!, nextAt: T0 + 60_000 },
      ]);
      expect(done).toEqual([true, true, false]);
      expect(await index.size()).toBe(2);
      // b keeps the earlier time planned during its lease; c is still leased to the other worker.
      expect(await index.nextDueAt()).toBe(T0 + 5000);
      expect(await index.complete(taken!, null)).toBe(true);
      expect(await index.completeMany([])).toEqual([]);
    });

    it('should only ever move a planned time earlier', async () => {
      const user = member();
      await index.plan(user, T0 + 5000);
      await index.plan(user, T0 + 9000);
      expect(await index.nextDueAt()).toBe(T0 + 5000);
      await index.plan(user, T0 + 1000);
      expect(await index.nextDueAt()).toBe(T0 + 1000);
      expect(await index.size()).toBe(1);
    });

    it('should honour a time planned during a lease when the claim completes, keeping the earliest', async () => {
      const user = member();
      await index.plan(user, T0);
      const [claim] = await index.claim(T0, 10, LEASE_MS);
      await index.plan(user, T0 + 7000);
      await index.plan(user, T0 + 5000);
      await index.plan(user, T0 + 8000);
      // The planned time is earlier than the lease expiry, yet the member must stay hidden from other claims.
      expect(await index.claim(T0 + 6000, 10, LEASE_MS)).toEqual([]);
      expect(await index.complete(claim!, T0 + 3_600_000)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + 5000);
      // Pending is consumed: the next completion stands on its own.
      const [again] = await index.claim(T0 + 6000, 10, LEASE_MS);
      expect(await index.complete(again!, null)).toBe(true);
      expect(await index.size()).toBe(0);
    });

    it('should keep a nextAt earlier than the time planned during the lease', async () => {
      const user = member();
      await index.plan(user, T0);
      const [claim] = await index.claim(T0, 10, LEASE_MS);
      await index.plan(user, T0 + 9000);
      expect(await index.complete(claim!, T0 + 2000)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + 2000);
    });

    it('should keep a member planned during its lease even when completed with nothing next', async () => {
      const user = member();
      await index.plan(user, T0);
      const [claim] = await index.claim(T0, 10, LEASE_MS);
      await index.plan(user, T0 + 9000);
      expect(await index.complete(claim!, null)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + 9000);
    });

    it('should re-claim a member whose lease ran out with a new token, and refuse the old holder', async () => {
      const user = member();
      await index.plan(user, T0);
      const [first] = await index.claim(T0, 10, LEASE_MS);
      expect(await index.claim(T0 + LEASE_MS - 1, 10, LEASE_MS)).toEqual([]);
      const [second] = await index.claim(T0 + LEASE_MS, 10, LEASE_MS);
      expect(second).toEqual({ member: user, token: expect.any(String), dueAt: T0 + LEASE_MS });
      expect(second!.token).not.toBe(first!.token);
      expect(await index.complete(first!, T0 + 1)).toBe(false);
      expect(await index.nextDueAt()).toBe(T0 + 2 * LEASE_MS);
      expect(await index.complete(second!, T0 + 3_600_000)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + 3_600_000);
    });

    it('should change nothing when completing a lost lease, not even the planned-while-leased time', async () => {
      const user = member();
      await index.plan(user, T0);
      const [first] = await index.claim(T0, 10, LEASE_MS);
      const [second] = await index.claim(T0 + LEASE_MS, 10, LEASE_MS);
      await index.plan(user, T0 + LEASE_MS + 10);
      expect(await index.complete(first!, null)).toBe(false);
      expect(await index.complete({ ...second!, token: 'forged' }, null)).toBe(false);
      expect(await index.size()).toBe(1);
      expect(await index.dueCount(T0 + LEASE_MS + 10)).toBe(0);
      expect(await index.complete(second!, null)).toBe(true);
      expect(await index.nextDueAt()).toBe(T0 + LEASE_MS + 10);
    });

    it('should refuse to complete a claim twice', async () => {
      const user = member();
      await index.plan(user, T0);
      const [claim] = await index.claim(T0, 10, LEASE_MS);
      expect(await index.complete(claim!, T0 + 5000)).toBe(true);
      expect(await index.complete(claim!, T0 + 1)).toBe(false);
      expect(await index.nextDueAt()).toBe(T0 + 5000);
    });

    it('should forget a removed member with its lease and pending time', async () => {
      const user = member();
      const other = member();
      await index.plan(user, T0);
      await index.plan(other, T0 + 1);
      const [claim] = await index.claim(T0, 1, LEASE_MS);
      await index.plan(user, T0 + 10);
      await index.remove(user);
      // A forgotten user must not come back through the claim that was in flight.
      expect(await index.complete(claim!, T0 + 20)).toBe(false);
      expect(await index.size()).toBe(1);
      await index.plan(user, T0 + 30);
      expect(await index.claim(T0 + 30, 10, LEASE_MS)).toEqual([
        { member: other, token: expect.any(String), dueAt: T0 + 1 },
        { member: user, token: expect.any(String), dueAt: T0 + 30 },
      ]);
    });

    it('should leave members with a live lease out of dueCount', async () => {
      const users = [member(), member(), member()];
      for (const [i, user] of users.entries()) await index.plan(user, T0 + i);
      expect(await index.dueCount(T0 + 2)).toBe(3);
      await index.claim(T0 + 2, 2, LEASE_MS);
      expect(await index.dueCount(T0 + 2)).toBe(1);
      expect(await index.dueCount(T0 + 2 + LEASE_MS)).toBe(3);
      expect(await index.size()).toBe(3);
    });

    it('should claim oldest first and no more than the limit', async () => {
      const users = Array.from({ length: 5 }, member);
      const times = [T0 + 40, T0 + 10, T0 + 30, T0 + 20, T0 + 50];
      for (const [i, user] of users.entries()) await index.plan(user, times[i]!);
      const first = await index.claim(T0 + 45, 3, LEASE_MS);
      expect(first.map((c) => c.dueAt)).toEqual([T0 + 10, T0 + 20, T0 + 30]);
      expect(first.map((c) => c.member)).toEqual([users[1], users[3], users[2]]);
      expect(new Set(first.map((c) => c.token)).size).toBe(3);
      expect((await index.claim(T0 + 45, 3, LEASE_MS)).map((c) => c.member)).toEqual([users[0]]);
      expect(await index.claim(T0 + 45, 0, LEASE_MS)).toEqual([]);
    });

    it('should reject times that are not whole epoch milliseconds', async () => {
      await expect(index.plan(member(), Number.NaN)).rejects.toThrow(RangeError);
      await expect(index.plan(member(), T0 + 0.5)).rejects.toThrow(/whole epoch milliseconds/);
      expect(await index.size()).toBe(0);
    });
  });
}

describeDueIndexContract('memory due index', async () => ({ index: createMemoryDueIndex(), close: async () => {} }));

describeDueIndexContract('redis due index', async () => {
  const redis: Redis = connectRedis(inject('redisUrl'));
  await waitForRedis(redis, 5000);
  const prefix = `test:${randomUUID()}`; // a unique key prefix per test
  return {
    index: createRedisDueIndex({ redis, prefix }),
    async close() {
      await redis.unlink(...Object.values(dueIndexKeys(prefix)));
      await redis.quit();
    },
  };
});

describe('redis due index keys', () => {
  it('should put every key under one hash tag, after the prefix', () => {
    expect(dueIndexKeys('prod')).toEqual({
      z: 'prod:{due}:z',
      lease: 'prod:{due}:lease',
      pending: 'prod:{due}:pending',
      seq: 'prod:{due}:seq',
    });
    expect(dueIndexKeys().z).toBe('steady:{due}:z');
  });

  it('should refuse a prefix that would change the hash tag', () => {
    expect(() => dueIndexKeys('a{b}')).toThrow(/must not contain/);
  });
});
