import type { Logger } from './logger.js';

// A connection that is down fails every second or so until it is back; one line when it goes (no stack, no
// payload) and one when it returns, with how many errors it took, say all an operator needs.

/** Logs a connection's errors once per outage, and its recovery with the count. */
export interface OutageLog {
  /** Counts an error; the first of an outage is logged. */
  error(error: unknown): void;
  /** The connection works again: logs the outage's count, if there was one. */
  recovered(): void;
  /** Errors in the current outage (0 while all is well). */
  readonly count: number;
}

/** An {@link OutageLog} for the connection called `name` (e.g. `redis`, `send queue`). */
export function createOutageLog(logger: Pick<Logger, 'warn' | 'info'>, name: string): OutageLog {
  let count = 0;
  return {
    error(error) {
      count += 1;
      if (count === 1)
        logger.warn({ connection: name, error: brief(error) }, 'connection lost; logged once until it is back');
    },
    recovered() {
      if (count === 0) return;
      logger.info({ connection: name, errors: count }, 'connection back');
      count = 0;
    },
    get count() {
      return count;
    },
  };
}

// Only the code and message: a stack names server paths and says nothing about the outage.
function brief(error: unknown): { code?: string; message: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
