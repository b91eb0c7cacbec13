import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { systemClock, type Clock } from '../core/types.js';
import type { DataCrypto } from './crypto.js';
import type { Redis } from 'ioredis';
import { asTarget, openRedis, type RedisClient, type RedisTarget } from './redis-target.js';
import { createState, retentionSeconds } from '../core/state.js';
import type { Json, SessionState } from '../core/state.js';
import type { CommitResult, Loaded, SessionStore, UserKey } from './store.js';
import { userKeyPrefix } from './user-key.js';
import { createKnownStates } from './known-states.js';
import { corrupt, decodeHash, encodeWrite } from './stored-state.js';
import { mayHaveRun, settleAmbiguous } from './ambiguous-commit.js';
import { createRedisOutbox, OUTBOX_FIELD_LIMIT, OUTBOX_SUFFIX, outboxKey, sealItems, SEND_LEASE_MS } from './outbox.js';

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

// === Commit script

// KEYS[1] state hash, KEYS[2] the user's seen-events sorted set (member: event digest, score: expiry ms), KEYS[3]
// the user's reply outbox. ARGV: expected rev, state TTL (s), event digest, now (ms), seen TTL (ms), seen limit,
// whole ('1': the hash is replaced; '0': only the given fields change), n, the turn's sealed replies ('' when
// none), their send lease (ms), the outbox's field limit, then n field/value pairs, then fields to delete.
// The duplicate check comes first: a redelivered event finds a newer rev, and reporting that as a
// conflict would make the engine apply the event a second time. Keeping seen events in one set per
// user (expired and surplus members trimmed here) bounds their memory and lets forget name every key.
// A partial write is safe because the rev check proves the hash is still the one the turn read.
const COMMIT_LUA = `
local now = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 'duplicate' end
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 'conflict' end
if ARGV[7] == '1' then redis.call('DEL', KEYS[1]) end
local n = tonumber(ARGV[8])
local pairs = {'rev', rev + 1}
for i = 12, 11 + 2 * n do pairs[#pairs + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(pairs))
if #ARGV > 11 + 2 * n then redis.call('HDEL', KEYS[1], unpack(ARGV, 12 + 2 * n)) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[6]) + 1))
redis.call('PEXPIRE', KEYS[2], ARGV[5])
-- Reply outbox (src/session/outbox.ts): the turn's replies, held by this writer, until confirmed sent
if ARGV[9] ~= '' then
  if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[11]) then redis.call('DEL', KEYS[3]) end
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[9], ARGV[3]..':lease', ARGV[10])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
return 'ok'
`;

/** Every per-user key suffix; `forget` deletes exactly these, so a new kind of user key must be added here. */
export const USER_KEY_SUFFIXES = ['state', 'seen', OUTBOX_SUFFIX] as const;

interface CommitCommand {
  steadyCommit(
    stateKey: string,
    seenKey: string,
    outboxKey: string,
    rev: number,
    ttl: number,
    eventDigest: string,
    now: number,
    seenTtlMs: number,
    seenLimit: number,
    whole: '1' | '0',
    pairs: number,
    sealedReplies: string,
    leaseUntil: number,
    outboxLimit: number,
    ...fieldsThenDeletions: string[]
  ): Promise<unknown>;
}

// Enough for the last few hundred active users with long histories, or a couple of thousand typical ones (the
// count is bounded too, see known-states.ts); kept small so a flood of new users leaves little behind.
const DEFAULT_KNOWN_CACHE_BYTES = 8 * 1024 * 1024;

