import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { DataCrypto } from './crypto.js';
import type { KnownState } from './known-states.js';
import { parseState, type SessionState } from '../core/state.js';
import { isListField, joinState, listOf, splitState } from './state-fields.js';

// How a user's state sits in its Redis hash: `rev`, `data` (the state without its lists, encrypted) and
// one encrypted field per list. Each field's ciphertext is bound to the key and the field name, so a
// field copied to another user or another field does not decrypt. A hash holding the whole state in
// `data` (as written before lists had fields of their own) reads the same way.

const Rev = z.string().regex(/^\d+$/);
const StoredState = z.looseObject({ v: z.number().int() });

/** What a commit writes: the fields to set (always `data`), the fields to delete, and whether the hash is replaced. */
export interface StateWrite {
  whole: boolean;
  set: [string, string][];
  deleted: string[];
  /** What the hash holds once the write is committed at `rev`. */
  known(rev: number): KnownState;
}

/** The state stored in `hash` (an HGETALL reply) under `key`; undefined when there is none. */
export function decodeHash(hash: Record<string, string>, key: string, crypto: DataCrypto): KnownState | undefined {
  const { rev, data, ...others } = hash;
  if (rev === undefined && data === undefined) return undefined;
  if (rev === undefined || data === undefined) throw corrupt(key, 'it has only one of the fields rev and data');
  if (!Rev.safeParse(rev).success) throw corrupt(key, 'its rev field is not a whole number');
  const lists = new Map<string, unknown>();
  const fields = new Map<string, number>();
  for (const [field, blob] of Object.entries(others)) {
    // Fields this version does not know are left alone rather than read as part of the state.
    if (!isListField(field)) continue;
    lists.set(field, parseJson(crypto.decrypt(blob, fieldAad(key, field)), key, field));
    fields.set(field, blob.length);
  }
  const raw = joinState(parseJson(crypto.decrypt(data, key), key, 'data'), lists);
  if (!StoredState.safeParse(raw).success) throw corrupt(key, 'the decrypted data has no state version');
  // parseState migrates older versions and salvages profile and flags from a damaged journey position.
  return { rev: Number(rev), data, state: parseState(raw), fields };
}

/**
 * Encodes `state` for a commit. With `base` (the hash as the turn read it), lists that are the very same
 * objects as in `base` and already have fields of their own are left as stored; without it, the hash is
 * written whole.
 */
export function encodeWrite(
  state: SessionState,
  key: string,
  crypto: DataCrypto,
  base: KnownState | undefined,
): StateWrite {
  const { core, lists } = splitState(state);
  const data = crypto.encrypt(JSON.stringify(core), key);
  const set: [string, string][] = [['data', data]];
  const fields = new Map<string, number>();
  for (const [field, list] of lists) {
    const stored = base?.fields.get(field);
    if (stored !== undefined && base !== undefined && listOf(base.state, field) === list) {
      fields.set(field, stored);
      continue;
    }
    const blob = crypto.encrypt(JSON.stringify(list), fieldAad(key, field));
    set.push([field, blob]);
    fields.set(field, blob.length);
  }
  const deleted = base === undefined ? [] : [...base.fields.keys()].filter((field) => !lists.has(field));
  return { whole: base === undefined, set, deleted, known: (rev) => ({ rev, data, state, fields }) };
}

function fieldAad(key: string, field: string): string {
  return `${key}#${field}`;
}

function parseJson(plain: string, key: string, field: string): unknown {
  try {
    return JSON.parse(plain);
  } catch {
    throw corrupt(key, `the decrypted field '${field}' is not JSON`);
  }
}

/** The error for a stored hash that cannot be read. */
export function corrupt(key: string, why: string): SteadyError {
  return new SteadyError(ErrorCode.StoreCorrupt, `The state stored under '${key}' cannot be read: ${why}.`);
}
