import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from '../core/config.js';

/** The structured logger used everywhere; never carries message text or raw ids. */
export type { Logger } from 'pino';

// Anything a user typed, a raw platform id or a credential, at the top level or nested up to three deep.
const SENSITIVE_KEYS = ['text', 'userId', 'secret', 'token'] as const;
const REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/**
 * Creates the process logger, writing JSON lines to stderr so stdout stays the terminal chat.
 * @param destination Where to write instead of stderr (tests).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'steady',
      level: config.LOG_LEVEL,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    // Synchronous writes to fd 2: the lines before a process.exit() are not lost.
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
