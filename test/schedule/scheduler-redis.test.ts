import { createDataCrypto } from '../../src/session/crypto.js';
import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { Reply } from '../../src/core/types.js';
import { dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { deliveryId } from '../../src/schedule/scheduler.js';
import type { Delivery } from '../../src/schedule/sender.js';
import { escapeGlob } from '../../src/session/redis-store.js';
import type { SessionState } from '../../src/core/state.js';
import type { UserKey } from '../../src/session/store.js';
import { userKeyPrefix } from '../../src/session/user-key.js';
import { eventFrom } from '../support/engine.js';
import {
  deployment,
  dropKeys,
  redisStack,
  scanKeys,
  SEED_AT,
  type Deployment,
  type RedisStack,
  type Sent,
  type StackOptions,
} from './redis-stack.js';

// Several processes of Steady on one real Redis and real BullMQ queues; only the platform is a recording function.

const url = inject('redisUrl');
const MINUTE = 60_000;
const DAY = 86_400_000;
const LEASE_MS = 60_000;
/** 09:00 UTC on the seeded day: when every seeded user's daily prompt is due (plus up to 4 minutes of jitter). */
const NINE = SEED_AT + 60 * MINUTE;
const PROMPT = /Your check-in for today is ready/;
// Not yet sent; BullMQ 6 keeps the jobs of a paused queue in 'wait'.
const UNSENT: JobType[] = ['wait', 'delayed', 'prioritized', 'waiting-children', 'active'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const textOf = (sent: Sent): string => sent.replies.map((reply) => reply.text).join('\n');

describe('scheduler on Redis with several processes', () => {
  let deploy: Deployment;
  let stacks: RedisStack[];
  let admin: Redis;
  let queue: Queue;
  let seeded: number;

  beforeEach(() => {
    deploy = deployment(url);
    stacks = [];
    seeded = 0;
    admin = new Redis(url, { maxRetriesPerRequest: null });
    queue = new Queue('send-test', { connection: admin, prefix: deploy.sendPrefix });
  });
  afterEach(async () => {
    await Promise.all(stacks.map((stack) => stack.close()));
    await queue.close();
    await dropKeys(admin, deploy, seeded);
    await admin.quit();
  });

  /** A process of the test's deployment; its clock starts at 08:00 on the seeded day, before anyone is due. */
  async function openProcess(options: StackOptions = {}): Promise<RedisStack> {
    const stack = await redisStack(deploy, options);
    stacks.push(stack);
    return stack;
  }

  async function seed(stack: RedisStack, count: number): Promise<UserKey[]> {
    seeded = count;
    return stack.seed(count);
  }

  /** Sets the clocks of `processes` to `minutes` past 09:00; from 09:04 on, every seeded user is due. */
  function setClocks(minutes: number, ...processes: RedisStack[]): void {
    for (const stack of processes) stack.clock.advance(NINE + minutes * MINUTE - stack.clock.now());
  }

  /** Claim rounds until nothing is due on this process's clock (the due worker, one tick at a time). */
  async function drain(stack: RedisStack): Promise<void> {
    while ((await stack.tick()) > 0);
  }

  async function sentReaches(from: RedisStack[], count: number, timeout = 20_000): Promise<Sent[]> {
    const all = (): Sent[] => from.flatMap((stack) => stack.sent);
    await vi.waitFor(() => expect(all().length).toBeGreaterThanOrEqual(count), { timeout, interval: 50 });
    // A little longer, so a duplicate still on its way would be counted too.
    await sleep(700);
    return all();
  }

  async function statesOf(stack: RedisStack, users: UserKey[]): Promise<SessionState[]> {
    return Promise.all(users.map(async (user) => (await stack.store.load(user)).state));
  }

  /** Each of `users` got exactly one burst, the daily prompt, at their own chat. */
  function expectOnePromptEach(sent: Sent[], count: number): void {
    const addresses = sent.map((s) => s.address).sort();
    expect(addresses).toEqual(Array.from({ length: count }, (_, i) => `chat-${i}`).sort());
    expect(sent.filter((s) => !PROMPT.test(textOf(s)))).toEqual([]);
  }

  /** Every member is planned for tomorrow's jittered 09:00, and no lease or pending time is left behind. */
  async function expectAllPlannedForTomorrow(count: number): Promise<void> {
    const keys = dueIndexKeys(deploy.duePrefix);
    const scores = (await admin.zrange(keys.z, 0, -1, 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
    expect(scores).toHaveLength(count);
    expect(scores.filter((at) => at < NINE + DAY || at >= NINE + DAY + 4 * MINUTE)).toEqual([]);
    expect(await admin.hlen(keys.lease)).toBe(0);
    expect(await admin.hlen(keys.pending)).toBe(0);
  }

  async function queuedJobs(): Promise<number> {
    const counts = await queue.getJobCounts(...UNSENT, 'completed', 'failed');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  function warnings(stack: RedisStack): string[] {
    return stack.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40);
  }

  function claimedBy(stack: RedisStack): number {
    return stack.lines
      .map((line) => JSON.parse(line) as { msg: string; claimed?: number })
      .reduce((sum, line) => sum + (line.msg === 'due members claimed' ? (line.claimed ?? 0) : 0), 0);
  }

  it('should send each of 5,000 users due in the same minute exactly one prompt across two processes', async () => {
    const [a, b] = [await openProcess(), await openProcess()];
    const users = await seed(a, 5000);
    setClocks(5, a, b);
    expect(await b.index.dueCount(b.clock.now())).toBe(5000);

    await Promise.all([a.start(), b.start()]);
    // A generous limit, only so a stuck run ends: how fast due turns go is measured by `npm run bench`
    // (scheduler section), since on a loaded shared machine any time limit here would measure the machine.
    const sent = await sentReaches([a, b], 5000, 240_000);

    expectOnePromptEach(sent, 5000);
    // Both processes claimed and both platform workers sent: the work was really shared.
    expect(claimedBy(a) + claimedBy(b)).toBe(5000);
    expect(Math.min(claimedBy(a), claimedBy(b))).toBeGreaterThan(0);
    expect(Math.min(a.sent.length, b.sent.length)).toBeGreaterThan(0);
    await expectAllPlannedForTomorrow(5000);
    expect(await b.index.dueCount(b.clock.now())).toBe(0);
    const states = await statesOf(a, users);
    expect(new Set(states.map((state) => state.schedule?.lastDay))).toEqual(new Set([NINE]));
    expect([...warnings(a), ...warnings(b)]).toEqual([]);
  }, 300_000);

  it('should deliver the batch of a process that died right after claiming once, after the lease', async () => {
    const [a, b] = [await openProcess(), await openProcess()];
    await seed(a, 300);
    setClocks(5, a, b);
    // What A's due worker does first; then A is gone before handling any of it.
    expect(await a.index.claim(a.clock.now(), 300, LEASE_MS)).toHaveLength(300);
    await a.close();

    await b.start({ claim: false });
    expect(await b.tick()).toBe(0);
    b.clock.advance(LEASE_MS - 1000);
    expect(await b.tick()).toBe(0);
    b.clock.advance(1001);
    await drain(b);

    expectOnePromptEach(await sentReaches([b], 300), 300);
    await expectAllPlannedForTomorrow(300);
    expect(warnings(b)).toEqual([]);
  });

  it('should deliver once when a process dies after the due turn committed but before the send was queued', async () => {
    const held: Delivery[] = [];
    // A runs its whole batch at once, commits every turn, and then hangs forever at the queue's door.
    const a = await openProcess({
      worker: { concurrency: 100 },
      interceptEnqueue: (delivery) => new Promise(() => void held.push(delivery)),
    });
    const b = await openProcess();
    const users = await seed(a, 100);
    setClocks(5, a, b);
    await a.start({ claim: false });
    void a.tick();
    await vi.waitFor(() => expect(held).toHaveLength(100), { timeout: 10_000 });
    expect(held.map((d) => d.id).sort()).toEqual(users.map((user) => deliveryId(user, 'day.2026-11-24')).sort());
    const committed = await Promise.all(users.map((user) => b.store.load(user)));
    expect(
      committed.filter(({ state }) => state.schedule?.lastDay !== NINE || state.schedule.outbox?.length !== 1),
    ).toEqual([]);
    expect(await queuedJobs()).toBe(0);
    await a.close();

    await b.start({ claim: false });
    expect(await b.tick()).toBe(0);
    b.clock.advance(LEASE_MS + 1);
    await drain(b);

    const sent = await sentReaches([b], 100);
    expectOnePromptEach(sent, 100);
    // What B sent is what A's turn wrote: the outbox, re-offered, not a second due turn (no revision moved).
    expect(sent.map((s) => s.replies)).toEqual(expect.arrayContaining(held.map((d) => d.replies)));
    const after = await Promise.all(users.map((user) => b.store.load(user)));
    expect(after.map(({ rev }) => rev)).toEqual(committed.map(({ rev }) => rev));
    await expectAllPlannedForTomorrow(100);
    expect(a.sent).toEqual([]);
  });

  it('should keep only the ids of deliveries the sender has taken, and offer nothing again', async () => {
    const a = await openProcess();
    const users = await seed(a, 20);
    setClocks(5, a);
    await a.start({ claim: false });
    await drain(a);
    expectOnePromptEach(await sentReaches([a], 20), 20);

    const outboxes = (await statesOf(a, users)).map((state) => state.schedule?.outbox);
    expect(outboxes.filter((outbox) => outbox?.length !== 1 || outbox[0]?.id !== 'day.2026-11-24')).toEqual([]);
    expect(outboxes.filter((outbox) => outbox?.[0]?.replies.length !== 0)).toEqual([]);
    const fields = await Promise.all(users.map((user) => admin.hkeys(`${userKeyPrefix(user)}:state`)));
    expect(fields.filter((names) => names.some((name) => name.startsWith('o:')))).toEqual([]);
    // An early wake-up: the member is claimed again with nothing due, and there is nothing left to offer.
    await Promise.all(users.map((user) => a.index.plan(user, a.clock.now())));
    await drain(a);
    expectOnePromptEach(await sentReaches([a], 20), 20);
    expect(a.lines.filter((line) => line.includes('delivery id seen before; dropped'))).toEqual([]);
    await expectAllPlannedForTomorrow(20);
  });

  // One user at a time (no batch store) the replies stay their day, as when dropping them failed: offered again.
  it('should drop a second offer of an outbox already delivered, in the same and in another process', async () => {
    const [a, b] = [await openProcess({ single: true }), await openProcess({ single: true })];
    const users = await seed(a, 20);
    setClocks(5, a);
    setClocks(6, b);
    await Promise.all([a.start({ claim: false }), b.start({ claim: false })]);
    await drain(a);
    await sentReaches([a, b], 20);
    // The jobs are sent and removed by now: only the deduplication key remembers the ids.
    await vi.waitFor(async () => expect(await queuedJobs()).toBe(0));

    for (const stack of [a, b]) {
      // An early wake-up: the member is claimed again with nothing due, and its outbox is offered again.
      await Promise.all(users.map((user) => stack.index.plan(user, stack.clock.now())));
      await drain(stack);
    }

    const sent = await sentReaches([a, b], 20);
    expectOnePromptEach(sent, 20);
    const dropped = (stack: RedisStack): number =>
      stack.lines.filter((line) => line.includes('delivery id seen before; dropped')).length;
    expect([dropped(a), dropped(b)]).toEqual([20, 20]);
    expect(await queuedJobs()).toBe(0);
    await expectAllPlannedForTomorrow(20);
  });

  it('should leave nothing scheduled or queued for a user after /forget', async () => {
    const c = await openProcess();
    // Paused: the deliveries stay queued, as they would behind a rate limit or a busy worker.
    await queue.pause();
    await seed(c, 2);
    const [gone, kept] = [c.keyOf('0'), c.keyOf('1')];
    setClocks(5, c);
    await c.start({ claim: false });
    await drain(c);
    expect(await jobsOf(gone)).toHaveLength(1);
    expect(await jobsOf(kept)).toHaveLength(1);
    const keys = dueIndexKeys(deploy.duePrefix);
    expect(await admin.zscore(keys.z, gone)).not.toBeNull();

    const asked = await c.engine.handle(eventFrom('0', { kind: 'command', command: 'forget', args: '' }));
    const yes = choiceLabelled(asked.replies, 'Yes, delete everything');
    const done = await c.engine.handle(eventFrom('0', { kind: 'choice', token: yes }));
    expect(done.replies.map((r) => r.text).join('\n')).toContain('has been deleted');

    expect(await admin.zscore(keys.z, gone)).toBeNull();
    expect(await admin.hexists(keys.lease, gone)).toBe(0);
    expect(await admin.hexists(keys.pending, gone)).toBe(0);
    expect(await jobsOf(gone)).toEqual([]);
    expect(await scanKeys(admin, `*${escapeGlob(gone)}*`)).toEqual([]);
    // What stays is one hashed deduplication marker per delivery, so the cancelled id cannot be queued again.
    const markers = await scanKeys(admin, `${escapeGlob(queue.toKey('de'))}:*`);
    expect(await Promise.all(markers.map((key) => admin.get(key)))).toEqual(expect.arrayContaining(['cancelled']));
    expect(markers).toHaveLength(2);
    // The other user is untouched, which also shows the checks above can see what is there.
    expect(await jobsOf(kept)).toHaveLength(1);
    expect(await admin.zscore(keys.z, kept)).not.toBeNull();
    expect(await scanKeys(admin, `*${escapeGlob(kept)}*`)).not.toEqual([]);
    expect(warnings(c)).toEqual([]);
  });

  /** Ids of the jobs of `user` not yet sent (waiting, also while paused, delayed, prioritized or active). */
  async function jobsOf(user: UserKey): Promise<string[]> {
    const jobs = await queue.getJobs(UNSENT);
    // The user key is sealed inside the job with the address and texts; the deployment's secret opens it.
    const crypto = createDataCrypto(deploy.secret);
    const userOf = (job: (typeof jobs)[number]): string | undefined =>
      (JSON.parse(crypto.decrypt((job.data as { sealed: string }).sealed, job.id ?? '')) as { user?: string }).user;
    return jobs.filter((job) => userOf(job) === user).map((job) => job.id ?? '');
  }
});

function choiceLabelled(replies: Reply[], label: string): string {
  const choice = replies.flatMap((reply) => reply.choices ?? []).find((c) => c.label === label);
  if (choice === undefined) throw new Error(`No button '${label}' offered.`);
  return choice.id;
}
