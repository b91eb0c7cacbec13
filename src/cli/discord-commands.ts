import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandDefinitions, subcommandsOf } from '../../adapters/discord/commands.js';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { DISCORD_MESSAGES } from '../../adapters/discord/texts.js';
import { loadContent } from '../app/content.js';
import { bindTexts } from '../core/catalog.js';
import { loadConfig } from '../core/config.js';
import { commandList } from '../engine/commands.js';

// `npm run discord:commands`: the thin shell that loads the flows and registers `/steady` once.

/** Loads config and flows, registers `/steady`, and says where. */
export async function main(): Promise<void> {
  const config = loadConfig();
  const { registry } = await loadContent(config.FLOWS_DIR);
  const subcommands = subcommandsOf(commandList(registry));
  const texts = bindTexts(DISCORD_MESSAGES, registry.catalogs);
  const community = config.DISCORD_COMMUNITY === 'on';
  const result = await registerCommands(config, { commands: commandDefinitions(subcommands, texts, community) });
  const where =
    result.scope === 'guild'
      ? 'in the server DISCORD_GUILD_ID; members can use them right away'
      : 'globally, for every server the bot is in and for DMs; Discord may take a few minutes to show them';
  process.stdout.write(`Registered /${result.names.join(', /')} with ${subcommands.length} subcommands ${where}.\n`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Could not register the Discord commands: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
