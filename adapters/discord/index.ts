import { ErrorCode, SteadyError } from '../../src/errors.js';
import type { AdapterFactory } from '../shared/deps.js';

// PLACEHOLDER until the Discord adapter lands: refuses to start rather than pretend.
/** Builds the Discord adapter when `DISCORD_TOKEN` is set. */
export const discordAdapter: AdapterFactory = (deps) => {
  if (deps.config.DISCORD_TOKEN === undefined) return undefined;
  throw new SteadyError(ErrorCode.Config, 'Discord support is not built yet; unset DISCORD_TOKEN.');
};
