import type { RedisClient } from '../session/redis-target.js';
import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { attemptRedis } from '../session/redis-store.js';
import type { Claim, DueIndex } from './due-index.js';

// === Keys

/** The Redis keys of one due index; all share the `{due}` hash tag, so every script runs on one Cluster slot. */
export interface DueIndexKeys {
  /** Sorted set: member → epoch ms it is due (or its lease runs out). */
  z: string;
  /** Hash: member → token of its live claim. */
  lease: string;
  /** Hash: member → earliest time planned while it was leased. */
  pending: string;
  /** Counter the claim tokens are drawn from. */
  seq: string;
}

/** The keys of the due index under `prefix`; a deployment (or a test) with its own prefix has its own index. */
export function dueIndexKeys(prefix = 'steady'): DueIndexKeys {
  if (/[{}]/.test(prefix)) {
    throw new SteadyError(
      ErrorCode.Config,
      `Due index prefix '${prefix}' must not contain '{' or '}': the keys carry their own hash tag.`,
    );
  }
  const base = `${prefix}:{due}`;
  return { z: `${base}:z`, lease: `${base}:lease`, pending: `${base}:pending`, seq: `${base}:seq` };
}

// === Scripts
// Times travel as strings computed in TypeScript and are compared with tonumber() only: Lua would print a
// computed number with 14 significant digits, and epoch ms must reach ZADD exactly.

// KEYS: z, lease, pending. ARGV: member, at.
// While leased, the score is the lease expiry; lowering it would hand the member to a second worker, so the
// time waits in `pending` until the holder completes.
const PLAN_LUA = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  local held = redis.call('HGET', KEYS[3], ARGV[1])
  if not held or tonumber(ARGV[2]) < tonumber(held) then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
  return 0
end
redis.call('ZADD', KEYS[1], 'LT', ARGV[2], ARGV[1])
return 1
`;

// KEYS: z, lease, seq. ARGV: now, limit, lease expiry. Returns a flat list: member, token, old score, ...
// ZRANGEBYSCORE with LIMIT costs O(log N + limit), so members not yet due are never visited.
const CLAIM_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
local count = #due / 2
if count == 0 then return {} end
local last = redis.call('INCRBY', KEYS[3], count)
local out = {}
for i = 1, count do
  local member = due[2 * i - 1]
  local token = tostring(last - count + i)
  redis.call('ZADD', KEYS[1], ARGV[3], member)
  redis.call('HSET', KEYS[2], member, token)
  out[#out + 1] = member
  out[#out + 1] = token
  out[#out + 1] = due[2 * i]
end
return out
`;

// KEYS: z, lease, pending. ARGV: member, token, next time ('' for none). Returns 1, or 0 for a lost lease.
const COMPLETE_LUA = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
local final = ARGV[3]
local held = redis.call('HGET', KEYS[3], ARGV[1])
if held then
  redis.call('HDEL', KEYS[3], ARGV[1])
  if final == '' or tonumber(held) < tonumber(final) then final = held end
end
if final == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], final, ARGV[1]) end
return 1
`;

// KEYS: z, lease, pending. ARGV: member, token, next time, for each claim in turn. Returns 1 or 0 per claim.
// The single completion, called once per claim, so the two cannot drift apart.
const COMPLETE_MANY_LUA = `
local function complete(KEYS, ARGV)
${COMPLETE_LUA}
end
local out = {}
for i = 1, #ARGV, 3 do out[#out + 1] = complete(KEYS, {ARGV[i], ARGV[i + 1], ARGV[i + 2]}) end
return out
`;

// KEYS: z, lease, pending. ARGV: member.
const REMOVE_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
`;

interface DueCommands {
  steadyDuePlan(z: string, lease: string, pending: string, member: string, at: string): Promise<unknown>;
  steadyDueClaim(z: string, lease: string, seq: string, now: string, limit: number, until: string): Promise<unknown>;
  steadyDueComplete(
    z: string,
    lease: string,
    pending: string,
    member: string,
    token: string,
    next: string,
  ): Promise<unknown>;
  steadyDueCompleteMany(z: string, lease: string, pending: string, ...claims: string[]): Promise<unknown>;
  steadyDueRemove(z: string, lease: string, pending: string, member: string): Promise<unknown>;
}

const ClaimReply = z.array(z.string()).refine((items) => items.length % 3 === 0);
const CompletedReply = z.array(z.union([z.literal(0), z.literal(1)]));
const FirstReply = z.union([z.tuple([]), z.tuple([z.string(), z.string()])]);

// === Index

/** Options of {@link createRedisDueIndex}. */
export interface RedisDueIndexOptions {
  /** A client the caller owns (and closes); the index only defines its scripts on it. */
  redis: RedisClient;
  /** Key prefix (default `steady`); keys are `<prefix>:{due}:z` and so on. */
  prefix?: string;
  /** Hears every failed Redis call by operation (`due_claim`, `due_plan`...), for metrics. */
  onError?: (operation: string, error: unknown) => void;
}

