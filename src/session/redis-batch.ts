import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { createState, retentionSeconds, type SessionState } from '../core/state.js';
import { systemClock } from '../core/types.js';
import { mayHaveRun, settleAmbiguous } from './ambiguous-commit.js';
import { BATCH_COMMIT_LUA, batchArgv, type BatchPart } from './batch-commit.js';
import { commitArgv } from './commit-script.js';
import type { DataCrypto } from './crypto.js';
import type { KnownState } from './known-states.js';
import { OUTBOX_FIELD_LIMIT, SEND_LEASE_MS } from './outbox.js';
import { attemptRedis, type RedisStoreOptions } from './redis-store.js';
import type { RedisClient } from './redis-target.js';
import { corrupt, decodeHash, encodeWrite, needsMigration } from './stored-state.js';
import type { CommitResult, UserKey } from './store.js';
import { eventDigest, seenMember, StoredHash, userKeys } from './redis-keys.js';
import { outboxFieldName } from './outbox-fields.js';

// The due turns of many users in a few round trips: their states loaded in one pipeline, their commits in
// one script call (batch-commit.ts). Same keys, encoding and compare-and-set as the Redis store's own load
// and commit, which stay the path for everything else, and for any user a batch leaves over.

/** What a batch load found for one user. */
export type BatchLoaded =
  | { status: 'loaded'; state: SessionState; rev: number; known?: KnownState }
  /** Stored in an older layout: the store's own load moves it first, so the user goes the single way. */
  | { status: 'single' }
  | { status: 'failed'; error: unknown };

/** One user's commit in a batch: the state computed on what was loaded at `rev`. */
export interface BatchWrite {
  user: UserKey;
  state: SessionState;
  rev: number;
  /** The batch load's stored hash, so only changed lists are written. */
  known?: KnownState;
  eventId: string;
}

/** What became of one user's commit in a batch. */
export type BatchCommitted = { status: CommitResult } | { status: 'failed'; error: unknown };

/** Loads and commits many users at once; see {@link createRedisBatchStore}. */
export interface BatchStore {
  /** Every user's state, in one round trip (one per node on a Cluster); answers in the order asked. */
  loadMany(users: readonly UserKey[]): Promise<BatchLoaded[]>;
  /** Every write compare-and-set on its own, all in one script call; answers in the order given. */
  commitMany(writes: readonly BatchWrite[]): Promise<BatchCommitted[]>;
  /** Drops the replies of outbox entries the sender has taken (outbox-fields.ts); their ids stay in the state. */
  taken(handed: readonly Taken[]): Promise<void>;
}

/** Outbox entries of one user that the sender has taken: their ids (core/schedule-state.ts). */
export interface Taken {
  user: UserKey;
  ids: readonly string[];
}

/**
 * Options of {@link createRedisBatchStore}: the Redis store's, for the same keys and encoding. Here the caller
 * owns `redis`: the batch store only defines its script on it.
 */
export type RedisBatchOptions = Omit<RedisStoreOptions, 'knownCacheBytes'>;

interface BatchCommand {
  steadyCommitBatch(...argv: (string | number | Buffer)[]): Promise<unknown>;
}

const Replies = z.array(z.string());

/** A {@link BatchStore} over the Redis store's keys. */
export function createRedisBatchStore(options: RedisBatchOptions): BatchStore {
  const { redis, crypto, clock = systemClock } = options;
  redis.defineCommand('steadyCommitBatch', { lua: BATCH_COMMIT_LUA });
  const commands = redis as RedisClient & BatchCommand;
  const attempt = <T>(operation: string, run: () => Promise<T>): Promise<T> =>
    attemptBatch(operation, run, options.onError);
  // Counts dropped connections: a batch whose answer was lost across one may have been applied.
  const closes = { count: 0 };
  redis.on('close', () => void (closes.count += 1));

  const part = (write: BatchWrite): { part: BatchPart; data: string } => {
    const keys = userKeys(write.user);
    const encoded = encodeWrite(write.state, keys, crypto, write.known, write.rev);
    const argv = commitArgv({
      keys,
      replies: { sealed: '', leaseUntil: clock.now() + SEND_LEASE_MS, limit: OUTBOX_FIELD_LIMIT },
      rev: write.rev,
      ttlSeconds: retentionSeconds(write.state, options.ttlSeconds),
      digest: eventDigest(write.eventId),
      seenMember: seenMember(write.eventId),
      now: clock.now(),
      seenTtlMs: options.seenTtlSeconds * 1000,
      seenLimit: options.seenLimit ?? 1000,
      whole: encoded.whole,
      set: encoded.set,
      history: encoded.history,
      deleted: encoded.deleted,
    });
    return { part: { argv, keyCount: Object.keys(keys).length }, data: encoded.known(write.rev + 1).data };
  };

  const commitChunk = async (writes: readonly BatchWrite[]): Promise<BatchCommitted[]> => {
    const parts = writes.map(part);
    const argv = batchArgv(parts.map((p) => p.part));
    const keyCount = parts.reduce((sum, p) => sum + p.part.keyCount, 0);
    const closesBefore = closes.count;
    try {
      const reply = await attempt('commit_batch', () => commands.steadyCommitBatch(keyCount, ...argv));
      return toCommitted(reply, writes);
    } catch (error) {
      // The connection dropped while the script was out, so it may have run: each user's fate is asked of Redis.
      if (closes.count === closesBefore && !mayHaveRun(causeOf(error))) return writes.map(() => failed(error));
      return Promise.all(
        writes.map(async (write, i) => {
          const keys = userKeys(write.user);
          const data = parts[i]?.data ?? '';
          const commit = { key: keys.state, seenKey: keys.seen, seenMember: seenMember(write.eventId), data };
          const settled = await settleAmbiguous(redis, commit);
          return settled === undefined ? failed(error) : { status: settled };
        }),
      );
    }
  };

  return {
    async loadMany(users) {
      if (users.length === 0) return [];
      const replies = await loadHashes(
        redis,
        users.map((user) => userKeys(user).state),
      ).catch((error: unknown) => users.map(() => ({ error })));
      return users.map((user, i) => decodeOne(replies[i] ?? { error: new Error('no reply') }, user, crypto));
    },
    async commitMany(writes) {
      if (writes.length === 0) return [];
      // A Cluster spreads users over slots, and a script may touch one slot only: there each user is its own call.
      if (redis.isCluster) return (await Promise.all(writes.map((write) => commitChunk([write])))).flat();
      return commitChunk(writes);
    },
    taken: (handed) => attempt('taken', () => dropTaken(redis, crypto, handed)),
  };

  function failed(error: unknown): BatchCommitted {
    return { status: 'failed', error };
  }
}

