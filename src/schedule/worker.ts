import { createOutageLog, type OutageLog } from '../ops/outage-log.js';
import type { Logger } from 'pino';
import { ErrorCode, hasCode, SteadyError } from '../core/errors.js';
import type { Claim, DueIndex } from './due-index.js';

/** What became of one member of a batch: when it is next due (null: nothing scheduled), or why it failed. */
export type MemberResult = { nextAt: number | null } | { error: unknown };

/** Options of {@link createDueWorker}. */
export interface WorkerOptions {
  index: DueIndex;
  clock: { now(): number };
  /** Handles one claimed member and returns when it is next due (null: nothing scheduled). Throwing means "try again soon". */
  process(member: string): Promise<number | null>;
  /**
   * Handles many claimed members at once, one result per member in order; when given, it is used instead of
   * {@link process}. Throwing means "try them all again soon".
   */
  processBatch?(members: readonly string[]): Promise<MemberResult[]>;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How long a claim shields a member from other workers (default 60 000 ms); process() should finish well within it. */
  leaseMs?: number;
  /** Members claimed per tick (default 200). */
  batchSize?: number;
  /** Members processed at once within a batch (default 16); with processBatch, how many of its chunks run at once (at most 4). */
  concurrency?: number;
  /** With processBatch: members handed to it at once (default 50). */
  chunkSize?: number;
  /** Longest sleep between ticks when nothing is due (default 1000 ms), since other processes may plan earlier times. */
  idleMs?: number;
  /** A member whose process() threw is due again after this long (default 60 000 ms). */
  retryMs?: number;
  /** Hears, for each claimed member as its processing starts, how many ms past its due time that is (metrics). */
  onLag?(ms: number): void;
  /** The timer to run on, when whatever plans times (the schedule hooks) is made before the worker; default its own. */
  timer?: WakeTimer;
}

/** A claim loop over a {@link DueIndex}; any number of them, in any number of processes, can run side by side. */
export interface DueWorker {
  /** Starts ticking; does nothing if already started. */
  start(): void;
  /** Finishes the batch in hand, then resolves with no timer left behind. */
  stop(): Promise<void>;
  /** One claim-and-process round; returns how many members it handled. */
  tick(): Promise<number>;
  /** Shortens the current sleep to end by `at`, after this process planned a member for that time. */
  wake(at: number): void;
}

/**
 * A claim loop's timer, apart from the loop: the schedule hooks wake it, and they are made before the engine
 * the loop's rounds need, so the timer exists first and is handed its round when it starts.
 */
export interface WakeTimer {
  /** Runs `round` (which returns when to run next) one at a time until stopped; does nothing if already started. */
  start(round: () => Promise<number>): void;
  /** Stops; resolves once the round in hand has finished, with no timer left behind. */
  stop(): Promise<void>;
  /** Shortens the current sleep to end by `at`; does nothing while stopped. */
  wake(at: number): void;
}

type Settings = Required<
  Pick<WorkerOptions, 'leaseMs' | 'batchSize' | 'concurrency' | 'idleMs' | 'retryMs' | 'chunkSize'>
>;

const DEFAULTS: Settings = {
  leaseMs: 60_000,
  batchSize: 200,
  concurrency: 16,
  idleMs: 1000,
  retryMs: 60_000,
  chunkSize: 50,
};
// Chunks in flight at once: one computing while another waits for Redis keeps both busy; more only queue.
const MAX_CHUNK_LANES = 4;

/** Creates a worker that claims due members in batches, processes them, and sleeps until the next is due. */
export function createDueWorker(options: WorkerOptions): DueWorker {
  const settings = resolveSettings(options);
  const tick = (): Promise<number> => claimAndProcess(options, settings);
  const timer = options.timer ?? createWakeTimer(options.clock);
  // Rounds fail every idle interval while Redis is down: logged once per outage, with the count when it ends.
  const outage = createOutageLog(options.logger, 'due index');
  const round = (): Promise<number> => roundThenNextAt(options, settings, tick, outage);
  return { start: () => timer.start(round), stop: () => timer.stop(), wake: (at) => timer.wake(at), tick };
}

// === Timer

/** Creates a stopped {@link WakeTimer}. */
export function createWakeTimer(clock: WorkerOptions['clock']): WakeTimer {
  // The round it runs while started; absent while stopped.
  let running: (() => Promise<number>) | undefined;
  let busy = false;
  let current: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  // A wake() that arrives mid-round bounds the sleep that round is about to choose.
  let wakeBy = Infinity;

  const run = async (round: () => Promise<number>): Promise<void> => {
    busy = true;
    const nextAt = await round();
    busy = false;
    if (running) sleepUntil(Math.min(nextAt, wakeBy), running);
    wakeBy = Infinity;
  };
  const sleepUntil = (at: number, round: () => Promise<number>): void => {
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Infinity;
        current = run(round);
      },
      Math.max(0, at - clock.now()),
    );
  };

  return {
    start(round) {
      if (running) return;
      running = round;
      // A round still finishing after stop() sees `running` again and schedules the next one itself.
      if (!busy) current = run(round);
    },
    async stop() {
      running = undefined;
      clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      await current;
    },
    wake(at) {
      if (!running) return;
      if (busy) wakeBy = Math.min(wakeBy, at);
      else if (timer !== undefined && at < timerAt) {
        clearTimeout(timer);
        sleepUntil(at, running);
      }
    },
  };
}

