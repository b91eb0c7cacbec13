import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import type { Program } from '../../src/engine/advance.js';
import { loadFlows } from '../../src/flow/loader.js';

/** The real flows/ and the coach's actions, as Steady runs them. */
export async function realProgram(): Promise<Pick<Program, 'registry' | 'actions'>> {
  const registry = await loadFlows('flows', new Set(ACTION_NAMES));
  return { registry, actions: createActions(registry) };
}
