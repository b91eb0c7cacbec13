import type { Clock } from '../core/types.js';

// Token buckets: each user may send `burst` messages at once and then one per `refillMs`; the whole process
// takes at most `globalBurst` at once and then `globalPerSecond`. A user who runs dry is told once to slow
// down, and what they send after is dropped until a token is back. Buckets live in a map bounded by count;
// the least recently used goes first, which only ever forgives a user, never blocks one.

/** Settings of {@link createLimiter}. */
export interface LimiterOptions {
  clock: Clock;
  /** Messages a user may send in one go. */
  burst: number;
  /** One more message per this many ms, up to `burst`. */
  refillMs: number;
  /** Turns the whole process takes per second, and in one go. */
  globalPerSecond: number;
  globalBurst: number;
  /** Users whose buckets are kept (default 10,000; about 100 bytes each). */
  maxUsers?: number;
}

/** What to do with one message. */
export type Admission =
  | { verdict: 'take' }
  /** The user ran dry just now: answer once, asking them to slow down. */
  | { verdict: 'warn'; scope: 'user' }
  /** Dropped without an answer (the user was already told, or the whole process is over its rate). */
  | { verdict: 'drop'; scope: 'user' | 'global' };

/** Decides, per user key, whether a message is taken. */
export interface Limiter {
  admit(key: string): Admission;
  /** Buckets held now. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

/** Creates a {@link Limiter}. */
export function createLimiter(options: LimiterOptions): Limiter {
  const { clock, burst, refillMs, maxUsers = 10_000 } = options;
  const buckets = new Map<string, Bucket>();
  const global: Bucket = { tokens: options.globalBurst, at: clock.now(), warned: false };
  const globalRefillMs = 1000 / options.globalPerSecond;

  return {
    admit(key) {
      const now = clock.now();
      const bucket = refill(buckets.get(key) ?? { tokens: burst, at: now, warned: false }, now, refillMs, burst);
      // Re-inserted so the map's order is least recently used first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxUsers) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) {
        if (bucket.warned) return { verdict: 'drop', scope: 'user' };
        bucket.warned = true;
        return { verdict: 'warn', scope: 'user' };
      }
      refill(global, now, globalRefillMs, options.globalBurst);
      if (global.tokens < 1) return { verdict: 'drop', scope: 'global' };
      global.tokens -= 1;
      bucket.tokens -= 1;
      return { verdict: 'take' };
    },
    get size() {
      return buckets.size;
    },
  };
}

function refill(bucket: Bucket, now: number, refillMs: number, capacity: number): Bucket {
  const earned = (now - bucket.at) / refillMs;
  if (earned > 0) {
    bucket.tokens = Math.min(capacity, bucket.tokens + earned);
    bucket.at = now;
  }
  if (bucket.tokens >= 1) bucket.warned = false;
  return bucket;
}
