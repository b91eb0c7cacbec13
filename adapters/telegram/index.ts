import { ErrorCode, SteadyError } from '../../src/errors.js';
import type { AdapterFactory } from '../shared/deps.js';

// PLACEHOLDER until the Telegram adapter lands: refuses to start rather than pretend.
/** Builds the Telegram adapter when `TELEGRAM_BOT_TOKEN` is set. */
export const telegramAdapter: AdapterFactory = (deps) => {
  if (deps.config.TELEGRAM_BOT_TOKEN === undefined) return undefined;
  throw new SteadyError(ErrorCode.Config, 'Telegram support is not built yet; unset TELEGRAM_BOT_TOKEN.');
};
