import type { RedisClient } from './redis-target.js';
import type { CommitResult } from './store.js';

// A commit whose connection dropped after the script was written may have been applied. Telling the user
// "not recorded" then is false, and their resent answer would be applied twice, to the next question; so
// Redis is asked what happened before anything is said.

/**
 * True when the connection closed while the command was out: it may have run, and Redis can be asked once the
 * client reconnects. A command refused while disconnected never left (no offline queue); one that timed out
 * on a hung Redis may still run after any question asked now, so it stays "not known" (unavailable).
 */
export function mayHaveRun(error: unknown): boolean {
  return error instanceof Error && /Connection is closed|ECONNRESET|EPIPE/.test(error.message);
}

/** How long an ambiguous commit waits for the connection to come back to ask what happened. */
export const SETTLE_WAIT_MS = 3_000;

/** The commit in question: its state key, the user's seen set, the event's member there and the `data` it wrote (bytes as latin1). */
export interface AmbiguousCommit {
  key: string;
  seenKey: string;
  seenMember: string;
  data: string;
}

/**
 * What became of a commit whose answer was lost: `ok` when the state holds this very write (its `data`
 * ciphertext, with its random nonce, is unique to it), `duplicate` when the event is recorded as applied by
 * another write, `conflict` (reload and compute again) when it was not applied. Undefined when Redis cannot
 * be asked within {@link SETTLE_WAIT_MS}.
 */
export async function settleAmbiguous(
  redis: RedisClient,
  commit: AmbiguousCommit,
  waitMs = SETTLE_WAIT_MS,
): Promise<CommitResult | undefined> {
  try {
    if (!(await ready(redis, waitMs))) return undefined;
    const [data, seen] = await Promise.all([
      redis.hgetBuffer(commit.key, 'data').then((bytes) => bytes?.toString('latin1')),
      redis.zscore(commit.seenKey, commit.seenMember),
    ]);
    if (data === commit.data) return 'ok';
    return seen === null ? 'conflict' : 'duplicate';
  } catch {
    return undefined;
  }
}

function ready(redis: RedisClient, waitMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(value);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), waitMs);
    redis.once('ready', onReady);
  });
}
