// The one-round-trip commit of a turn, as one Lua script so it is all-or-nothing.
//
// KEYS[1] state hash, KEYS[2] the user's seen-events sorted set (member: redis-keys.ts seenMember, score:
// expiry in whole seconds), KEYS[3] the user's history hash (chunks of history lists, see stored-state.ts),
// KEYS[4] the user's reply outbox.
// ARGV[1] expected rev, [2] TTL of state and history (s), [3] event digest (the outbox field), [4] now (ms),
// [5] seen TTL (ms), [6] seen limit, [7] whole ('1': the state hash is replaced; '0': only the given fields
// change), [8] n state fields, [9] h history chunks, [10] the turn's sealed replies ('' for none), [11] their
// send lease (ms), [12] the outbox's field limit, [13] the event's seen member, [14] now (whole seconds),
// [15] the member's expiry (whole seconds), then n field/value pairs for the state hash, then h field/value
// pairs for the history hash, then the state hash fields to delete.
//
// The duplicate check comes first: a redelivered event finds a newer rev, and reporting that as a conflict
// would make the engine apply the event a second time. Keeping seen events in one set per user (expired and
// surplus members trimmed here) bounds their memory and lets forget name every key. A partial write is safe
// because the rev check proves the hash is still the one the turn read. History chunks are only ever added
// (each named by the new rev, so none is overwritten); their hash gets the state's TTL on every commit.
//
// Seen sets written before members became integers and scores seconds hold the event digest, scored by its
// expiry in ms (above LEGACY_SEEN_MS): those are still matched and expired by their own clock, so an event
// applied just before an upgrade is not applied again after it. They are all gone one seen TTL after it.

// Scores above this are expiries in ms (legacy members); seconds stay below it until the year 5138.
const LEGACY_SEEN_MS = 100_000_000_000;

/** The Lua source of the commit script. */
export const COMMIT_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[14])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '(${LEGACY_SEEN_MS}', ARGV[4])
if redis.call('ZSCORE', KEYS[2], ARGV[13]) or redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 'duplicate' end
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 'conflict' end
if ARGV[7] == '1' then redis.call('DEL', KEYS[1]) end
local n = tonumber(ARGV[8])
local h = tonumber(ARGV[9])
local state = {'rev', rev + 1}
for i = 16, 15 + 2 * n do state[#state + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(state))
if h > 0 then redis.call('HSET', KEYS[3], unpack(ARGV, 16 + 2 * n, 15 + 2 * n + 2 * h)) end
if #ARGV > 15 + 2 * n + 2 * h then redis.call('HDEL', KEYS[1], unpack(ARGV, 16 + 2 * n + 2 * h)) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[15], ARGV[13])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[6]) + 1))
redis.call('PEXPIRE', KEYS[2], ARGV[5])
-- Reply outbox (src/session/outbox.ts): the turn's replies, held by this writer, until confirmed sent
if ARGV[10] ~= '' then
  if redis.call('HLEN', KEYS[4]) >= tonumber(ARGV[12]) then redis.call('DEL', KEYS[4]) end
  redis.call('HSET', KEYS[4], ARGV[3], ARGV[10], ARGV[3]..':lease', ARGV[11])
  redis.call('PEXPIRE', KEYS[4], ARGV[5])
end
return 'ok'
`;

/** The arguments of one commit, in the script's order. */
export interface CommitArgs {
  keys: { state: string; seen: string; history: string; outbox: string };
  /** The turn's replies for the outbox (session/outbox.ts): sealed ('' for none), held until `leaseUntil`. */
  replies: { sealed: string; leaseUntil: number; limit: number };
  rev: number;
  ttlSeconds: number;
  digest: string;
  /** The event's member of the seen set (redis-keys.ts seenMember). */
  seenMember: string;
  now: number;
  seenTtlMs: number;
  seenLimit: number;
  whole: boolean;
  set: readonly (readonly [string, string])[];
  history: readonly (readonly [string, string])[];
  deleted: readonly string[];
}

/** The command's arguments (keys first) for `args`. */
export function commitArgv(args: CommitArgs): (string | number | Buffer)[] {
  return [
    args.keys.state,
    args.keys.seen,
    args.keys.history,
    args.keys.outbox,
    args.rev,
    args.ttlSeconds,
    args.digest,
    args.now,
    args.seenTtlMs,
    args.seenLimit,
    args.whole ? '1' : '0',
    args.set.length,
    args.history.length,
    args.replies.sealed,
    args.replies.leaseUntil,
    args.replies.limit,
    args.seenMember,
    Math.floor(args.now / 1000),
    // Rounded up, so an event is never forgotten before its full seen TTL has passed.
    Math.ceil((args.now + args.seenTtlMs) / 1000),
    ...args.set.flatMap(bytesOf),
    ...args.history.flatMap(bytesOf),
    ...args.deleted,
  ];
}

// Field names are text; values are bytes carried as latin1 strings (stored-state.ts), sent as they are.
function bytesOf([field, value]: readonly [string, string]): [string, Buffer] {
  return [field, Buffer.from(value, 'latin1')];
}
