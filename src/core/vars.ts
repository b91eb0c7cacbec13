import type { Json, JsonRecord, SessionState } from './state.js';

/** The variables one step can see: the state's records plus the current journey's `vars`. */
export interface Scope {
  vars: JsonRecord;
  profile: JsonRecord;
  settings: JsonRecord;
  stats: JsonRecord;
  flags: JsonRecord;
}

/** Builds the scope of a state, with `vars` from the current journey (or empty when idle). */
export function scopeOf(state: SessionState): Scope {
  return {
    vars: state.flow?.vars ?? {},
    profile: state.profile,
    settings: state.settings,
    stats: state.stats,
    flags: state.flags,
  };
}

/** Reads `profile.living`-style paths (a number indexes a list: `profile.assessments.0`); undefined when any part is missing. */
export function readPath(scope: Scope, path: string): Json | undefined {
  const [root, ...rest] = path.split('.');
  let value: Json | undefined = scope[root as keyof Scope];
  for (const part of rest) {
    if (Array.isArray(value)) value = /^\d+$/.test(part) ? value[Number(part)] : undefined;
    else if (value !== null && typeof value === 'object') value = value[part];
    else return undefined;
  }
  return value;
}

/**
 * Returns a copy of `scope` with `path` set; the records along the path are copied, never mutated,
 * so a state handed to `advance` stays untouched.
 */
export function writePath(scope: Scope, path: string, value: Json): Scope {
  const [root, ...rest] = path.split('.') as [keyof Scope, ...string[]];
  return { ...scope, [root]: writeInto(scope[root], rest, value) };
}

function writeInto(record: JsonRecord, parts: string[], value: Json): JsonRecord {
  const [head, ...tail] = parts;
  if (head === undefined) return record;
  if (tail.length === 0) return { ...record, [head]: value };
  const child = record[head];
  const childRecord = child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {};
  return { ...record, [head]: writeInto(childRecord, tail, value) };
}

/** Adds `amount` to a numeric path (a missing or non-numeric value counts as 0). */
export function addToPath(scope: Scope, path: string, amount: number): Scope {
  const current = readPath(scope, path);
  return writePath(scope, path, (typeof current === 'number' ? current : 0) + amount);
}

/** Puts a scope back into a state: records replace the state's, `vars` go to the current journey. */
export function withScope(state: SessionState, scope: Scope): SessionState {
  const { vars, ...records } = scope;
  const flow = state.flow ? { ...state.flow, vars } : undefined;
  const next: SessionState = { ...state, ...records };
  if (flow) next.flow = flow;
  return next;
}
