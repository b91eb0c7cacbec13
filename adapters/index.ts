import type { Adapter } from '../src/engine/types.js';
import { discordAdapter } from './discord/index.js';
import type { AdapterDeps, AdapterFactory } from './shared/deps.js';
import { slackAdapter } from './slack/index.js';
import { telegramAdapter } from './telegram/index.js';

const FACTORIES: readonly AdapterFactory[] = [telegramAdapter, discordAdapter, slackAdapter];

/** Every platform adapter whose settings are present; several can run in one process. */
export function platformAdapters(deps: AdapterDeps): Adapter[] {
  return FACTORIES.map((factory) => factory(deps)).filter((adapter) => adapter !== undefined);
}
