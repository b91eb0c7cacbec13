import { ErrorCode, SteadyError, type CommandEntry } from '../../src/index.js';

/** Telegram's limits on `setMyCommands`: names of 1-32 lower-case letters, digits or _, descriptions of 1-256 characters, 100 commands. */
export const COMMAND_LIMITS = { name: /^[a-z0-9_]{1,32}$/, description: 256, commands: 100 } as const;

/** One entry of the command menu, in the Bot API's shape. */
export interface BotCommand {
  command: string;
  description: string;
}

/**
 * The command menu Telegram shows next to the text field, from Steady's command list in its order; a
 * description too long is cut, a name or a count Telegram would refuse stops start-up with what to change.
 */
export function botCommands(commands: readonly CommandEntry[]): BotCommand[] {
  const bad = commands.filter((c) => !COMMAND_LIMITS.name.test(c.command)).map((c) => `'${c.command}'`);
  if (bad.length > 0) {
    throw new SteadyError(
      ErrorCode.Config,
      `Telegram command names must be 1-32 lower-case letters, digits or _; rename the flow command ${bad.join(', ')}.`,
    );
  }
  const blank = commands.filter((c) => c.description.trim() === '').map((c) => `'${c.command}'`);
  if (blank.length > 0) {
    throw new SteadyError(
      ErrorCode.Config,
      `Telegram needs a description for every command; give the flow of ${blank.join(', ')} a description.`,
    );
  }
  if (commands.length > COMMAND_LIMITS.commands) {
    throw new SteadyError(
      ErrorCode.Config,
      `Telegram allows ${COMMAND_LIMITS.commands} commands but Steady has ${commands.length}; drop some flow commands.`,
    );
  }
  return commands.map((c) => ({ command: c.command, description: cut(c.description, COMMAND_LIMITS.description) }));
}

// Never leaves half a surrogate pair behind, which Telegram would refuse.
function cut(text: string, max: number): string {
  const part = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(part) ? part.slice(0, -1) : part;
}
