import type { ActionFn } from '../../../src/engine/actions.js';
import { scopeOf, writePath } from '../../../src/core/vars.js';
import { createState, type JsonRecord, type SessionState } from '../../../src/core/state.js';
import { resourcesText } from '../../support/actions.js';

/** A state with the given records, as a user who finished onboarding would have. */
export function stateWith(parts: Partial<Pick<SessionState, 'profile' | 'settings' | 'stats'>> = {}): SessionState {
  return { ...createState(), ...parts };
}

/** What running one action left behind: the state, the journey's vars, and what it said. */
export interface Ran {
  state: SessionState;
  vars: JsonRecord;
  say: string[];
}

/** Runs `action` and applies its `set` the way the engine does, so several actions can be chained. */
export function run(
  action: ActionFn,
  state: SessionState,
  options: { now: number; vars?: JsonRecord; args?: JsonRecord },
): Ran {
  const vars = options.vars ?? {};
  const result = action({ state, vars, args: options.args ?? {}, now: options.now, resourcesText });
  let scope = { ...scopeOf(state), vars: { ...vars } };
  for (const [path, value] of Object.entries(result.set ?? {})) scope = writePath(scope, path, value);
  const { vars: nextVars, ...records } = scope;
  return { state: { ...state, ...records }, vars: nextVars, say: result.say ?? [] };
}

/** Epoch ms of an ISO time, for readable test clocks. */
export const at = (iso: string): number => Date.parse(iso);

/** One day in milliseconds. */
export const DAY = 86_400_000;
