import { z } from 'zod';
import type { Clock } from '../core/types.js';
import type { Json } from '../core/state.js';
import type { DataCrypto } from './crypto.js';
import type { RedisClient } from './redis-target.js';
import type { ReplyOutbox, UserKey } from './store.js';
import { userKeyPrefix } from './user-key.js';

// The reply outbox: what an applied turn still has to say. The commit that applies a turn records its replies
// here in the same script, held by the process that committed for a short lease; each reply confirmed sent is
// counted, and the entry goes once all are. A redelivery of an applied event finds the rest here: it sends only
// what was never confirmed, and only when no live process holds it. The reply a sender was sending when it
// stopped (its answer lost, or the process gone) is in doubt: it may have reached the user, and the platforms
// cannot be asked, so it is not repeated blindly. The items are opaque to the store (the
// engine says what they are) and encrypted like the state, bound to the key and the event's digest.

/** How long the process that committed (or claimed) a turn's replies has to send them before a redelivery may. */
export const SEND_LEASE_MS = 30_000;
/** Most fields of one user's outbox (up to four per turn); past it the old entries are dropped whole. */
export const OUTBOX_FIELD_LIMIT = 48;

/** The suffix of the outbox key, beside the user's other keys. */
export const OUTBOX_SUFFIX = 'outbox';

/** The Redis key of a user's outbox. */
export function outboxKey(user: UserKey): string {
  return `${userKeyPrefix(user)}:${OUTBOX_SUFFIX}`;
}

/** The encrypted value the commit script stores for a turn's `items` (field: the event's digest). */
export function sealItems(crypto: DataCrypto, user: UserKey, digest: string, items: readonly Json[]): string {
  return crypto.encrypt(JSON.stringify(items), aadOf(user, digest));
}

function aadOf(user: UserKey, digest: string): string {
  return `${outboxKey(user)}#${digest}`;
}

// Every script checks that the entry still exists, so a user forgotten meanwhile is never given a key again.
// A lease that ran out without a release means its sender vanished mid-way: the next reply is in doubt.
const CLAIM_LUA = `
local items = redis.call('HGET', KEYS[1], ARGV[1])
if not items then return false end
local lease = tonumber(redis.call('HGET', KEYS[1], ARGV[1]..':lease') or '0')
if lease > tonumber(ARGV[2]) then return 'held' end
local doubt = redis.call('HGET', KEYS[1], ARGV[1]..':doubt') or '1'
redis.call('HSET', KEYS[1], ARGV[1]..':lease', ARGV[3])
redis.call('HDEL', KEYS[1], ARGV[1]..':doubt')
return {items, redis.call('HGET', KEYS[1], ARGV[1]..':sent') or '0', doubt}
`;
const SENT_LUA = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if tonumber(ARGV[2]) >= tonumber(ARGV[3]) then
  return redis.call('HDEL', KEYS[1], ARGV[1], ARGV[1]..':lease', ARGV[1]..':sent', ARGV[1]..':doubt')
end
return redis.call('HSET', KEYS[1], ARGV[1]..':sent', ARGV[2])
`;
const RELEASE_LUA = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('HSET', KEYS[1], ARGV[1]..':lease', '0', ARGV[1]..':doubt', ARGV[2])
`;

interface OutboxCommands {
  steadyOutboxClaim(key: string, digest: string, now: number, until: number): Promise<unknown>;
  steadyOutboxSent(key: string, digest: string, count: number, total: number): Promise<unknown>;
  steadyOutboxRelease(key: string, digest: string, inDoubt: '1' | '0'): Promise<unknown>;
}

const ClaimReply = z.union([
  z.null(),
  z.literal('held'),
  z.tuple([z.string(), z.string().regex(/^\d+$/), z.enum(['0', '1'])]),
]);
const Items = z.array(z.json());

