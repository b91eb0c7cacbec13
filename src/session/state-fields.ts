import { isHistoryList, type Json, type JsonRecord, type SessionState } from '../core/state.js';

// A user's histories (check-ins, moods, journal, past assessments...) are the lists in `profile` and
// `stats`; they make up nearly all of a long-standing user's state, yet most turns change none of them.
// Stored as hash fields of their own, a turn rewrites only the lists it changed.
const PARTS = { p: 'profile', s: 'stats' } as const;
type Prefix = keyof typeof PARTS;

/** Hash field names of the lists: `p:<key>` for a profile list, `s:<key>` for a stats list. */
const LIST_FIELD = /^([ps]):(.+)$/;

/** A state taken apart for storage: everything but the lists, and each list by its field name. */
export interface StateFields {
  core: SessionState;
  lists: Map<string, Json[]>;
}

/** Takes the lists out of `profile` and `stats`; the rest stays in `core`. */
export function splitState(state: SessionState): StateFields {
  const lists = new Map<string, Json[]>();
  const core = { ...state };
  for (const prefix of Object.keys(PARTS) as Prefix[]) {
    const part = PARTS[prefix];
    const kept: JsonRecord = {};
    for (const [key, value] of Object.entries(state[part])) {
      if (Array.isArray(value)) lists.set(`${prefix}:${key}`, value);
      else kept[key] = value;
    }
    core[part] = kept;
  }
  return { core, lists };
}

/** True when `field` names a list field (so a reader knows which fields to put back). */
export function isListField(field: string): boolean {
  return LIST_FIELD.test(field);
}

/** The list of `state` that `field` names, or undefined when the state has none there. */
export function listOf(state: SessionState, field: string): Json | undefined {
  const [, prefix, key] = LIST_FIELD.exec(field) ?? [];
  if (prefix === undefined || key === undefined) return undefined;
  return state[PARTS[prefix as Prefix]][key];
}

/**
 * Puts decoded lists back into a decoded core (both still unchecked JSON); the result is checked as a
 * whole afterwards. A core that is not an object comes back as it is, for the check to refuse.
 */
export function joinState(core: unknown, lists: ReadonlyMap<string, unknown>): unknown {
  if (typeof core !== 'object' || core === null || lists.size === 0) return core;
  const joined: Record<string, unknown> = { ...(core as Record<string, unknown>) };
  for (const [field, value] of lists) {
    const [, prefix, key] = LIST_FIELD.exec(field) ?? [];
    if (prefix === undefined || key === undefined) continue;
    const part = PARTS[prefix as Prefix];
    const current = joined[part];
    joined[part] = { ...(typeof current === 'object' && current !== null ? current : {}), [key]: value };
  }
  return joined;
}

/** True when `field` names one of the history lists (core/state.ts HISTORY_LISTS), kept apart from the state. */
export function isHistoryField(field: string): boolean {
  const [, prefix, key] = LIST_FIELD.exec(field) ?? [];
  return prefix !== undefined && key !== undefined && isHistoryList(PARTS[prefix as Prefix], key);
}

// A chunk of history is named by its list's field and the revision whose commit appended it, so chunks
// sort in the order they were written and no two commits can name the same chunk.
const CHUNK_FIELD = /^([ps]:.+)@(\d+)$/;

/** The history hash field for the entries of `field` appended by the commit that makes revision `rev`. */
export function chunkField(field: string, rev: number): string {
  return `${field}@${rev}`;
}

/** The list field and revision a history chunk field names, or undefined for any other field. */
export function parseChunkField(name: string): { field: string; rev: number } | undefined {
  const [, field, rev] = CHUNK_FIELD.exec(name) ?? [];
  return field === undefined || rev === undefined ? undefined : { field, rev: Number(rev) };
}
