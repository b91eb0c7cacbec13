import type { Adapter, Config } from '../src/index.js';
import type { AdapterDeps, AdapterFactory } from './shared/deps.js';

/** A platform: whether the config asks for it, and its adapter factory, loaded only then. */
interface Platform {
  wanted(config: Config): boolean;
  load(): Promise<AdapterFactory>;
}

// Each platform SDK takes a few hundred ms and some tens of MB to import, so only configured ones are.
const PLATFORMS: readonly Platform[] = [
  {
    wanted: (c) => c.TELEGRAM_BOT_TOKEN !== undefined,
    load: async () => (await import('./telegram/index.js')).telegramAdapter,
  },
  {
    wanted: (c) => c.DISCORD_TOKEN !== undefined,
    load: async () => (await import('./discord/index.js')).discordAdapter,
  },
  {
    // One workspace (a bot token), or several that install the app themselves (a client id).
    wanted: (c) => c.SLACK_BOT_TOKEN !== undefined || c.SLACK_CLIENT_ID !== undefined,
    load: async () => (await import('./slack/index.js')).slackAdapter,
  },
];

/** Every platform adapter whose settings are present; several can run in one process. */
export async function platformAdapters(deps: AdapterDeps): Promise<Adapter[]> {
  const factories = await Promise.all(
    PLATFORMS.filter((platform) => platform.wanted(deps.config)).map((platform) => platform.load()),
  );
  return factories.map((factory) => factory(deps)).filter((adapter) => adapter !== undefined);
}
