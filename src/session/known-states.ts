import type { SessionState } from '../core/state.js';

/** A user's state as this process last read or wrote it, with the stored hash's revision and fields. */
export interface KnownState {
  rev: number;
  /** The ciphertext of the `data` field: every write writes it anew, so it identifies the write. */
  data: string;
  state: SessionState;
  /** The fields stored beside `data` (lists, outbox replies), with their stored lengths. */
  fields: ReadonlyMap<string, number>;
}

/**
 * The states this process read or wrote most recently, by state key. They let a load skip decrypting,
 * parsing and checking a payload this process already holds (same revision and same `data` ciphertext,
 * which no other writer can produce), and let a commit rewrite only the lists a turn changed, relative to
 * the revision the turn loaded. Bounded by an estimate of the memory held, least recently used out.
 */
export interface KnownStates {
  /** The state stored as `data` at `rev` under `key`, if this process holds exactly that. */
  find(key: string, rev: number, data: string): KnownState | undefined;
  /** What this process knows of `key` at revision `rev`, if anything. */
  at(key: string, rev: number): KnownState | undefined;
  /** Remembers what is stored under `key` now. */
  remember(key: string, known: KnownState): void;
  /** Forgets the key (a lost race, a forgotten user). */
  drop(key: string): void;
}

// The parsed state takes roughly twice the memory of its ciphertext; the estimate only has to bound the total.
const BYTES_PER_CHAR = 3;

function sizeOf(known: KnownState): number {
  let chars = known.data.length;
  for (const length of known.fields.values()) chars += length;
  return chars * BYTES_PER_CHAR;
}

// A flood of new users must not fill the cache with states read once: the count bounds it as well as the bytes.
const DEFAULT_MAX_ENTRIES = 2_000;

/** A {@link KnownStates} holding up to about `maxBytes` and `maxEntries` states (0 bytes turns it off). */
export function createKnownStates(maxBytes: number, maxEntries = DEFAULT_MAX_ENTRIES): KnownStates {
  const entries = new Map<string, { known: KnownState; size: number }>();
  let held = 0;
  const drop = (key: string): void => {
    const old = entries.get(key);
    if (old === undefined) return;
    entries.delete(key);
    held -= old.size;
  };
  const touch = (key: string, rev: number): KnownState | undefined => {
    const entry = entries.get(key);
    if (entry === undefined || entry.known.rev !== rev) return undefined;
    // Re-inserted so the map's order stays least recently used first.
    entries.delete(key);
    entries.set(key, entry);
    return entry.known;
  };
  return {
    find: (key, rev, data) => {
      const known = touch(key, rev);
      return known?.data === data ? known : undefined;
    },
    at: touch,
    remember(key, known) {
      drop(key);
      const size = sizeOf(known);
      if (size > maxBytes) return;
      for (const [oldest] of entries) {
        if (held + size <= maxBytes && entries.size < maxEntries) break;
        drop(oldest);
      }
      entries.set(key, { known, size });
      held += size;
    },
    drop,
  };
}
