import { createOutageLog, type OutageLog } from '../ops/outage-log.js';
import { createHash, randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { asTarget, openRedis, type RedisClient, type RedisTarget } from '../session/redis-target.js';
import { z } from 'zod';
import type { Adapter, Reply } from '../core/types.js';
import { assertNever, ErrorCode, SteadyError } from '../core/errors.js';
import type { Logger } from '../ops/logger.js';
import type { DataCrypto } from '../session/crypto.js';
import { ReplySchema } from '../core/schedule-state.js';
import type { UserKey } from '../session/store.js';
import type { Delivery, FailureReport, PlatformSend, SendFailureReason, Sender, UnreachableReport } from './sender.js';

/** The side of an adapter the queue sender needs: its tag, its send, and the budget its queue keeps to. */
export type QueuedPlatform = Pick<Adapter, 'platform' | 'send' | 'sendRate'>;

/** Options of {@link createQueueSender}. */
export interface QueueSenderOptions {
  /** Redis for the queues (a URL or any deployment); the sender opens its own connections because workers block on them. */
  redis: RedisTarget | string;
  /** Key prefix of every queue key; the default `{steady-send}` keeps them in one Redis Cluster slot. */
  prefix?: string;
  /** Seals address and replies in the job; the job id is bound in as associated data. */
  crypto: DataCrypto;
  /**
   * The adapters deliveries can go to, each with its own queue and worker, sending at the adapter's `sendRate`.
   * The rate counts deliveries (one may be several messages); a platform that still says "slow down" pauses
   * its queue for as long as it asks.
   */
  platforms: readonly QueuedPlatform[];
  /** Hears every failed send attempt (metrics). */
  failed?: FailureReport;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How long a delivery id stays known after it was queued (default two days). */
  dedupTtlMs?: number;
  /** Sends in flight per worker (default 8). */
  concurrency?: number;
  /** Wait before the first retry of a send that threw; it doubles each time (default 30 s). */
  retryDelayMs?: number;
}

const DEFAULT_PREFIX = '{steady-send}';
const DEFAULT_DEDUP_TTL_MS = 2 * 24 * 60 * 60 * 1000;
const FAILED_KEEP_SECONDS = 7 * 24 * 60 * 60;
const ATTEMPTS = 5;
const JOB_NAME = 'deliver';
// Stands in the dedup key of a cancelled delivery, so the id stays taken until the key expires.
const CANCELLED = 'cancelled';

// === Job payload: only the platform is readable in Redis

// Version 2 seals the user key with the address and texts, so nothing in a job names a user. Version 1
// (the user key in the clear) is still read, for jobs queued before an upgrade.
const JobDataSchema = z.discriminatedUnion('v', [
  z.object({ v: z.literal(2), platform: z.string(), sealed: z.string() }),
  z.object({ v: z.literal(1), user: z.string(), platform: z.string(), sealed: z.string() }),
]);

type JobData = z.input<typeof JobDataSchema>;

const SealedSchema = z.object({ user: z.string().optional(), address: z.string(), replies: z.array(ReplySchema) });

interface Opened {
  user: UserKey;
  address: string;
  replies: Reply[];
}

function seal(delivery: Delivery, jobId: string, crypto: DataCrypto): JobData {
  const inner = { user: delivery.user, address: delivery.address, replies: delivery.replies };
  return { v: 2, platform: delivery.platform, sealed: crypto.encrypt(JSON.stringify(inner), jobId) };
}

// Unrecoverable: a payload that cannot be read now will not be readable on a retry either.
function open(job: Job, crypto: DataCrypto): Opened {
  const data = JobDataSchema.safeParse(job.data);
  if (!data.success)
    throw new UnrecoverableError('The job is not a Steady delivery (v1 or v2); it was written by another version.');
  try {
    const inner = SealedSchema.parse(JSON.parse(crypto.decrypt(data.data.sealed, job.id ?? '')));
    const user = (data.data.v === 1 ? data.data.user : inner.user) as UserKey | undefined;
    if (user === undefined) throw new Error('no user in the sealed payload');
    return { user, address: inner.address, replies: inner.replies };
  } catch (error) {
    throw new UnrecoverableError(
      `The delivery could not be opened (${label(error)}); it was sealed with another secret or by another version.`,
    );
  }
}

// Hashed with the user: delivery ids are unique per user only, and raw ids must not appear in key names.
function dedupId(user: UserKey, id: string): string {
  return createHash('sha256').update(`${user}\0${id}`).digest('base64url');
}

// Only the error's name and code: messages and fields of platform errors may carry an address or text.
function label(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return 'code' in error ? `${error.name} ${String(error.code)}` : error.name;
}

function userOf(job: Job | undefined, crypto: DataCrypto): string | undefined {
  if (job === undefined) return undefined;
  try {
    return open(job, crypto).user;
  } catch {
    return undefined;
  }
}

// === The sender

// How long a stop waits for the sends in hand when Redis is down, before it drops the connections.
const DOWN_STOP_MS = 2_000;

function sleep<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

interface Lane {
  platform: string;
  queue: Queue;
  target: QueuedPlatform;
  worker?: Worker;
}

interface Context {
  options: QueueSenderOptions;
  logger: QueueSenderOptions['logger'];
  /** Shared by the queues; each worker duplicates it into its own two connections. */
  connection: RedisClient;
  prefix: string;
  lanes: ReadonlyMap<string, Lane>;
  /** Sends being handed to a platform right now, for the stop that cannot wait. */
  inHand: { count: number };
  /** The queues' and workers' errors during an outage are the connection's: counted there, logged once. */
  outage: OutageLog;
}

/**
 * A {@link Sender} on BullMQ for deployments with Redis: one queue and worker per platform, so a slow or
 * rate-limited platform never holds up the others. Deliveries survive restarts, are deduplicated across
 * processes for `dedupTtlMs`, retried with backoff when a send throws, and sent within each platform's budget.
 */
export function createQueueSender(options: QueueSenderOptions): Sender {
  const { logger } = options;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  options.platforms.forEach(checkPlatform);
  // maxRetriesPerRequest null: BullMQ requires it, and an enqueue then waits out a Redis restart instead of failing.
  const connection = openRedis(asTarget(options.redis), { maxRetriesPerRequest: null });
  const outage = createOutageLog(logger, 'send queue');
  connection.on('error', (error: Error) => outage.error(error));
  connection.on('ready', () => outage.recovered());
  const lanes = createLanes(options, connection, prefix, outage);
  const ctx: Context = { options, logger, connection, prefix, lanes, inHand: { count: 0 }, outage };
  return {
    enqueue: (delivery) => enqueue(ctx, delivery),
    enqueueMany: (deliveries) => enqueueMany(ctx, deliveries),
    async cancel(user, ids) {
      for (const lane of ctx.lanes.values()) {
        for (const id of ids) await cancelOne(ctx, lane, user, dedupId(user, id));
      }
    },
    async start(unreachable) {
      for (const lane of ctx.lanes.values()) lane.worker ??= startWorker(ctx, lane, unreachable);
      await Promise.all([...ctx.lanes.values()].map((lane) => lane.worker?.waitUntilReady()));
    },
    async stop() {
      // Workers first: close() lets the sends in hand finish and report before the queues go away.
      const graceful = (async () => {
        await Promise.all([...ctx.lanes.values()].map((lane) => lane.worker?.close()));
        await Promise.all([...ctx.lanes.values()].map((lane) => lane.queue.close()));
        await connection.quit().catch(() => connection.disconnect());
      })();
      if (connection.status === 'ready') return graceful;
      // With Redis away BullMQ's close waits for a reconnect that may never come: the sends in hand get a short
      // while to finish, then the connections are dropped. Queued sends stay in Redis for the next process.
      const inHand = ctx.inHand.count;
      const settled = await Promise.race([
        graceful.then(
          () => true,
          () => true,
        ),
        sleep(DOWN_STOP_MS, false),
      ]);
      if (settled) return;
      logger.warn(
        { inHand, waitedMs: DOWN_STOP_MS },
        'redis is down: send queues closed without waiting; sends in hand dropped',
      );
      // Not awaited: BullMQ's disconnect, too, may wait on the lost connection.
      void Promise.allSettled([
        ...[...ctx.lanes.values()].flatMap((lane) => [lane.worker?.disconnect(), lane.queue.disconnect()]),
      ]);
      connection.disconnect();
    },
  };
}

function createLanes(
  options: QueueSenderOptions,
  connection: RedisClient,
  prefix: string,
  outage: OutageLog,
): Map<string, Lane> {
  const lanes = new Map<string, Lane>();
  for (const target of options.platforms) {
    const { platform } = target;
    const queue = new Queue(`send-${platform}`, { connection, prefix });
    queue.on('error', (error) => outage.error(error));
    lanes.set(platform, { platform, queue, target });
  }
  return lanes;
}

// Checked before any connection opens: the tag names Redis keys, and the rate becomes the queue's limiter.
function checkPlatform({ platform, sendRate }: QueuedPlatform): void {
  if (!/^[a-z0-9-]+$/.test(platform)) {
    throw new SteadyError(
      ErrorCode.Config,
      `Platform tag '${platform}' cannot name a send queue; use lower-case letters, digits and '-'.`,
    );
  }
  const { max, durationMs } = sendRate;
  if (![max, durationMs].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new SteadyError(
      ErrorCode.Config,
      `The ${platform} adapter's sendRate (${max} per ${durationMs} ms) cannot limit a send queue; use positive whole numbers.`,
    );
  }
}

function laneFor(lanes: ReadonlyMap<string, Lane>, platform: string): Lane {
  const lane = lanes.get(platform);
  if (lane) return lane;
  throw new SteadyError(
    ErrorCode.Config,
    `No send queue for platform '${platform}'; configured: ${[...lanes.keys()].map((p) => `'${p}'`).join(', ')}.`,
  );
}

async function enqueue(ctx: Context, delivery: Delivery): Promise<void> {
  const lane = laneFor(ctx.lanes, delivery.platform);
  const { name, data, opts } = jobOf(ctx, delivery);
  const job = await lane.queue.add(name, data, opts);
  if (job.id !== opts.jobId)
    ctx.logger.debug({ user: delivery.user, platform: lane.platform }, 'delivery id seen before; dropped');
}

// One pipeline per platform: BullMQ's addBulk sends each job's own add script, deduplication included.
async function enqueueMany(ctx: Context, deliveries: readonly Delivery[]): Promise<void> {
  const byLane = new Map<Lane, Delivery[]>();
  for (const delivery of deliveries) {
    const lane = laneFor(ctx.lanes, delivery.platform);
    byLane.set(lane, [...(byLane.get(lane) ?? []), delivery]);
  }
  for (const [lane, batch] of byLane) {
    const jobs = batch.map((delivery) => jobOf(ctx, delivery));
    const added = await lane.queue.addBulk(jobs);
    added.forEach((job, i) => {
      if (job.id !== jobs[i]?.opts.jobId)
        ctx.logger.debug({ user: batch[i]?.user, platform: lane.platform }, 'delivery id seen before; dropped');
    });
  }
}

function jobOf(
  ctx: Context,
  delivery: Delivery,
): { name: string; data: JobData; opts: JobsOptions & { jobId: string } } {
  const jobId = randomUUID();
  return {
    name: JOB_NAME,
    data: seal(delivery, jobId, ctx.options.crypto),
    opts: {
      jobId,
      // ttl mode: the key outlives the job, so an id sent and removed an hour ago is still dropped.
      deduplication: { id: dedupId(delivery.user, delivery.id), ttl: ctx.options.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS },
      removeOnComplete: true,
      removeOnFail: { age: FAILED_KEEP_SECONDS },
      // A stack names the server's paths and says nothing the failure reason does not; none is kept.
      stackTraceLimit: 0,
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: ctx.options.retryDelayMs ?? 30_000 },
    },
  };
}

