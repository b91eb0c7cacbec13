import type { Engine, ScheduleHooks } from '../engine/engine.js';
import { outboxOf } from '../engine/due.js';
import type { Clock } from '../core/types.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { SessionState } from '../core/state.js';
import type { UserKey } from '../session/store.js';
import type { DueIndex } from './due-index.js';
import { jitterMs } from '../rhythm/local-time.js';
import { nextDueAt } from '../rhythm/plan.js';
import type { BatchStore, Taken } from '../session/redis-batch.js';
import { runDueBatch, type BatchEngine } from './due-batch.js';
import type { Delivery, Sender } from './sender.js';
import type { OutboxEntry } from '../core/schedule-state.js';
import { createDueWorker, createWakeTimer, type MemberResult, type WakeTimer, type WorkerOptions } from './worker.js';

/** How far one user's wake-up time is spread, so everyone who picked 9:00 is not sent at the same second. */
export const JITTER_SPREAD_MS = 4 * 60_000;

/** What the schedule is built from, all of it made before the engine. */
export interface ScheduleOptions {
  index: DueIndex;
  /** Made with the adapters' send side; started with the engine, which hears the users it finds blocked. */
  sender: Sender;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  jitterSpreadMs?: number;
  /** Tuning of the claim loop (lease, batch size, idle sleep). */
  worker?: Partial<Omit<WorkerOptions, 'index' | 'clock' | 'process' | 'logger' | 'onLag' | 'timer'>>;
  /** Hears the claim lag and the due index size; absent, nothing is counted. */
  metrics?: Pick<Metrics, 'schedulerLag' | 'dueSetSize'>;
  /** Loads and commits many users per round trip (the Redis store's keys); absent, each due user is a turn of its own. */
  batch?: BatchStore;
}

/** The engine side the scheduler drives; batches of due turns need its due step too. */
export type ScheduledEngine = Pick<Engine, 'runDue' | 'markUnreachable'> &
  Partial<Pick<Engine, 'dueStep' | 'dueCommitted'>>;

// The engine and the schedule need each other: the engine tells the schedule of new due times and forgotten
// users, and the schedule runs the engine's due turns and tells it of blocked users. So the schedule comes in
// two parts, each made with what it needs: the hooks, over the due index, the sender and the claim loop's
// timer, all made before the engine and handed to it; then the scheduler, made over that engine.

/** The schedule's first part: what the engine is made with, and how to make the rest once it is. */
export interface Schedule {
  /** Handed to the engine: it calls these after commits. */
  hooks: ScheduleHooks;
  /** Makes the scheduler over the engine that was made with `hooks`; once, since the claim loop's timer is shared. */
  withEngine(engine: ScheduledEngine): Scheduler;
}

/** Daily prompts and follow-ups: claims due users, runs their turn, queues the messages. */
export interface Scheduler {
  /** Starts sending and, unless `claim` is false, claiming due users. */
  start(options?: { claim?: boolean }): Promise<void>;
  /** Stops claiming and finishes the batch in hand; sends go on, so turns still running can queue or cancel theirs. */
  stopClaiming(): Promise<void>;
  /** Stops claiming, finishes the batch and the sends in hand. */
  stop(): Promise<void>;
  /** One claim round, for tests and benchmarks; returns how many users it handled. */
  tick(): Promise<number>;
}

/** Builds the schedule over a due index (memory or Redis) and a sender (in-process or BullMQ). */
export function createSchedule(options: ScheduleOptions): Schedule {
  const spread = options.jitterSpreadMs ?? JITTER_SPREAD_MS;
  const timer = createWakeTimer(options.clock);
  const wakeAt = (user: string, at: number): number => at + jitterMs(user, spread);
  options.metrics?.dueSetSize(() => options.index.size());
  const hooks: ScheduleHooks = {
    async wake(user, at) {
      const when = wakeAt(user, at);
      await options.index.plan(user, when);
      timer.wake(when);
    },
    async forget(user, outboxIds) {
      await options.index.remove(user);
      await options.sender.cancel(
        user,
        outboxIds.map((id) => deliveryId(user, id)),
      );
    },
  };
  return { hooks, withEngine: (engine) => createScheduler(options, engine, { timer, wakeAt }) };
}

