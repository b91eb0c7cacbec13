import { createHash } from 'node:crypto';
import { z } from 'zod';
import { outboxKey } from './outbox.js';
import type { UserKey } from './store.js';
import { userKeyPrefix } from './user-key.js';

// What the Redis store and the batch store share about a user's keys and stored values, so both read and
// write the same layout.

/** The keys of one user: all under the user's hash tag, so one script may touch them all on a Cluster. */
export function userKeys(user: UserKey): { state: string; seen: string; history: string; outbox: string } {
  const prefix = userKeyPrefix(user);
  return { state: `${prefix}:state`, seen: `${prefix}:seen`, history: `${prefix}:history`, outbox: outboxKey(user) };
}

/** The digest an event id is remembered by: platform delivery ids (which can embed chat ids) stay out of Redis. */
export function eventDigest(eventId: string): string {
  return createHash('sha256').update(eventId, 'utf8').digest('base64url').slice(0, 16);
}

/**
 * The member an applied event is remembered by in the user's seen set: the first 64 bits of its SHA-256, as a
 * decimal integer. Redis keeps an integer member of a small sorted set in 8 bytes where the 16-character
 * {@link eventDigest} takes 17; with at most the last 1,000 events per user, a false match stays out of reach.
 */
export function seenMember(eventId: string): string {
  return createHash('sha256').update(eventId, 'utf8').digest().readBigInt64BE(0).toString();
}

/** A stored state hash as read with `hgetallBuffer`: values are bytes (stored-state.ts), carried as latin1 strings. */
export const StoredHash = z
  .record(z.string(), z.instanceof(Buffer))
  .transform((hash) =>
    Object.fromEntries(Object.entries(hash).map(([field, bytes]) => [field, bytes.toString('latin1')])),
  );
