import type { Clock } from '../../src/index.js';

/** A small in-memory map whose entries expire after `ttlMs`; the oldest entry goes when it is full. */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

/** Creates a {@link TtlCache}; memory stays bounded by `max` entries however many users write. */
export function createTtlCache<V>(ttlMs: number, max: number, clock: Clock): TtlCache<V> {
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires <= clock.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      // Maps iterate in insertion order, so the first key is the least recently written.
      if (entries.size >= max) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { value, expires: clock.now() + ttlMs });
    },
  };
}
