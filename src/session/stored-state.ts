import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { DataCrypto } from './crypto.js';
import type { KnownState } from './known-states.js';
import { parseState, withoutHistory, type Json, type JsonRecord, type SessionState } from '../core/state.js';
import { windowState } from '../core/recent.js';
import { pack, unpack } from './compress.js';
import { compactList, expandList } from './compact-lists.js';
import {
  isOutboxField,
  joinOutbox,
  outboxFieldName,
  outboxRepliesOf,
  splitOutbox,
  type OutboxReplies,
} from './outbox-fields.js';
import {
  chunkField,
  isHistoryField,
  isListField,
  joinState,
  listOf,
  parseChunkField,
  splitState,
} from './state-fields.js';

// How a user's state sits in Redis. The state hash holds `rev`, `data` (the state with its short lists) and
// one field per long list a turn reads, and one per scheduled delivery the sender has not taken yet
// (outbox-fields.ts); the history hash holds the history lists (core/state.ts HISTORY_LISTS)
// as chunks, one per commit that appended to them. Every value is compressed, then encrypted and bound
// to its key and field name, so a value copied to another user or another field does not decrypt. Values are
// raw bytes (crypto.ts `seal`), read and written as latin1 strings; text blobs of earlier versions read the same.
// Older layouts read the same way: a hash holding the whole state in `data`, or history lists as fields of
// the state hash (see `needsMigration`).

const Rev = z.string().regex(/^\d+$/);
const StoredState = z.looseObject({ v: z.number().int() });

/** What a commit writes: state hash fields to set (always `data`) and delete, history chunks to add. */
export interface StateWrite {
  /** The state hash is replaced rather than updated field by field. */
  whole: boolean;
  set: [string, string][];
  deleted: string[];
  history: [string, string][];
  /** What the state hash holds once the write is committed at `rev`. */
  known(rev: number): KnownState;
}

/** The state stored in `hash` (an HGETALL reply) under `key`; undefined when there is none. */
export function decodeHash(hash: Record<string, string>, key: string, crypto: DataCrypto): KnownState | undefined {
  const { rev, data, ...others } = hash;
  if (rev === undefined && data === undefined) return undefined;
  if (rev === undefined || data === undefined) throw corrupt(key, 'it has only one of the fields rev and data');
  if (!Rev.safeParse(rev).success) throw corrupt(key, 'its rev field is not a whole number');
  const lists = new Map<string, unknown>();
  const replies = new Map<string, unknown>();
  const fields = new Map<string, number>();
  for (const [field, blob] of Object.entries(others)) {
    // Fields this version does not know are left alone rather than read as part of the state.
    const into = isListField(field) ? lists : isOutboxField(field) ? replies : undefined;
    if (into === undefined) continue;
    into.set(field, open(crypto, blob, fieldAad(key, field), key, field));
    fields.set(field, blob.length);
  }
  const joined = joinState(expanded(open(crypto, data, key, key, 'data'), lists, key), lists);
  const raw = joinOutbox(joined, replies, outboxFieldName(crypto));
  if (!StoredState.safeParse(raw).success) throw corrupt(key, 'the decrypted data has no state version');
  // parseState migrates older versions and salvages profile and flags from a damaged journey position.
  return { rev: Number(rev), data, state: parseState(raw), fields };
}

/**
 * True when a decoded state hash still holds history lists (written before they moved to the history
 * hash) or entries older than the recent window (core/recent.ts): the store moves them with one commit
 * before any turn runs on it, so no turn can drop them.
 */
export function needsMigration(known: KnownState): boolean {
  if (windowState(known.state) !== known.state) return true;
  const { lists } = splitState(known.state);
  for (const [field, list] of lists) if (isHistoryField(field) && list.length > 0) return true;
  return false;
}

/**
 * Encodes `state` (cut to its recent window, core/recent.ts) for the commit that makes revision `rev + 1`. With `base` (the hash as the turn read it),
 * lists that are the very same objects as in `base` and already have fields of their own are left as
 * stored; without it, the state hash is written whole. Entries in history lists are appended to the
 * history hash as one chunk per list; the state hash never holds them.
 */
export function encodeWrite(
  state: SessionState,
  keys: { state: string; history: string },
  crypto: DataCrypto,
  base: KnownState | undefined,
  rev: number,
): StateWrite {
  const windowed = windowState(state);
  const outbox = splitOutbox(windowed, outboxFieldName(crypto));
  const { core, lists } = splitState(outbox.state);
  const set: [string, string][] = [];
  const history: [string, string][] = [];
  const fields = new Map<string, number>();
  const inline = new Map<string, Json[]>();
  const compacts: Record<string, string> = {};
  for (const [field, list] of lists) {
    if (isHistoryField(field) && list.length > 0) {
      const chunk = chunkField(field, rev + 1);
      history.push([chunk, seal(crypto, JSON.stringify(list), fieldAad(keys.history, chunk))]);
      continue;
    }
    const stored = base?.fields.get(field);
    if (stored !== undefined && base !== undefined && listOf(base.state, field) === list) {
      fields.set(field, stored);
      continue;
    }
    const compact = compactList(field, list);
    if (compact !== undefined && compact.length < OWN_FIELD_CHARS) {
      compacts[field] = compact;
      continue;
    }
    const json = JSON.stringify(list);
    if (json.length < OWN_FIELD_CHARS) {
      inline.set(field, list);
      continue;
    }
    const blob = seal(crypto, json, fieldAad(keys.state, field));
    set.push([field, blob]);
    fields.set(field, blob.length);
  }
  encodeOutbox(outbox.replies, { key: keys.state, crypto, base }, set, fields);
  const joined = joinState(core, inline) as JsonRecord;
  const data = seal(
    crypto,
    JSON.stringify(Object.keys(compacts).length > 0 ? { ...joined, [COMPACT]: compacts } : joined),
    keys.state,
  );
  set.unshift(['data', data]);
  const deleted = base === undefined ? [] : [...base.fields.keys()].filter((field) => !fields.has(field));
  const hot = withoutHistory(windowed);
  return { whole: base === undefined, set, deleted, history, known: (at) => ({ rev: at, data, state: hot, fields }) };
}

