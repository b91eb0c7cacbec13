import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
} from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ErrorCode, SteadyError, type CommandEntry } from '../../src/index.js';
import type { DiscordTexts } from './texts.js';
import { ROOT_COMMAND } from './to-inbound.js';
import { ADMIN_COMMAND } from './community.js';

/** Discord's limits on a command: 25 subcommands, names of 1-32 lower-case word characters, descriptions ≤ 100. */
/** The group under `/steady` the settings commands live in (`/steady settings discreet`), so all fit in 25 options. */
export const SETTINGS_GROUP = 'settings';
const SETTINGS_COMMANDS: ReadonlySet<string> = new Set([
  'settime',
  'quiet',
  'pause',
  'resume',
  'stop',
  'discreet',
  'country',
]);
const MAX_SUBCOMMANDS = 25;
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** One subcommand: a user command and what it does. */
export interface Subcommand {
  name: string;
  description: string;
}

/**
 * The subcommands of `/steady`, one per user command (`commandList`: start, menu, help and cancel, then
 * every flow that declares a `command`), so a new journey appears after the next `npm run discord:commands`.
 */
export function subcommandsOf(commands: readonly CommandEntry[]): Subcommand[] {
  const list = commands.map((c) => ({ name: c.command, description: c.description.slice(0, 100) }));
  const bad = list.filter((sub) => !NAME.test(sub.name)).map((sub) => `'${sub.name}'`);
  if (bad.length > 0) {
    throw new SteadyError(
      ErrorCode.Config,
      `Discord command names must be 1-32 lower-case letters, digits, - or _; rename the flow command ${bad.join(', ')}.`,
    );
  }
  const flat = list.filter((sub) => !SETTINGS_COMMANDS.has(sub.name)).length;
  const options = flat + (flat < list.length ? 1 : 0);
  if (options > MAX_SUBCOMMANDS) {
    throw new SteadyError(
      ErrorCode.Config,
      `Discord allows ${MAX_SUBCOMMANDS} options under /steady but the flows need ${options} (${flat} commands, and the settings group); drop some flow commands or move some into the settings group.`,
    );
  }
  return list;
}

/**
 * The body of the bulk overwrite: one `/steady` command with a subcommand per user command, usable in
 * servers, in DMs with the bot, and (installed to a user's account) in their other DMs and group chats. One namespaced command keeps a community server's command list tidy
 * and never collides with other bots' `/start` or `/help`.
 */
export function commandDefinitions(
  subcommands: readonly Subcommand[],
  texts: DiscordTexts,
  community = false,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    ...(community ? [adminCommand(texts)] : []),
    {
      type: ApplicationCommandType.ChatInput,
      name: ROOT_COMMAND,
      description: texts.text('commandDescription'),
      options: [
        ...subcommands.filter((sub) => !SETTINGS_COMMANDS.has(sub.name)).map(subcommand),
        ...settingsGroup(subcommands, texts),
      ],
      // Installed to a server, or by a person to their own account (a user install), so someone can use Steady
      // in their DMs without sharing a server with it; in another DM or group chat it answers them alone.
      integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
      dm_permission: true,
    },
  ];
}

function subcommand(sub: Subcommand) {
  return { type: ApplicationCommandOptionType.Subcommand as const, name: sub.name, description: sub.description };
}

// The settings commands as one group, when the flows declare any.
function settingsGroup(subcommands: readonly Subcommand[], texts: DiscordTexts) {
  const grouped = subcommands.filter((sub) => SETTINGS_COMMANDS.has(sub.name)).map(subcommand);
  if (grouped.length === 0) return [];
  return [
    {
      type: ApplicationCommandOptionType.SubcommandGroup as const,
      name: SETTINGS_GROUP,
      description: texts.text('settingsGroup'),
      options: grouped,
    },
  ];
}

// Channel options of the admin command take text channels only.
const TEXT_CHANNEL = 0;
// Manage Server: Discord shows the command only to members who have it (and admins may change that).
const MANAGE_GUILD = String(1 << 5);

/** `/steady-admin`: the community settings of a server (`DISCORD_COMMUNITY=on`), for its admins only. */
export function adminCommand(texts: DiscordTexts): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const channel = (required: boolean) => ({
    type: ApplicationCommandOptionType.Channel as const,
    name: 'channel',
    description: texts.text('adminChannel'),
    channel_types: [TEXT_CHANNEL],
    required,
  });
  return {
    type: ApplicationCommandType.ChatInput,
    name: ADMIN_COMMAND,
    description: texts.text('adminDescription'),
    default_member_permissions: MANAGE_GUILD,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'watch',
        description: texts.text('adminWatch'),
        options: [
          channel(true),
          { type: ApplicationCommandOptionType.Boolean, name: 'on', description: texts.text('adminOn') },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'reflection',
        description: texts.text('adminReflection'),
        options: [
          channel(true),
          { type: ApplicationCommandOptionType.Boolean, name: 'on', description: texts.text('adminOn') },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'alerts',
        description: texts.text('adminAlerts'),
        options: [channel(true)],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: texts.text('adminStatus') },
    ],
  };
}