// === Worker

function startWorker(ctx: Context, lane: Lane, unreachable: UnreachableReport): Worker {
  const { logger } = ctx;
  const process = async (job: Job): Promise<void> => {
    ctx.inHand.count += 1;
    try {
      await deliver(ctx, lane, job, unreachable);
    } finally {
      ctx.inHand.count -= 1;
    }
  };
  const worker = new Worker(lane.queue.name, process, {
    connection: ctx.connection,
    prefix: ctx.prefix,
    concurrency: ctx.options.concurrency ?? 8,
    limiter: { max: lane.target.sendRate.max, duration: lane.target.sendRate.durationMs },
  });
  worker.on('error', (error) => ctx.outage.error(error));
  worker.on('failed', (job, error) => {
    logger.warn(
      {
        user: userOf(job, ctx.options.crypto),
        platform: lane.platform,
        attempts: job?.attemptsMade,
        err: error.message,
      },
      'proactive send failed',
    );
  });
  return worker;
}

async function deliver(ctx: Context, lane: Lane, job: Job, unreachable: UnreachableReport): Promise<void> {
  const { logger } = ctx;
  const failed = (reason: SendFailureReason): void => ctx.options.failed?.(lane.platform, reason);
  const { user, address, replies } = await reported(
    async () => open(job, ctx.options.crypto),
    () => failed('unreadable'),
  );
  const result = await reported(
    () => callPlatform(lane, address, replies),
    () => failed('error'),
  );
  switch (result.status) {
    case 'sent':
      logger.debug({ user, platform: lane.platform }, 'proactive delivery sent');
      return;
    case 'unreachable':
      failed('unreachable');
      // Done, not failed: a blocked user stays blocked on a retry. A throwing hook does retry, so the pause is not lost.
      logger.info({ user, platform: lane.platform }, 'user unreachable; proactive delivery dropped');
      return unreachable(user, lane.platform, result.reason);
    case 'rateLimited':
      failed('rate_limited');
      // The whole queue waits: the platform's budget is per bot, not per user. The job goes back to wait uncounted.
      logger.warn(
        { platform: lane.platform, retryAfterMs: result.retryAfterMs },
        'platform rate limit; send queue paused',
      );
      await lane.queue.rateLimit(Math.max(1, Math.ceil(result.retryAfterMs)));
      throw Worker.RateLimitError();
    default:
      return assertNever(result);
  }
}

