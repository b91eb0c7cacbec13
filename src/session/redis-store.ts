import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, SteadyError } from '../errors.js';
import { systemClock, type Clock } from '../engine/types.js';
import type { DataCrypto } from './crypto.js';
import type { Redis } from 'ioredis';
import { openRedis, type RedisClient, type RedisTarget } from './redis-target.js';
import { createState, parseState, retentionSeconds } from './state.js';
import type { Json, SessionState } from './state.js';
import type { CommitResult, Loaded, SessionStore, UserKey } from './store.js';
import { userKeyPrefix } from './user-key.js';
import { createWrittenStates } from './written-states.js';

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
  const redis = openRedis(typeof target === 'string' ? { kind: 'single', url: target } : target, {
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
      reject(new SteadyError(ErrorCode.StoreUnavailable, `Redis is unreachable or slow: not ready after ${timeoutMs} ms.`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

// === Commit script

// KEYS[1] state hash, KEYS[2] the user's seen-events sorted set (member: event digest, score: expiry ms).
// ARGV: expected rev, encrypted state, state TTL (s), event digest, now (ms), seen TTL (ms), seen limit.
// The duplicate check comes first: a redelivered event finds a newer rev, and reporting that as a
// conflict would make the engine apply the event a second time. Keeping seen events in one set per
// user (expired and surplus members trimmed here) bounds their memory and lets forget name every key.
const COMMIT_LUA = `
local now = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZSCORE', KEYS[2], ARGV[4]) then return 'duplicate' end
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('HSET', KEYS[1], 'rev', rev + 1, 'data', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[7]) + 1))
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 'ok'
`;

/** Every per-user key suffix; `forget` deletes exactly these, so a new kind of user key must be added here. */
export const USER_KEY_SUFFIXES = ['state', 'seen'] as const;

interface CommitCommand {
  steadyCommit(
    stateKey: string, seenKey: string, rev: number, data: string, ttl: number,
    eventDigest: string, now: number, seenTtlMs: number, seenLimit: number,
  ): Promise<unknown>;
}

// Enough for the last few hundred active users with long histories, or thousands of typical ones.
const DEFAULT_WRITTEN_CACHE_BYTES = 32 * 1024 * 1024;

const CommitReply = z.enum(['ok', 'conflict', 'duplicate']);
const StoredHash = z.tuple([z.string().regex(/^\d+$/).nullable(), z.string().nullable()]);
const StoredState = z.looseObject({ v: z.number().int() });

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
  /** Memory (bytes, estimated) for states this process wrote, reused while Redis still holds them (default 32 MiB; 0 turns it off). */
  writtenCacheBytes?: number;
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
  redis.defineCommand('steadyCommit', { numberOfKeys: 2, lua: COMMIT_LUA });
  const commands = redis as RedisClient & CommitCommand;
  const attempt = <T>(operation: string, run: () => Promise<T>): Promise<T> =>
    attemptRedis(operation, 'Retrying the turn is safe once Redis answers again.', run, options.onError);

  const written = createWrittenStates(options.writtenCacheBytes ?? DEFAULT_WRITTEN_CACHE_BYTES);

  const load = async (user: UserKey): Promise<Loaded> => {
    const key = stateKey(user);
    const reply = await attempt('load', () => redis.hmget(key, 'rev', 'data'));
    // A user's next turn usually reads back what this process just wrote: that needs no decrypting or checking.
    const [rev, data] = Array.isArray(reply) ? reply : [];
    const mine = typeof rev === 'string' && typeof data === 'string' ? written.find(key, Number(rev), data) : undefined;
    return mine === undefined ? decodeStored(reply, key, crypto) : { state: mine, rev: Number(rev) };
  };

  return {
    load,
    async commit(user, state, rev, eventId): Promise<CommitResult> {
      const key = stateKey(user);
      const data = crypto.encrypt(JSON.stringify(state), key);
      const reply = await attempt('commit', () =>
        commands.steadyCommit(key, `${userKeyPrefix(user)}:seen`, rev, data, retentionSeconds(state, ttlSeconds),
          eventDigest(eventId), clock.now(), seenTtlSeconds * 1000, seenLimit));
      const parsed = CommitReply.safeParse(reply);
      if (!parsed.success) {
        throw new SteadyError(ErrorCode.StoreCorrupt, `The commit script answered ${JSON.stringify(reply)} for '${key}'.`);
      }
      if (parsed.data === 'ok') written.remember(key, { rev: rev + 1, data, state });
      else written.drop(key);
      return parsed.data;
    },
    async forget(user) {
      written.drop(stateKey(user));
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

function decodeStored(reply: unknown, key: string, crypto: DataCrypto): Loaded {
  const stored = StoredHash.safeParse(reply);
  if (!stored.success) throw corrupt(key, 'its rev field is not a whole number');
  const [rev, data] = stored.data;
  if (rev === null && data === null) return { state: createState(), rev: 0 };
  if (rev === null || data === null) throw corrupt(key, 'it has only one of the fields rev and data');
  const plain = crypto.decrypt(data, key);
  let raw: unknown;
  try {
    raw = JSON.parse(plain);
  } catch {
    throw corrupt(key, 'the decrypted data is not JSON');
  }
  if (!StoredState.safeParse(raw).success) throw corrupt(key, 'the decrypted data has no state version');
  // parseState migrates older versions and salvages profile and flags from a damaged journey position.
  return { state: parseState(raw), rev: Number(rev) };
}

function corrupt(key: string, why: string): SteadyError {
  return new SteadyError(ErrorCode.StoreCorrupt, `The state stored under '${key}' cannot be read: ${why}.`);
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
  operation: string, next: string, run: () => Promise<T>, onError?: (operation: string, error: unknown) => void,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    onError?.(operation, error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SteadyError(ErrorCode.StoreUnavailable, `Redis is unreachable or slow: ${operation} failed (${reason}). ${next}`, { cause: error });
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new SteadyError(ErrorCode.Config, `Redis store option '${name}' must be a positive whole number of seconds; got ${value}.`);
  }
}

// zod types optional fields as `T | undefined`, which Json does not allow; a round trip drops them.
function toJson(state: SessionState): Json {
  return JSON.parse(JSON.stringify(state)) as Json;
}