// Each outbox entry's replies in a field of their own, written once: a field already stored for the very
// same list (the state hash as the turn read it) is left as it is, and may meanwhile have been taken.
function encodeOutbox(
  outbox: readonly OutboxReplies[],
  at: { key: string; crypto: DataCrypto; base: KnownState | undefined },
  set: [string, string][],
  fields: Map<string, number>,
): void {
  for (const { field, replies } of outbox) {
    const stored = at.base?.fields.get(field);
    const same = at.base !== undefined && outboxRepliesOf(at.base.state, field, outboxFieldName(at.crypto)) === replies;
    if (stored !== undefined && same) {
      fields.set(field, stored);
      continue;
    }
    const blob = seal(at.crypto, JSON.stringify(replies), fieldAad(at.key, field));
    set.push([field, blob]);
    fields.set(field, blob.length);
  }
}

/** The history lists stored in `hash` (an HGETALL reply of the history hash), each in the order written. */
export function decodeHistory(hash: Record<string, string>, key: string, crypto: DataCrypto): Map<string, Json[]> {
  const chunks = Object.keys(hash)
    .map((name) => ({ name, parsed: parseChunkField(name) }))
    .filter((c): c is { name: string; parsed: { field: string; rev: number } } => c.parsed !== undefined)
    .sort((a, b) => a.parsed.rev - b.parsed.rev);
  const lists = new Map<string, Json[]>();
  for (const { name, parsed } of chunks) {
    const entries = open(crypto, hash[name] ?? '', fieldAad(key, name), key, name);
    if (!Array.isArray(entries)) throw corrupt(key, `the history chunk '${name}' is not a list`);
    lists.set(parsed.field, [...(lists.get(parsed.field) ?? []), ...(entries as Json[])]);
  }
  return lists;
}

/** `state` with the history lists put back in front of whatever the state itself holds of them. */
export function withHistory(state: SessionState, history: ReadonlyMap<string, Json[]>): SessionState {
  const { core, lists } = splitState(state);
  for (const [field, entries] of history) lists.set(field, [...entries, ...(lists.get(field) ?? [])]);
  return joinState(core, lists) as SessionState;
}

// Lists written by compact-lists.ts sit in `data` under this key, by field name; no state has a key of that name.
const COMPACT = 'c';

// `raw` (decrypted `data`) without its compact lists, which are added to `lists`.
function expanded(raw: unknown, lists: Map<string, unknown>, key: string): unknown {
  if (typeof raw !== 'object' || raw === null || !(COMPACT in raw)) return raw;
  const { [COMPACT]: compacts, ...rest } = raw as Record<string, unknown>;
  if (typeof compacts !== 'object' || compacts === null) throw corrupt(key, 'its compact lists are not an object');
  for (const [field, text] of Object.entries(compacts)) {
    const list = typeof text === 'string' && isListField(field) ? expandList(field, text) : undefined;
    if (list === undefined) throw corrupt(key, `its compact list '${field}' cannot be read`);
    lists.set(field, list);
  }
  return rest;
}

// A short list costs less inside `data` (one nonce, tag and hash entry for all, compressed together) than in a
// field of its own; a long one gets its own field, so a turn that leaves it as it was does not write it again.
const OWN_FIELD_CHARS = 2_048;

function fieldAad(key: string, field: string): string {
  return `${key}#${field}`;
}

// Stored values are bytes; the session code carries them as latin1 strings (one character per byte).
function seal(crypto: DataCrypto, json: string, aad: string): string {
  return crypto.seal(pack(json), aad).toString('latin1');
}

function open(crypto: DataCrypto, blob: string, aad: string, key: string, field: string): unknown {
  try {
    return JSON.parse(unpack(crypto.open(Buffer.from(blob, 'latin1'), aad)));
  } catch (error) {
    if (error instanceof SteadyError) throw error;
    throw corrupt(key, `the decrypted field '${field}' is not JSON`);
  }
}

/** The error for a stored hash that cannot be read. */
export function corrupt(key: string, why: string): SteadyError {
  return new SteadyError(ErrorCode.StoreCorrupt, `The state stored under '${key}' cannot be read: ${why}.`);
}
