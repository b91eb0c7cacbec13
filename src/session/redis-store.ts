import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { systemClock, type Clock } from '../core/types.js';
import type { DataCrypto } from './crypto.js';
import type { Redis } from 'ioredis';
import { asTarget, openRedis, type RedisClient, type RedisTarget } from './redis-target.js';
import { createState, retentionSeconds } from '../core/state.js';
import { withPast } from '../core/recent.js';
import type { Json, SessionState } from '../core/state.js';
import type { CommitResult, Loaded, SessionStore, UserKey } from './store.js';
import { userKeyPrefix } from './user-key.js';
import { eventDigest, seenMember, StoredHash, userKeys } from './redis-keys.js';
import { createKnownStates } from './known-states.js';
import { corrupt, decodeHash, decodeHistory, encodeWrite, needsMigration, withHistory } from './stored-state.js';
import { COMMIT_LUA, commitArgv } from './commit-script.js';
import type { KnownState } from './known-states.js';
import { mayHaveRun, settleAmbiguous } from './ambiguous-commit.js';
import { createRedisOutbox, OUTBOX_FIELD_LIMIT, OUTBOX_SUFFIX, sealItems, SEND_LEASE_MS } from './outbox.js';

// === Connection

/** Options of {@link connectRedis}. */
export interface RedisConnectOptions {
  /** A command that gets no answer within this many ms fails (default 2000). */
  commandTimeoutMs?: number;
  /** A TCP connect attempt that takes longer is abandoned and retried (default 3000). */
  connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts (default 2000). */
  maxBackoffMs?: number;
  /** Receives connection errors; without a listener ioredis would crash the process on them. */
  onError?: (error: Error) => void;
}

/**
 * An ioredis client (one node by URL, Sentinel or Cluster) for a bot that must never hang or grow memory
 * while Redis is down: commands fail at once while disconnected, time out after `commandTimeoutMs`, and
 * the client reconnects forever. It connects in the background; use {@link waitForRedis} at start-up if a
 * first command must succeed.
 */
export function connectRedis(url: string, opts?: RedisConnectOptions): Redis;
export function connectRedis(target: RedisTarget, opts?: RedisConnectOptions): RedisClient;
export function connectRedis(target: RedisTarget | string, opts: RedisConnectOptions = {}): RedisClient {
  const { commandTimeoutMs = 2000, connectTimeoutMs = 3000, maxBackoffMs = 2000, onError } = opts;
  const redis = openRedis(asTarget(target), {
    // No offline queue: while Redis is down, commands reject at once instead of piling up in memory.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A command the caller already gave up on must not run later, after a reconnect.
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    // Never returns null, so the client keeps reconnecting until Redis is back.
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 10), maxBackoffMs),
    lazyConnect: false,
  });
  redis.on('error', (error: Error) => onError?.(error));
  return redis;
}