function createScheduler(
  options: ScheduleOptions,
  engine: ScheduledEngine,
  plan: { timer: WakeTimer; wakeAt: (user: string, at: number) => number },
): Scheduler {
  const { sender, metrics } = options;
  // The turn commits first, then its messages are offered; a crash in between leaves the claim
  // unfinished, so the user is claimed again after the lease and the outbox offered again (the
  // sender drops ids it has already taken).
  async function process(member: string): Promise<number | null> {
    const user = member as UserKey;
    const state = await engine.runDue(user);
    await offerOutbox(options, user, state);
    await markTaken(options, [{ user, state }]);
    const next = nextDueAt(state, options.clock.now());
    return next === null ? null : plan.wakeAt(member, next);
  }
  const { batch } = options;
  const { dueStep, dueCommitted } = engine;
  const stepper = dueStep && dueCommitted && { runDue: engine.runDue, dueStep, dueCommitted };
  const processBatch =
    batch && stepper && ((members: readonly string[]) => processMany(options, stepper, batch, plan, members));
  const onLag = metrics ? (ms: number) => metrics.schedulerLag(ms / 1000) : undefined;
  const worker = createDueWorker({
    ...options.worker,
    index: options.index,
    clock: options.clock,
    process,
    ...(processBatch ? { processBatch } : {}),
    logger: options.logger,
    timer: plan.timer,
    ...(onLag ? { onLag } : {}),
  });
  return {
    async start(startOptions = {}) {
      await sender.start((user) => engine.markUnreachable(user));
      if (startOptions.claim !== false) worker.start();
    },
    stopClaiming: () => worker.stop(),
    async stop() {
      await worker.stop();
      await sender.stop();
    },
    tick: () => worker.tick(),
  };
}

// The batch's turns commit first, then all their messages are offered at once, then the claims complete;
// a crash in between leaves the same traces as with one user at a time (see `process` above).
async function processMany(
  options: ScheduleOptions,
  engine: BatchEngine,
  batch: BatchStore,
  plan: { wakeAt: (user: string, at: number) => number },
  members: readonly string[],
): Promise<MemberResult[]> {
  const users = members as readonly UserKey[];
  const results = await runDueBatch({ engine, store: batch }, users);
  const deliveries = results.flatMap((result, i) =>
    'state' in result ? deliveriesOf(options, users[i] as UserKey, result.state) : [],
  );
  if (options.sender.enqueueMany) await options.sender.enqueueMany(deliveries);
  else await Promise.all(deliveries.map((delivery) => options.sender.enqueue(delivery)));
  await markTaken(
    options,
    results.flatMap((result, i) => ('state' in result ? [{ user: users[i] as UserKey, state: result.state }] : [])),
  );
  const now = options.clock.now();
  return results.map((result, i) => {
    if (!('state' in result)) return result;
    // A state the batch just committed carries its next due time as of now; any other is planned afresh.
    const planned = result.fresh ? result.state.schedule?.planned : undefined;
    const next = planned !== undefined ? planned : nextDueAt(result.state, now);
    return { nextAt: next === null ? null : plan.wakeAt(members[i] as string, next) };
  });
}

async function offerOutbox(options: ScheduleOptions, user: UserKey, state: SessionState): Promise<void> {
  for (const delivery of deliveriesOf(options, user, state)) await options.sender.enqueue(delivery);
}

// Entries the sender has taken before keep their id with no replies (session/outbox-fields.ts): nothing to offer again.
function untaken(state: SessionState): OutboxEntry[] {
  return outboxOf(state).filter((entry) => entry.replies.length > 0);
}

function deliveriesOf(options: ScheduleOptions, user: UserKey, state: SessionState): Delivery[] {
  const reach = state.schedule?.reach;
  const entries = untaken(state);
  if (entries.length > 0 && reach === undefined)
    options.logger.warn({ user }, 'scheduled message has no chat to go to');
  if (reach === undefined) return [];
  return entries.map((entry) => ({
    id: deliveryId(user, entry.id),
    user,
    platform: reach.platform,
    address: reach.address,
    replies: entry.replies,
  }));
}

// Once the sender has every delivery offered (it drops ids it has seen for two days, longer than an entry is
// kept), the replies need not be kept for a retry: only the ids stay, for /forget to cancel. Not dropping them
// (Redis failing here) costs memory only, so a failure is logged and the claim completes.
async function markTaken(options: ScheduleOptions, offered: { user: UserKey; state: SessionState }[]): Promise<void> {
  if (options.batch === undefined) return;
  const handed = offered.flatMap(({ user, state }) => handedOver(user, state) ?? []);
  try {
    await options.batch.taken(handed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.logger.warn({ err: { message } }, 'could not drop the replies the sender has taken; they are kept a day');
  }
}

/** The outbox entries of `state` that its deliveries hand to the sender (none without a chat to go to). */
export function handedOver(user: UserKey, state: SessionState): Taken | undefined {
  if (state.schedule?.reach === undefined) return undefined;
  const ids = untaken(state).map((entry) => entry.id);
  return ids.length === 0 ? undefined : { user, ids };
}

/** The sender's deduplication id of one outbox entry: unique per user and occurrence. */
export function deliveryId(user: UserKey | string, entryId: string): string {
  return `${user}.${entryId}`;
}
