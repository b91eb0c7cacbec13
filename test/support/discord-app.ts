import { inject } from 'vitest';
import type { DiscordFake } from '../fakes/discord-fake.js';
import { appSecret, startApp, type AppProcess } from './app-process.js';

/** Starts the real entry point against the local Discord `fake` and the test Redis, with `env` on top. */
export function startDiscordApp(fake: DiscordFake, env: Record<string, string> = {}): Promise<AppProcess> {
  return startApp({
    env: {
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      ...env,
    },
  });
}
