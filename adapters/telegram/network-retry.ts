import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../../src/index.js';

// A request that failed on the network may or may not have reached Telegram. Repeating a send whose
// response was lost would show the user the same message twice, so sends are repeated only when the
// connection was never made; reads and registrations, which are safe to repeat, get a few tries. Every
// retry is logged, and the whole is bounded in count and time so a webhook request is never held for long.

/** At most this many extra tries per call. */
export const NETWORK_RETRIES = 2;
/** No retry starts after this long since the first try. */
export const NETWORK_RETRY_BUDGET_MS = 8_000;
const PAUSE_MS = [250, 1000];

// Methods whose repetition shows the user something twice.
const SENDS = /^(send|copy|forward)/;
// Errors that mean no connection was made, so nothing reached Telegram.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** A grammY API transformer that retries network errors within {@link NETWORK_RETRIES} and {@link NETWORK_RETRY_BUDGET_MS}. */
export function networkRetry(logger: Pick<Logger, 'warn'>, now: () => number = Date.now): Transformer {
  return async (prev, method, payload, signal) => {
    const started = now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const code = causeCode(error);
        const retry =
          error instanceof HttpError &&
          signal?.aborted !== true &&
          attempt <= NETWORK_RETRIES &&
          now() - started < NETWORK_RETRY_BUDGET_MS &&
          (!SENDS.test(method) || (code !== undefined && NOT_SENT.has(code)));
        if (!retry) {
          if (error instanceof HttpError && SENDS.test(method))
            logger.warn({ method, code, attempt }, 'telegram send failed on the network; not repeated');
          throw error;
        }
        logger.warn({ method, code, attempt }, 'telegram request failed on the network; retrying');
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS[attempt - 1] ?? 1000));
      }
    }
  };
}

/** True when a failed call may still have reached Telegram: a network failure after the connection was made. */
export function mayHaveReached(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  const code = causeCode(error);
  return code === undefined || !NOT_SENT.has(code);
}

function causeCode(error: unknown): string | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const inner = error.error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = inner?.code ?? inner?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