// Reports a throw (for metrics) and lets it through unchanged, so BullMQ still decides about retries.
async function reported<T>(run: () => Promise<T>, onThrow: () => void): Promise<T> {
  try {
    return await run();
  } catch (error) {
    onThrow();
    throw error;
  }
}

// A thrown send becomes an error naming only its kind: BullMQ stores the message in Redis in plain text.
async function callPlatform(lane: Lane, address: string, replies: Reply[]): ReturnType<PlatformSend> {
  try {
    return await lane.target.send(address, replies);
  } catch (error) {
    throw new Error(`The ${lane.platform} send threw ${label(error)}; it is retried with backoff.`);
  }
}

// === Cancel

async function cancelOne(ctx: Context, lane: Lane, user: UserKey, id: string): Promise<void> {
  const jobId = await lane.queue.getDeduplicationJobId(id);
  // No job yet: a scheduled turn may still be about to queue it, so the id is taken now and that offer is dropped.
  if (jobId === null) {
    await ctx.connection.set(
      `${lane.queue.keys.de}:${id}`,
      CANCELLED,
      'PX',
      ctx.options.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS,
      'NX',
    );
    return;
  }
  // No job behind the key means it was already sent; the key, while it lasts, keeps it from coming back.
  const job = await lane.queue.getJob(jobId);
  if (job === undefined) return;
  if (userOf(job, ctx.options.crypto) !== user) {
    ctx.logger.error({ user, platform: lane.platform }, 'delivery to cancel belongs to another user; left alone');
    return;
  }
  // Re-point the key first: removing a job deletes a dedup key that still names it, and the id must stay taken.
  await ctx.connection.set(`${lane.queue.keys.de}:${id}`, CANCELLED, 'KEEPTTL', 'XX');
  // 0 when the job is active: it is being sent right now and cannot be called back.
  if ((await lane.queue.remove(jobId)) === 0)
    ctx.logger.debug({ user, platform: lane.platform }, 'delivery already being sent; not cancelled');
}
