import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/index.js';

/**
 * Bolt's and the Web API client's log lines, through Steady's logger. Debug and info are dropped:
 * at those levels Bolt writes whole request bodies, which hold what users typed. Of warnings and errors
 * only the message strings are kept, cut short, never the objects passed along with them.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ platform: 'slack', from: 'bolt' });
  const line = (parts: unknown[]): string =>
    parts
      .filter((part): part is string => typeof part === 'string')
      .join(' ')
      .slice(0, 300);
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}