// Never throws, so the loop survives Redis outages: a failed round is retried after the idle interval.
async function roundThenNextAt(
  options: WorkerOptions,
  settings: Settings,
  tick: () => Promise<number>,
  outage: OutageLog,
): Promise<number> {
  const { index, clock, logger } = options;
  try {
    const handled = await tick();
    outage.recovered();
    if (handled >= settings.batchSize) return clock.now();
    const latest = clock.now() + settings.idleMs;
    const next = await index.nextDueAt();
    return next === null ? latest : Math.min(next, latest);
  } catch (error) {
    if (hasCode(error, ErrorCode.StoreUnavailable)) outage.error(error);
    else logger.error({ err: describeError(error) }, 'due worker round failed; retrying after the idle interval');
    return clock.now() + settings.idleMs;
  }
}

// === Round

async function claimAndProcess(options: WorkerOptions, settings: Settings): Promise<number> {
  const { index, clock, logger } = options;
  const now = clock.now();
  const claims = await index.claim(now, settings.batchSize, settings.leaseMs);
  const oldest = claims[0];
  if (oldest) logger.debug({ claimed: claims.length, lagMs: now - oldest.dueAt }, 'due members claimed');
  const { processBatch } = options;
  if (processBatch === undefined) {
    await runPool(claims, settings.concurrency, (claim) => handleClaim(options, settings, claim));
    return claims.length;
  }
  const chunks: Claim[][] = [];
  for (let i = 0; i < claims.length; i += settings.chunkSize) chunks.push(claims.slice(i, i + settings.chunkSize));
  const lanes = Math.min(settings.concurrency, MAX_CHUNK_LANES);
  await runPool(chunks, lanes, (chunk) => handleChunk(options, settings, processBatch, chunk));
  return claims.length;
}

// Never throws, like handleClaim: failing members are retried later, and a failed completion leaves the leases to run out.
async function handleChunk(
  options: WorkerOptions,
  settings: Settings,
  processBatch: NonNullable<WorkerOptions['processBatch']>,
  claims: readonly Claim[],
): Promise<void> {
  const { index, clock, logger } = options;
  for (const claim of claims) options.onLag?.(Math.max(0, clock.now() - claim.dueAt));
  let results: MemberResult[];
  try {
    results = await processBatch(claims.map((claim) => claim.member));
  } catch (error) {
    results = claims.map(() => ({ error }));
  }
  const completions = claims.map((claim, i) => {
    const result = results[i] ?? { error: new Error('no result for this member') };
    if ('nextAt' in result) return { claim, nextAt: result.nextAt };
    logger.warn({ err: describeError(result.error), retryMs: settings.retryMs }, 'due member failed; retrying later');
    return { claim, nextAt: clock.now() + settings.retryMs };
  });
  try {
    const lost = (await index.completeMany(completions)).filter((done) => !done).length;
    if (lost > 0) {
      logger.warn(
        { leaseMs: settings.leaseMs, lost },
        'due member lease ran out before completion; another worker took it over',
      );
    }
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'due member completion failed; it is due again once its lease runs out');
  }
}

// Never throws: a failing member is retried later, and a failed completion leaves the lease to run out.
async function handleClaim(options: WorkerOptions, settings: Settings, claim: Claim): Promise<void> {
  const { index, clock, logger } = options;
  let nextAt: number | null;
  options.onLag?.(Math.max(0, clock.now() - claim.dueAt));
  try {
    nextAt = await options.process(claim.member);
  } catch (error) {
    // No member in the log line: it is a pseudonymous user key, and logs carry no user ids.
    logger.warn({ err: describeError(error), retryMs: settings.retryMs }, 'due member failed; retrying later');
    nextAt = clock.now() + settings.retryMs;
  }
  try {
    if (!(await index.complete(claim, nextAt))) {
      logger.warn(
        { leaseMs: settings.leaseMs },
        'due member lease ran out before completion; another worker took it over',
      );
    }
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'due member completion failed; it is due again once its lease runs out');
  }
}

async function runPool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await run(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function resolveSettings(options: WorkerOptions): Settings {
  const settings: Settings = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[name] ?? DEFAULTS[name];
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new SteadyError(
        ErrorCode.Config,
        `Due worker option '${name}' must be a positive whole number; got ${value}.`,
      );
    }
    settings[name] = value;
  }
  return settings;
}

function describeError(error: unknown): { code?: string; message: string } {
  if (error instanceof Error)
    return { message: error.message, ...('code' in error ? { code: String(error.code) } : {}) };
  return { message: String(error) };
}
