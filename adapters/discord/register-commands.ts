import type { RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { ErrorCode, SteadyError, type Config } from '../../src/index.js';

// `npm run discord:commands` (src/cli/discord-commands.ts) registers the slash commands once, never on every boot (Discord rate-limits
// command writes, and a bulk overwrite from every restarting process would churn them for nothing).

const DEFAULT_API = 'https://discord.com/api';

/** What {@link registerCommands} did. */
export interface Registered {
  scope: 'guild' | 'global';
  /** Names of the top-level commands Discord now holds. */
  names: string[];
}

/** What {@link registerCommands} sends, and through what. */
export interface RegisterOptions {
  commands: RESTPutAPIApplicationCommandsJSONBody;
  fetch?: typeof fetch;
}

/**
 * Overwrites the application's commands in bulk (PUT): in the server `DISCORD_GUILD_ID` when it is set
 * (instant, good for trying things out), globally otherwise.
 * @throws SteadyError(ErrorCode.Config) when a setting is missing or Discord refuses the request.
 */
export async function registerCommands(config: Config, options: RegisterOptions): Promise<Registered> {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: app, DISCORD_GUILD_ID: guild } = config;
  if (token === undefined || app === undefined) {
    throw new SteadyError(
      ErrorCode.Config,
      'set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Discord Developer Portal → your app) to register commands.',
    );
  }
  const api = (config.DISCORD_API_URL ?? DEFAULT_API).replace(/\/+$/, '');
  const path = guild === undefined ? `/applications/${app}/commands` : `/applications/${app}/guilds/${guild}/commands`;
  const response = await (options.fetch ?? fetch)(`${api}/v10${path}`, {
    method: 'PUT',
    headers: {
      authorization: `Bot ${token}`,
      'content-type': 'application/json',
      'user-agent': 'DiscordBot (steady, 0.1.0)',
    },
    body: JSON.stringify(options.commands),
  });
  if (!response.ok) throw refused(response.status, await response.text());
  const saved = (await response.json()) as unknown;
  const names = Array.isArray(saved) ? saved.map((command: { name?: unknown }) => String(command.name)) : [];
  return { scope: guild === undefined ? 'global' : 'guild', names };
}

function refused(status: number, text: string): SteadyError {
  let detail = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    detail = `code ${String(body.code)}: ${String(body.message)}`;
  } catch {
    // not Discord's JSON error shape: show the start of the body as it is
  }
  const hint =
    status === 401
      ? 'check DISCORD_TOKEN (Bot page → Reset Token)'
      : status === 403
        ? 'invite the bot to that server with the applications.commands scope, or check DISCORD_GUILD_ID'
        : status === 404
          ? 'check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID'
          : 'check the command definitions and try again';
  return new SteadyError(ErrorCode.Config, `Discord refused the commands (HTTP ${status}, ${detail}); ${hint}.`);
}
