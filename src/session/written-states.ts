import type { SessionState } from './state.js';

/** A state this process committed, with the exact ciphertext and revision it wrote. */
interface Written {
  rev: number;
  data: string;
  state: SessionState;
}

/**
 * The states this process wrote most recently, so the next load of the same user can skip decrypting,
 * parsing and checking a payload it produced itself. A hit needs the stored revision and the stored
 * ciphertext to equal what was written: any other writer (another process, a restore) changes both.
 * Bounded by an estimate of the memory held, oldest first out.
 */
export interface WrittenStates {
  /** The state written as `data` at `rev` under `key`, if this process wrote exactly that. */
  find(key: string, rev: number, data: string): SessionState | undefined;
  /** Remembers a committed state. */
  remember(key: string, written: Written): void;
  /** Forgets the key (a lost race, a forgotten user). */
  drop(key: string): void;
}

// The parsed state takes roughly twice the memory of its ciphertext; the estimate only has to bound the total.
const BYTES_PER_CHAR = 3;

/** A {@link WrittenStates} holding up to about `maxBytes` (0 turns it off). */
export function createWrittenStates(maxBytes: number): WrittenStates {
  const entries = new Map<string, Written>();
  let held = 0;
  const drop = (key: string): void => {
    const old = entries.get(key);
    if (old === undefined) return;
    entries.delete(key);
    held -= old.data.length * BYTES_PER_CHAR;
  };
  return {
    find(key, rev, data) {
      const entry = entries.get(key);
      if (entry === undefined || entry.rev !== rev || entry.data !== data) return undefined;
      // Re-inserted so the map's order stays least recently used first.
      entries.delete(key);
      entries.set(key, entry);
      return entry.state;
    },
    remember(key, written) {
      drop(key);
      const size = written.data.length * BYTES_PER_CHAR;
      if (size > maxBytes) return;
      for (const [oldest] of entries) {
        if (held + size <= maxBytes) break;
        drop(oldest);
      }
      entries.set(key, written);
      held += size;
    },
    drop,
  };
}
