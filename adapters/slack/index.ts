import { ErrorCode, SteadyError } from '../../src/errors.js';
import type { AdapterFactory } from '../shared/deps.js';

// PLACEHOLDER until the Slack adapter lands: refuses to start rather than pretend.
/** Builds the Slack adapter when `SLACK_BOT_TOKEN` is set. */
export const slackAdapter: AdapterFactory = (deps) => {
  if (deps.config.SLACK_BOT_TOKEN === undefined && deps.config.SLACK_APP_TOKEN === undefined) return undefined;
  throw new SteadyError(ErrorCode.Config, 'Slack support is not built yet; unset SLACK_BOT_TOKEN.');
};