/** Resolves once `redis` is ready for commands; throws `STEADY_STORE_UNAVAILABLE` after `timeoutMs`. */
export async function waitForRedis(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(
        new SteadyError(ErrorCode.StoreUnavailable, `Redis is unreachable or slow: not ready after ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

// === Commit

/** Every per-user key suffix; `forget` deletes exactly these, so a new kind of user key must be added here. */
export const USER_KEY_SUFFIXES = ['state', 'seen', 'history', OUTBOX_SUFFIX] as const;

interface CommitCommand {
  steadyCommit(...argv: (string | number | Buffer)[]): Promise<unknown>;
}

// A state written before history lists moved out is rewritten once, before a turn runs on it; a writer
// racing that rewrite makes the load start over, a few times at most.
const MIGRATION_ATTEMPTS = 5;

// Enough for the last few hundred active users with long histories, or a couple of thousand typical ones (the
// count is bounded too, see known-states.ts); kept small so a flood of new users leaves little behind.
const DEFAULT_KNOWN_CACHE_BYTES = 8 * 1024 * 1024;

const CommitReply = z.enum(['ok', 'conflict', 'duplicate']);

// === Store

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** The store owns this client and quits it on `close()`. */
  redis: RedisClient;
  crypto: DataCrypto;
  /** Lifetime of a user's state after their last commit. */
  ttlSeconds: number;
  /** How long an event id is remembered for duplicate detection. */
  seenTtlSeconds: number;
  /** How many recent event ids are remembered per user at most (default 1000). */
  seenLimit?: number;
  /** Time source for the seen-event expiry (default: the wall clock). */
  clock?: Clock;
  /** Hears every failed Redis call by operation (`load`, `commit`, `forget`), for metrics. */
  onError?: (operation: string, error: unknown) => void;
  /** Memory (bytes, estimated) for states this process last read or wrote, reused while Redis still holds them (default 8 MiB; 0 turns it off). */
  knownCacheBytes?: number;
}

/**
 * The Redis {@link SessionStore}: one encrypted hash per user plus one marker per applied event, all under
 * the user's hash tag. `load` and `commit` are one round trip each; every Redis failure becomes
 * `STEADY_STORE_UNAVAILABLE`, and a payload that cannot be read becomes `STEADY_DECRYPT` or `STEADY_STORE_CORRUPT`.
 */
export function createRedisStore(options: RedisStoreOptions): SessionStore {
  const { redis, crypto, ttlSeconds, seenTtlSeconds, seenLimit = 1000, clock = systemClock } = options;
  requirePositiveInteger('ttlSeconds', ttlSeconds);
  requirePositiveInteger('seenTtlSeconds', seenTtlSeconds);
  redis.defineCommand('steadyCommit', { numberOfKeys: 4, lua: COMMIT_LUA });
  const commands = redis as RedisClient & CommitCommand;
  const attempt = <T>(operation: string, run: () => Promise<T>): Promise<T> =>
    attemptRedis(operation, 'Retrying the turn is safe once Redis answers again.', run, options.onError);

  const known = createKnownStates(options.knownCacheBytes ?? DEFAULT_KNOWN_CACHE_BYTES);
  // Counts dropped connections: a commit that fails across one may have been applied.
  const closes = { count: 0 };
  redis.on('close', () => void (closes.count += 1));

  const load = async (user: UserKey, round = 1): Promise<Loaded> => {
    const keys = userKeys(user);
    const reply = await attempt('load', () => redis.hgetallBuffer(keys.state));
    const hash = StoredHash.safeParse(reply);
    if (!hash.success) throw corrupt(keys.state, 'it is not a hash of strings');
    const { rev, data } = hash.data;
    // A user's next turn usually reads back what this process just wrote: that needs no decrypting or checking.
    const held = rev !== undefined && data !== undefined ? known.find(keys.state, Number(rev), data) : undefined;
    // The scheduler drops the replies the sender has taken without a new revision (outbox-fields.ts).
    if (held !== undefined && [...held.fields.keys()].every((field) => field in hash.data)) {
      return { state: held.state, rev: held.rev };
    }
    const read = decodeHash(hash.data, keys.state, crypto);
    if (read === undefined) return { state: createState(), rev: 0 };
    if (needsMigration(read)) return migrate(user, read, round);
    known.remember(keys.state, read);
    return { state: read.state, rev: read.rev };
  };

  // Moves the history lists of a state written by an older version into the history hash, in one commit.
  const migrate = async (user: UserKey, read: KnownState, round: number): Promise<Loaded> => {
    const result = await commitWrite(user, read.state, read.rev, `steady-migrate:${read.rev}:${read.data.slice(-16)}`);
    if (result.status === 'ok') return { state: result.known.state, rev: result.known.rev };
    if (round >= MIGRATION_ATTEMPTS) {
      throw new SteadyError(
        ErrorCode.StoreUnavailable,
        `The state under '${userKeys(user).state}' kept changing while it was being moved to the current layout; retry the turn.`,
      );
    }
    return load(user, round + 1);
  };

  // Relative to the hash as this turn read it, only changed lists are written; unknown, the hash is rewritten whole.
  const commitWrite = async (
    user: UserKey,
    state: SessionState,
    rev: number,
    eventId: string,
    replies?: readonly Json[],
  ): Promise<{ status: CommitResult; known: KnownState }> => {
    const keys = userKeys(user);
    const write = encodeWrite(state, keys, crypto, rev === 0 ? undefined : known.at(keys.state, rev), rev);
    const digest = eventDigest(eventId);
    const sealed = replies === undefined || replies.length === 0 ? '' : sealItems(crypto, user, digest, replies);
    const argv = commitArgv({
      keys,
      replies: { sealed, leaseUntil: clock.now() + SEND_LEASE_MS, limit: OUTBOX_FIELD_LIMIT },
      rev,
      ttlSeconds: retentionSeconds(state, ttlSeconds),
      digest,
      seenMember: seenMember(eventId),
      now: clock.now(),
      seenTtlMs: seenTtlSeconds * 1000,
      seenLimit,
      whole: write.whole,
      set: write.set,
      history: write.history,
      deleted: write.deleted,
    });
    const closesBefore = closes.count;
    const written = write.known(rev + 1);
    const reply = await attempt('commit', async () => {
      try {
        return await commands.steadyCommit(...argv);
      } catch (error) {
        // The connection dropped while the script was out, so it may have run: ask Redis before saying anything.
        if (closes.count === closesBefore && !mayHaveRun(error)) throw error;
        const commit = { key: keys.state, seenKey: keys.seen, seenMember: seenMember(eventId), data: written.data };
        const settled = await settleAmbiguous(redis, commit);
        if (settled === undefined) throw error;
        return settled;
      }
    });
    const parsed = CommitReply.safeParse(reply);
    if (!parsed.success) {
      throw new SteadyError(
        ErrorCode.StoreCorrupt,
        `The commit script answered ${JSON.stringify(reply)} for '${keys.state}'.`,
      );
    }
    if (parsed.data === 'ok') known.remember(keys.state, written);
    else known.drop(keys.state);
    return { status: parsed.data, known: written };
  };

  const outbox = createRedisOutbox({ redis, crypto, clock, digest: eventDigest, attempt });

  return {
    load,
    outbox,
    async commit(user, state, rev, eventId, replies): Promise<CommitResult> {
      return (await commitWrite(user, state, rev, eventId, replies)).status;
    },
    async forget(user) {
      known.drop(userKeys(user).state);
      await attempt('forget', () => deleteUserKeys(redis, user));
    },
    async export(user): Promise<Json> {
      const { state, rev } = await load(user);
      if (rev === 0) return { state: null };
      const key = userKeys(user).history;
      const reply = await attempt('export', () => redis.hgetallBuffer(key));
      const hash = StoredHash.safeParse(reply);
      if (!hash.success) throw corrupt(key, 'it is not a hash of strings');
      return { state: toJson(withPast(withHistory(state, decodeHistory(hash.data, key, crypto)))) };
    },
    async close() {
      // quit() needs a live connection; when Redis is down, just drop the socket.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

// Every key of a user is known by name, so forgetting needs no keyspace scan; the hash tag keeps them
// on one Cluster node, so this is a single-slot command.
async function deleteUserKeys(redis: RedisClient, user: UserKey): Promise<void> {
  const prefix = userKeyPrefix(user);
  await redis.unlink(...USER_KEY_SUFFIXES.map((suffix) => `${prefix}:${suffix}`));
}

/** Escapes Redis glob characters so `text` matches only itself in SCAN MATCH. */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}]/g, (char) => `\\${char}`);
}

/**
 * Runs one Redis call; any failure becomes `STEADY_STORE_UNAVAILABLE`, naming the `operation` and
 * saying what the caller may do (`next`).
 */
export async function attemptRedis<T>(
  operation: string,
  next: string,
  run: () => Promise<T>,
  onError?: (operation: string, error: unknown) => void,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    onError?.(operation, error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SteadyError(
      ErrorCode.StoreUnavailable,
      `Redis is unreachable or slow: ${operation} failed (${reason}). ${next}`,
      { cause: error },
    );
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SteadyError(
      ErrorCode.Config,
      `Redis store option '${name}' must be a positive whole number of seconds; got ${value}.`,
    );
  }
}

// zod types optional fields as `T | undefined`, which Json does not allow; a round trip drops them.
function toJson(state: SessionState): Json {
  return JSON.parse(JSON.stringify(state)) as Json;
}