const CommitReply = z.enum(['ok', 'conflict', 'duplicate']);
const StoredHash = z.record(z.string(), z.string());

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
  redis.defineCommand('steadyCommit', { numberOfKeys: 3, lua: COMMIT_LUA });
  const commands = redis as RedisClient & CommitCommand;
  const attempt = <T>(operation: string, run: () => Promise<T>): Promise<T> =>
    attemptRedis(operation, 'Retrying the turn is safe once Redis answers again.', run, options.onError);

  const known = createKnownStates(options.knownCacheBytes ?? DEFAULT_KNOWN_CACHE_BYTES);
  // Counts dropped connections: a commit that fails across one may have been applied.
  const closes = { count: 0 };
  redis.on('close', () => void (closes.count += 1));

  const load = async (user: UserKey): Promise<Loaded> => {
    const key = stateKey(user);
    const reply = await attempt('load', () => redis.hgetall(key));
    const hash = StoredHash.safeParse(reply);
    if (!hash.success) throw corrupt(key, 'it is not a hash of strings');
    const { rev, data } = hash.data;
    // A user's next turn usually reads back what this process just wrote: that needs no decrypting or checking.
    const held = rev !== undefined && data !== undefined ? known.find(key, Number(rev), data) : undefined;
    if (held !== undefined) return { state: held.state, rev: held.rev };
    const read = decodeHash(hash.data, key, crypto);
    if (read === undefined) return { state: createState(), rev: 0 };
    known.remember(key, read);
    return { state: read.state, rev: read.rev };
  };

  const outbox = createRedisOutbox({ redis, crypto, clock, digest: eventDigest, attempt });

  return {
    load,
    outbox,
    async commit(user, state, rev, eventId, replies): Promise<CommitResult> {
      const key = stateKey(user);
      // Relative to the hash as this turn read it, only changed lists are written; unknown, the hash is rewritten whole.
      const write = encodeWrite(state, key, crypto, rev === 0 ? undefined : known.at(key, rev));
      const seenKey = `${userKeyPrefix(user)}:seen`;
      const digest = eventDigest(eventId);
      const sealed = replies === undefined || replies.length === 0 ? '' : sealItems(crypto, user, digest, replies);
      const run = (): Promise<unknown> =>
        commands.steadyCommit(
          key,
          seenKey,
          outboxKey(user),
          rev,
          retentionSeconds(state, ttlSeconds),
          digest,
          clock.now(),
          seenTtlSeconds * 1000,
          seenLimit,
          write.whole ? '1' : '0',
          write.set.length,
          sealed,
          clock.now() + SEND_LEASE_MS,
          OUTBOX_FIELD_LIMIT,
          ...write.set.flat(),
          ...write.deleted,
        );
      const closesBefore = closes.count;
      const reply = await attempt('commit', async () => {
        try {
          return await run();
        } catch (error) {
          // The connection dropped while the script was out, so it may have run: ask Redis before saying anything.
          if (closes.count === closesBefore && !mayHaveRun(error)) throw error;
          const settled = await settleAmbiguous(redis, { key, seenKey, digest, data: write.known(rev + 1).data });
          if (settled === undefined) throw error;
          return settled;
        }
      });
      const parsed = CommitReply.safeParse(reply);
      if (!parsed.success) {
        throw new SteadyError(
          ErrorCode.StoreCorrupt,
          `The commit script answered ${JSON.stringify(reply)} for '${key}'.`,
        );
      }
      if (parsed.data === 'ok') known.remember(key, write.known(rev + 1));
      else known.drop(key);
      return parsed.data;
    },
    async forget(user) {
      known.drop(stateKey(user));
      await attempt('forget', () => deleteUserKeys(redis, user));
    },
    async export(user): Promise<Json> {
      const { state, rev } = await load(user);
      return { state: rev === 0 ? null : toJson(state) };
    },
    async close() {
      // quit() needs a live connection; when Redis is down, just drop the socket.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function stateKey(user: UserKey): string {
  return `${userKeyPrefix(user)}:state`;
}

// Hashing keeps platform delivery ids (which can embed chat ids) out of Redis, and bounds their length.
function eventDigest(eventId: string): string {
  return createHash('sha256').update(eventId, 'utf8').digest('base64url').slice(0, 16);
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
