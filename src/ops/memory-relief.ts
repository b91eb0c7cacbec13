import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './logger.js';

// V8 collects garbage when JavaScript allocates. After a burst (a flood of new users, a wave of scheduled turns)
// an idle process allocates next to nothing, so what the burst left behind stays resident, at its peak, for as
// long as the process stays quiet. Once work has been heavy and then falls quiet, one full collection gives that
// memory back: the one time Steady asks for a collection, and never while it is busy.

/** Settings of {@link createMemoryRelief}; the defaults suit a bot. */
export interface MemoryReliefOptions {
  /** The full collection, e.g. `globalThis.gc`; undefined turns relief off. */
  collect: (() => void) | undefined;
  logger: Pick<Logger, 'info'>;
  /** Work items (turns) in one check that count as busy (default 250: fifty a second). */
  busyAtLeast?: number;
  /** How often the pace is looked at, in ms (default 5,000). */
  checkMs?: number;
  /** Fewer items than this in one check counts as quiet (default 25, five a second). */
  quietBelow?: number;
  /** Heap in use, for the log line (default `process.memoryUsage().heapUsed`). */
  heapUsed?: () => number;
}

/** Counts work and collects once a burst has passed. */
export interface MemoryRelief {
  /** One item of work (a turn) was done. */
  note(): void;
  /** Stops looking (shutdown). */
  stop(): void;
}

/** Starts watching the pace of work; see the module comment. */
export function createMemoryRelief(options: MemoryReliefOptions): MemoryRelief {
  const { collect, logger, busyAtLeast = 250, checkMs = 5_000, quietBelow = 25 } = options;
  const heapUsed = options.heapUsed ?? (() => process.memoryUsage().heapUsed);
  let sinceCollection = 0;
  let sinceCheck = 0;
  let busy = false;
  if (collect === undefined) return { note: () => undefined, stop: () => undefined };
  const timer = setInterval(() => {
    const pace = sinceCheck;
    sinceCheck = 0;
    busy ||= pace >= busyAtLeast;
    if (!busy || pace >= quietBelow) return;
    busy = false;
    const before = heapUsed();
    collect();
    const mb = (bytes: number): number => Math.round(bytes / 104_857.6) / 10;
    logger.info(
      { turns: sinceCollection, heapMb: mb(before), afterMb: mb(heapUsed()) },
      'memory released after a burst',
    );
    sinceCollection = 0;
  }, checkMs);
  // Never what keeps the process alive.
  timer.unref();
  return {
    note() {
      sinceCollection += 1;
      sinceCheck += 1;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * The full collection: `globalThis.gc` when node runs with `--expose-gc`, else the same function taken from a fresh
 * context once the flag is set (it must be set before that context is made; it changes nothing else).
 */
export function fullCollector(): () => void {
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return () => void exposed();
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('the garbage collector could not be exposed');
  return () => void gc();
}