// A field deleted outside a commit leaves `rev` as it was: the replies are no part of what a turn decides on,
// and a turn that read them before and writes them again only has them re-offered, which the sender drops.
// No key is created for a user forgotten meanwhile. One pipeline on a single node; on a Cluster side by side.
async function dropTaken(redis: RedisClient, crypto: DataCrypto, handed: readonly Taken[]): Promise<void> {
  const field = outboxFieldName(crypto);
  const drops = handed
    .filter(({ ids }) => ids.length > 0)
    .map(({ user, ids }) => [userKeys(user).state, ...ids.map(field)] as const);
  if (drops.length === 0) return;
  if (redis.isCluster) {
    await Promise.all(drops.map(([key, ...fields]) => redis.hdel(key, ...fields)));
    return;
  }
  const pipeline = redis.pipeline();
  for (const [key, ...fields] of drops) pipeline.hdel(key, ...fields);
  const results = (await pipeline.exec()) ?? [];
  const failure = results.find(([error]) => error !== null)?.[0];
  if (failure) throw failure;
}

type HashReply = { hash: unknown } | { error: unknown };

// One pipeline on a single node; on a Cluster the reads go out side by side (ioredis groups them per node).
async function loadHashes(redis: RedisClient, keys: readonly string[]): Promise<HashReply[]> {
  const read = (key: string): Promise<HashReply> =>
    attemptBatch('load_batch', () => redis.hgetallBuffer(key)).then(
      (hash) => ({ hash }),
      (error: unknown) => ({ error }),
    );
  if (redis.isCluster) return Promise.all(keys.map(read));
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetallBuffer(key);
  const results = await attemptBatch('load_batch', () => pipeline.exec());
  return keys.map((_, i) => {
    const [error, hash] = results?.[i] ?? [new Error('no reply'), undefined];
    return error ? { error: unavailable(error) } : { hash };
  });
}

function attemptBatch<T>(
  operation: string,
  run: () => Promise<T>,
  onError?: (operation: string, error: unknown) => void,
): Promise<T> {
  return attemptRedis(
    operation,
    'The users of the batch are retried later, one by one where that helps; retrying is safe once Redis answers again.',
    run,
    onError,
  );
}

function decodeOne(reply: HashReply, user: UserKey, crypto: DataCrypto): BatchLoaded {
  if ('error' in reply) return { status: 'failed', error: reply.error };
  const key = userKeys(user).state;
  try {
    const hash = StoredHash.safeParse(reply.hash);
    if (!hash.success) throw corrupt(key, 'it is not a hash of strings');
    const read = decodeHash(hash.data, key, crypto);
    if (read === undefined) return { status: 'loaded', state: createState(), rev: 0 };
    if (needsMigration(read)) return { status: 'single' };
    return { status: 'loaded', state: read.state, rev: read.rev, known: read };
  } catch (error) {
    return { status: 'failed', error };
  }
}

function toCommitted(reply: unknown, writes: readonly BatchWrite[]): BatchCommitted[] {
  const parsed = Replies.safeParse(reply);
  if (!parsed.success || parsed.data.length !== writes.length) {
    const error = new SteadyError(
      ErrorCode.StoreCorrupt,
      `The batch commit script answered ${JSON.stringify(reply)} for ${writes.length} users.`,
    );
    return writes.map(() => ({ status: 'failed', error }));
  }
  return parsed.data.map((answer) => {
    if (answer === 'ok' || answer === 'conflict' || answer === 'duplicate') return { status: answer };
    const error = new SteadyError(ErrorCode.StoreCorrupt, `A commit in a batch failed in Redis: ${answer}.`);
    return { status: 'failed', error };
  });
}

function unavailable(error: Error): SteadyError {
  return new SteadyError(
    ErrorCode.StoreUnavailable,
    `Redis is unreachable or slow: load_batch failed (${error.message}).`,
    {
      cause: error,
    },
  );
}

function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}
