import { CONSOLE_MESSAGES } from '../../adapters/console/texts.js';
import { DISCORD_MESSAGES } from '../../adapters/discord/texts.js';
import { SLACK_MESSAGES } from '../../adapters/slack/texts.js';
import { TELEGRAM_MESSAGES } from '../../adapters/telegram/texts.js';
import { catalogError, checkCatalogs, type NamedSpec } from '../core/catalog.js';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { ACTION_NAMES, createActions } from '../coach/index.js';
import type { ActionRegistry } from '../engine/actions.js';
import { COMMAND_MESSAGES } from '../engine/commands.js';
import { ENGINE_MESSAGES } from '../engine/messages.js';
import { requestTable } from '../engine/requests.js';
import { loadFlows } from '../flow/loader.js';
import type { FlowRegistry } from '../flow/schema.js';
import { createSafety, SAFETY_MESSAGES, type Safety } from '../safety/index.js';

// Every part of Steady that says something declares its messages; this is the one list of them, so start-up
// and `npm run flows:check` refuse a catalog key that is missing, unused or filled with other placeholders.

/** The message specs of every part of Steady, one per catalog namespace. */
export const MESSAGE_SPECS: readonly NamedSpec[] = [
  ENGINE_MESSAGES,
  COMMAND_MESSAGES,
  TELEGRAM_MESSAGES,
  DISCORD_MESSAGES,
  SLACK_MESSAGES,
  CONSOLE_MESSAGES,
  SAFETY_MESSAGES,
];

/** What start-up builds from the flows directory: the flows with their catalogs and data, and the named actions. */
export interface Content {
  registry: FlowRegistry;
  actions: ActionRegistry;
  /** The safety layer, built (and so checked) once here and handed to the engine. */
  safety: Safety;
}

/**
 * Loads, lints and checks everything in the flows directory against the code, then builds the actions over
 * their data files; throws on any problem.
 */
export async function loadContent(dir: string): Promise<Content> {
  const registry = await loadFlows(dir, new Set(ACTION_NAMES));
  const problems = checkCatalogs(MESSAGE_SPECS, registry.catalogs);
  if (problems.length > 0) throw catalogError(problems);
  // The safety layer checks its rules, language and support lines as it is built; a broken file stops here too.
  const safety = createSafety(registry);
  // The request table is checked here too, so a broken one stops start-up rather than a user's turn.
  requestTable(registry);
  return { registry, actions: createActions(registry), safety };
}

/**
 * Refuses a deployment country (`STEADY_COUNTRY`) that has no support lines, instead of quietly showing the
 * international directories to everyone; `international` is always accepted.
 */
export function checkCountry(safety: Safety, country: string): void {
  if (country === 'international' || safety.knowsCountry(country)) return;
  throw new SteadyError(
    ErrorCode.Config,
    `STEADY_COUNTRY '${country}' has no support lines in flows/locales/en/data/support-lines.yaml; set it to one of the countries listed there, or to international.`,
  );
}
