import type { Json } from '../core/state.js';
import type { SessionState } from '../core/state.js';

/**
 * A pseudonymous user key: an HMAC of platform and user id, never the raw id.
 * Branded so a raw platform id cannot be passed where a key is expected.
 */
export type UserKey = string & { readonly __brand: 'UserKey' };

/** A user's state as loaded, with the revision a commit must match. */
export interface Loaded {
  state: SessionState;
  /** 0 when the user has no stored state yet. */
  rev: number;
}

/** What a commit did: written, lost a race (reload and retry), or the event was already applied. */
export type CommitResult = 'ok' | 'conflict' | 'duplicate';

/** Where users' state lives. Implementations: memory (embedded default) and Redis. */
export interface SessionStore {
  /** The user's state and its revision; a fresh state at revision 0 when there is none. One round trip. */
  load(user: UserKey): Promise<Loaded>;
  /**
   * Writes `state` if the stored revision is still `rev` and `eventId` was never committed; one round trip.
   * `replies` (the turn's replies, opaque here) are recorded in the {@link outbox} in the same write.
   */
  commit(
    user: UserKey,
    state: SessionState,
    rev: number,
    eventId: string,
    replies?: readonly Json[],
  ): Promise<CommitResult>;
  /** Applied turns' replies until they are confirmed sent, so a redelivery sends only what never went out. */
  readonly outbox: ReplyOutbox;
  /** Deletes every key of the user. */
  forget(user: UserKey): Promise<void>;
  /** Everything stored about the user, decrypted, as JSON. */
  export(user: UserKey): Promise<Json>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

// The reply outbox's contract; its implementations and what it is for are in outbox.ts.

/** The replies of an applied turn, how many were confirmed sent, and whether the next one is in doubt. */
export interface Claimed {
  items: Json[];
  sent: number;
  /** The reply at `sent` was being sent when its sender stopped (or vanished): it may have arrived. */
  inDoubt: boolean;
}

/** A turn's replies between the commit and their confirmed delivery. */
export interface ReplyOutbox {
  /**
   * Takes the unconfirmed replies of the applied event `eventId` for sending, holding them for a short lease (outbox.ts);
   * `held` when a live sender holds them, undefined when nothing is pending.
   */
  claim(user: UserKey, eventId: string): Promise<Claimed | 'held' | undefined>;
  /** The first `count` of the event's `total` replies reached the user; at `total` the entry goes. */
  sent(user: UserKey, eventId: string, count: number, total: number): Promise<void>;
  /** Sending stopped before every reply went out: a redelivery may take the rest at once. */
  release(user: UserKey, eventId: string, inDoubt: boolean): Promise<void>;
}
