import { bindTexts, defineMessages, type Catalogs } from '../core/catalog.js';
import { BUILTIN_COMMANDS } from '../core/types.js';
import type { Flow } from '../flow/schema.js';

// The one list of what a user can type: `/help`, Discord's subcommands, Telegram's command menu and Slack's
// usage hint are all built from it, so a flow that declares a `command` appears everywhere at once.

/** How menus describe the commands the engine answers itself (flows/locales/en/commands.yaml), in menu order. */
export const COMMAND_MESSAGES = defineMessages('commands', {
  start: [],
  menu: [],
  help: [],
  cancel: [],
} satisfies Record<(typeof BUILTIN_COMMANDS)[number], readonly []>);

/** One command a user can type (without the slash) and the line that says what it does. */
export interface CommandEntry {
  command: string;
  description: string;
}

/** The commands the flows declare, in flow order, each described by its `description` or else its title. */
export function flowCommands(flows: Iterable<Flow>): CommandEntry[] {
  const list: CommandEntry[] = [];
  for (const flow of flows) {
    if (flow.command !== undefined) list.push({ command: flow.command, description: flow.description ?? flow.title });
  }
  return list;
}

/**
 * Every user command: start, menu, help and cancel first (described by their catalog), then each flow's,
 * a flow never shadowing a built-in. Throws a Catalog error when the commands catalog does not match.
 */
export function commandList(content: { flows: ReadonlyMap<string, Flow>; catalogs: Catalogs }): CommandEntry[] {
  const texts = bindTexts(COMMAND_MESSAGES, content.catalogs);
  const builtins = BUILTIN_COMMANDS.map((command) => ({ command, description: texts.text(command) }));
  // The linter refuses a flow that claims a built-in; a registry built without it still lists each once.
  const taken = new Set<string>(BUILTIN_COMMANDS);
  return [...builtins, ...flowCommands(content.flows.values()).filter((entry) => !taken.has(entry.command))];
}
