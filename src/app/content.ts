import { catalogError, checkCatalogs, type NamedSpec } from '../core/catalog.js';
import { actionRegistry } from '../coach/index.js';
import { ENGINE_MESSAGES } from '../engine/messages.js';
import { loadFlows } from '../flow/loader.js';
import type { FlowRegistry } from '../flow/schema.js';
import { createSafety, SAFETY_MESSAGES } from '../safety/index.js';

// Every part of Steady that says something declares its messages; this is the one list of them, so start-up
// and `npm run flows:check` refuse a catalog key that is missing, unused or filled with other placeholders.

/** The message specs of every part of Steady, one per catalog namespace. */
export const MESSAGE_SPECS: readonly NamedSpec[] = [ENGINE_MESSAGES, SAFETY_MESSAGES];

/** Loads, lints and checks everything in the flows directory against the code; throws on any problem. */
export async function loadContent(dir: string): Promise<FlowRegistry> {
  const registry = await loadFlows(dir, new Set(actionRegistry.keys()));
  const problems = checkCatalogs(MESSAGE_SPECS, registry.catalogs);
  if (problems.length > 0) throw catalogError(problems);
  // The safety layer checks its rules, language and support lines as it is built; a broken file stops here too.
  createSafety(registry);
  return registry;
}