/** What {@link createRedisOutbox} needs: the client, the data crypto, the clock and the store's event digest. */
export interface RedisOutboxOptions {
  redis: RedisClient;
  crypto: DataCrypto;
  clock: Clock;
  digest(eventId: string): string;
  /** Wraps each Redis call (the store's failure mapping). */
  attempt<T>(operation: string, run: () => Promise<T>): Promise<T>;
}

/** The outbox in Redis, one hash per user beside the state (same hash tag), living as long as seen events do. */
export function createRedisOutbox(options: RedisOutboxOptions): ReplyOutbox {
  const { redis, crypto, clock, digest, attempt } = options;
  redis.defineCommand('steadyOutboxClaim', { numberOfKeys: 1, lua: CLAIM_LUA });
  redis.defineCommand('steadyOutboxSent', { numberOfKeys: 1, lua: SENT_LUA });
  redis.defineCommand('steadyOutboxRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
  const commands = redis as RedisClient & OutboxCommands;
  return {
    async claim(user, eventId) {
      const field = digest(eventId);
      const now = clock.now();
      const reply = ClaimReply.parse(
        await attempt('outbox', () => commands.steadyOutboxClaim(outboxKey(user), field, now, now + SEND_LEASE_MS)),
      );
      if (reply === null || reply === 'held') return reply ?? undefined;
      const items = Items.parse(JSON.parse(crypto.decrypt(reply[0], aadOf(user, field))));
      return { items: items as Json[], sent: Number(reply[1]), inDoubt: reply[2] === '1' };
    },
    async sent(user, eventId, count, total) {
      await attempt('outbox', () => commands.steadyOutboxSent(outboxKey(user), digest(eventId), count, total));
    },
    async release(user, eventId, inDoubt) {
      const doubt = inDoubt ? '1' : '0';
      await attempt('outbox', () => commands.steadyOutboxRelease(outboxKey(user), digest(eventId), doubt));
    },
  };
}

interface MemoryEntry {
  items: Json[];
  sent: number;
  lease: number;
  /** Set by a release; a lease that ran out without one leaves the next reply in doubt. */
  inDoubt?: boolean;
}

/** The in-memory outbox of the memory store: same rules, entries bounded per user. */
export interface MemoryOutbox extends ReplyOutbox {
  /** Records an applied turn's items (called by the memory store's commit). */
  record(user: UserKey, eventId: string, items: readonly Json[]): void;
  /** Forgets the user's entries. */
  forget(user: UserKey): void;
}

/** An in-process {@link ReplyOutbox}. */
export function createMemoryOutbox(clock: Clock): MemoryOutbox {
  const users = new Map<UserKey, Map<string, MemoryEntry>>();
  const entry = (user: UserKey, eventId: string): MemoryEntry | undefined => users.get(user)?.get(eventId);
  return {
    record(user, eventId, items) {
      const entries = users.get(user) ?? new Map<string, MemoryEntry>();
      if (entries.size >= OUTBOX_FIELD_LIMIT / 4) entries.clear();
      entries.set(eventId, { items: [...items], sent: 0, lease: clock.now() + SEND_LEASE_MS });
      users.set(user, entries);
    },
    forget: (user) => void users.delete(user),
    async claim(user, eventId) {
      const found = entry(user, eventId);
      if (found === undefined) return undefined;
      const now = clock.now();
      if (found.lease > now) return 'held';
      const inDoubt = found.inDoubt ?? true;
      found.lease = now + SEND_LEASE_MS;
      delete found.inDoubt;
      return { items: found.items, sent: found.sent, inDoubt };
    },
    async sent(user, eventId, count, total) {
      const found = entry(user, eventId);
      if (found === undefined) return;
      found.sent = count;
      if (count < total) return;
      const entries = users.get(user);
      entries?.delete(eventId);
      if (entries?.size === 0) users.delete(user);
    },
    async release(user, eventId, inDoubt) {
      const found = entry(user, eventId);
      if (found === undefined) return;
      found.lease = 0;
      found.inDoubt = inDoubt;
    },
  };
}
