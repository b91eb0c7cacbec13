import { ErrorCode, hasCode } from '../core/errors.js';
import type { Logger } from './logger.js';

// A platform that cannot be reached at start-up must neither hang the process in silence nor crash it:
// each attempt is bounded, logged, and retried with growing pauses while /readyz says 503, and a stop
// signal ends the wait at once. A refused token is no network trouble: it stops start-up with its message.

/** Thrown when a stop signal arrived before start-up finished. */
export class StartAborted extends Error {
  constructor() {
    super('start-up was stopped before it finished');
    this.name = 'StartAborted';
  }
}

/** Options of {@link connectWithRetry}. */
export interface ConnectOptions {
  /** One attempt may take this long before it is abandoned and tried again. */
  timeoutMs: number;
  /** Pause after the first failed attempt; it doubles up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** Aborted when a stop signal arrives; the wait ends at once with {@link StartAborted}. */
  signal: AbortSignal;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Runs `connect` until it succeeds. Each attempt gets a signal that aborts on its timeout or on `options.signal`.
 * Config errors (a token the platform refused) are thrown at once; anything else is logged and retried.
 */
export async function connectWithRetry(
  platform: string,
  connect: (signal: AbortSignal) => Promise<void>,
  options: ConnectOptions,
): Promise<void> {
  const { timeoutMs, firstBackoffMs = 1000, maxBackoffMs = 30_000, signal, logger } = options;
  for (let attempt = 1; ; attempt += 1) {
    if (signal.aborted) throw new StartAborted();
    logger.info({ platform, attempt, timeoutMs }, 'platform connecting');
    const failure = await attemptOnce(connect, timeoutMs, signal);
    if (failure === undefined) return;
    if (signal.aborted) throw new StartAborted();
    if (hasCode(failure.error, ErrorCode.Config)) throw failure.error;
    const retryInMs = Math.min(maxBackoffMs, firstBackoffMs * 2 ** (attempt - 1));
    logger.warn(
      { platform, attempt, timedOut: failure.timedOut, err: messageOf(failure.error), retryInMs },
      'platform could not connect; retrying',
    );
    await sleep(retryInMs, signal);
  }
}

async function attemptOnce(
  connect: (signal: AbortSignal) => Promise<void>,
  timeoutMs: number,
  outer: AbortSignal,
): Promise<{ error: unknown; timedOut: boolean } | undefined> {
  const controller = new AbortController();
  const onOuter = (): void => controller.abort();
  outer.addEventListener('abort', onOuter, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // A connect that ignores its signal still loses the race, so a hung call cannot hold start-up.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), {
      once: true,
    }),
  );
  try {
    await Promise.race([connect(controller.signal), aborted]);
    return undefined;
  } catch (error) {
    return { error, timedOut };
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onOuter);
    controller.abort();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