/**
 * The Redis {@link DueIndex}: a sorted set plus lease and pending hashes, each operation one atomic script,
 * so any number of processes can claim side by side. Redis failures become `STEADY_STORE_UNAVAILABLE`.
 */
export function createRedisDueIndex(options: RedisDueIndexOptions): DueIndex {
  const { redis } = options;
  const keys = dueIndexKeys(options.prefix);
  const attempt = <T>(operation: string, run: () => Promise<T>): Promise<T> =>
    attemptDue(operation, run, options.onError);
  redis.defineCommand('steadyDuePlan', { numberOfKeys: 3, lua: PLAN_LUA });
  redis.defineCommand('steadyDueClaim', { numberOfKeys: 3, lua: CLAIM_LUA });
  redis.defineCommand('steadyDueComplete', { numberOfKeys: 3, lua: COMPLETE_LUA });
  redis.defineCommand('steadyDueCompleteMany', { numberOfKeys: 3, lua: COMPLETE_MANY_LUA });
  redis.defineCommand('steadyDueRemove', { numberOfKeys: 3, lua: REMOVE_LUA });
  const commands = redis as RedisClient & DueCommands;

  return {
    async plan(member, at) {
      const score = toScore('at', at);
      await attempt('plan', () => commands.steadyDuePlan(keys.z, keys.lease, keys.pending, member, score));
    },
    async claim(now, limit, leaseMs) {
      const [from, until] = [toScore('now', now), toScore('now + leaseMs', now + leaseMs)];
      const count = Math.floor(limit);
      // LIMIT 0 with a negative count would return every due member, so an empty batch never reaches Redis.
      if (!(count >= 1)) return [];
      const reply = await attempt('claim', () =>
        commands.steadyDueClaim(keys.z, keys.lease, keys.seq, from, count, until),
      );
      return toClaims(reply);
    },
    async complete(claim, nextAt) {
      const next = nextAt === null ? '' : toScore('nextAt', nextAt);
      const reply = await attempt('complete', () =>
        commands.steadyDueComplete(keys.z, keys.lease, keys.pending, claim.member, claim.token, next),
      );
      return reply === 1;
    },
    async completeMany(completions) {
      if (completions.length === 0) return [];
      const flat = completions.flatMap(({ claim, nextAt }) => [
        claim.member,
        claim.token,
        nextAt === null ? '' : toScore('nextAt', nextAt),
      ]);
      const reply = await attempt('completeMany', () =>
        commands.steadyDueCompleteMany(keys.z, keys.lease, keys.pending, ...flat),
      );
      const done = parseReply(CompletedReply, reply, 'completeMany');
      if (done.length !== completions.length) parseReply(z.never(), reply, 'completeMany');
      return done.map((one) => one === 1);
    },
    async remove(member) {
      await attempt('remove', () => commands.steadyDueRemove(keys.z, keys.lease, keys.pending, member));
    },
    size: () => attempt('size', () => redis.zcard(keys.z)),
    async dueCount(now) {
      const score = toScore('now', now);
      return attempt('dueCount', () => redis.zcount(keys.z, '-inf', score));
    },
    async nextDueAt() {
      const reply = await attempt('nextDueAt', () => redis.zrange(keys.z, 0, 0, 'WITHSCORES'));
      const first = parseReply(FirstReply, reply, 'nextDueAt');
      return first.length === 0 ? null : Number(first[1]);
    },
  };
}

// Whole epoch ms only: a fraction or NaN would either fail inside the script or be stored inexactly.
function toScore(name: string, value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Due index: '${name}' must be whole epoch milliseconds; got ${value}.`);
  }
  return String(value);
}

function toClaims(reply: unknown): Claim[] {
  const flat = parseReply(ClaimReply, reply, 'claim');
  const claims: Claim[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    claims.push({ member: flat[i] as string, token: flat[i + 1] as string, dueAt: Number(flat[i + 2]) });
  }
  return claims;
}

function parseReply<T>(schema: z.ZodType<T>, reply: unknown, operation: string): T {
  const parsed = schema.safeParse(reply);
  if (!parsed.success) {
    throw new SteadyError(
      ErrorCode.StoreCorrupt,
      `The due index ${operation} answered ${JSON.stringify(reply)}; check that nothing else writes its keys.`,
    );
  }
  return parsed.data;
}

function attemptDue<T>(operation: string, run: () => Promise<T>, onError: RedisDueIndexOptions['onError']): Promise<T> {
  // Metric labels are snake case: `nextDueAt` is reported as `due_next_due_at`.
  const report =
    onError &&
    ((_: string, error: unknown) => onError(`due_${operation.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, error));
  return attemptRedis(
    `due index ${operation}`,
    'Members stay due and are picked up once Redis answers again.',
    run,
    report,
  );
}
