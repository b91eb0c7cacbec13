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
import type { Sender, SenderHooks } from './sender.js';
import { createDueWorker, type DueWorker, type WorkerOptions } from './worker.js';

/** How far one user's wake-up time is spread, so everyone who picked 9:00 is not sent at the same second. */
export const JITTER_SPREAD_MS = 4 * 60_000;

/** What the scheduler is built from; the sender is made from hooks the scheduler provides (it reports blocked users back). */
export interface SchedulerOptions {
  index: DueIndex;
  makeSender: (hooks: SenderHooks) => Sender;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  jitterSpreadMs?: number;
  /** Tuning of the claim loop (lease, batch size, idle sleep). */
  worker?: Partial<Omit<WorkerOptions, 'index' | 'clock' | 'process' | 'logger' | 'onLag'>>;
  /** Hears the claim lag, failed sends and the due index size; absent, nothing is counted. */
  metrics?: Pick<Metrics, 'schedulerLag' | 'sendFailure' | 'dueSetSize'>;
}

/** The engine side the scheduler drives. */
export type ScheduledEngine = Pick<Engine, 'runDue' | 'markUnreachable'>;

/** Daily prompts and follow-ups: plans wake-ups for the engine, claims due users, runs their turn, queues the messages. */
export interface Scheduler {
  /** Handed to the engine: it calls these after commits. */
  hooks: ScheduleHooks;
  /** Starts sending and, unless `claim` is false, claiming due users; the engine must exist by now. */
  start(engine: ScheduledEngine, options?: { claim?: boolean }): Promise<void>;
  /** Stops claiming and finishes the batch in hand; sends go on, so turns still running can queue or cancel theirs. */
  stopClaiming(): Promise<void>;
  /** Stops claiming, finishes the batch and the sends in hand. */
  stop(): Promise<void>;
  /** One claim round, for tests and benchmarks; returns how many users it handled. */
  tick(): Promise<number>;
}

/** Builds the scheduler over a due index (memory or Redis) and a sender (in-process or BullMQ). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const spread = options.jitterSpreadMs ?? JITTER_SPREAD_MS;
  let engine: ScheduledEngine | undefined;
  let worker: DueWorker | undefined;
  const { metrics } = options;
  const sender = options.makeSender({
    unreachable: async (user) => {
      await requireEngine().markUnreachable(user);
    },
    ...(metrics ? { failed: (platform, reason) => metrics.sendFailure(platform, reason) } : {}),
  });
  metrics?.dueSetSize(() => options.index.size());

  function requireEngine(): ScheduledEngine {
    if (engine === undefined) throw new Error('The scheduler was used before start(); start it with the engine first.');
    return engine;
  }

  const wakeAt = (user: string, at: number): number => at + jitterMs(user, spread);

  const hooks: ScheduleHooks = {
    async wake(user, at) {
      const when = wakeAt(user, at);
      await options.index.plan(user, when);
      worker?.wake(when);
    },
    async forget(user, outboxIds) {
      await options.index.remove(user);
      await sender.cancel(
        user,
        outboxIds.map((id) => deliveryId(user, id)),
      );
    },
  };

  // The turn commits first, then its messages are offered; a crash in between leaves the claim
  // unfinished, so the user is claimed again after the lease and the outbox offered again (the
  // sender drops ids it has already taken).
  async function process(member: string): Promise<number | null> {
    const user = member as UserKey;
    const state = await requireEngine().runDue(user);
    await offerOutbox(user, state);
    const next = nextDueAt(state, options.clock.now());
    return next === null ? null : wakeAt(member, next);
  }

  async function offerOutbox(user: UserKey, state: SessionState): Promise<void> {
    const reach = state.schedule?.reach;
    const entries = outboxOf(state);
    if (entries.length > 0 && reach === undefined)
      options.logger.warn({ user }, 'scheduled message has no chat to go to');
    if (reach === undefined) return;
    for (const entry of entries) {
      await sender.enqueue({
        id: deliveryId(user, entry.id),
        user,
        platform: reach.platform,
        address: reach.address,
        replies: entry.replies,
      });
    }
  }

  function ensureWorker(): DueWorker {
    const onLag = metrics ? (ms: number) => metrics.schedulerLag(ms / 1000) : undefined;
    worker ??= createDueWorker({
      ...options.worker,
      index: options.index,
      clock: options.clock,
      process,
      logger: options.logger,
      ...(onLag ? { onLag } : {}),
    });
    return worker;
  }

  return {
    hooks,
    async start(running, startOptions = {}) {
      engine = running;
      await sender.start();
      if (startOptions.claim !== false) ensureWorker().start();
    },
    stopClaiming: async () => worker?.stop(),
    async stop() {
      await worker?.stop();
      await sender.stop();
    },
    tick: () => ensureWorker().tick(),
  };
}

/** The sender's deduplication id of one outbox entry: unique per user and occurrence. */
export function deliveryId(user: UserKey | string, entryId: string): string {
  return `${user}.${entryId}`;
}
