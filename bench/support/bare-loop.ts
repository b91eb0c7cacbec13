import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Worker } from './timed.js';

// The floor a Steady turn is measured against: the same two round trips Steady's store makes (one HMGET
// read, one Lua compare-and-set by EVALSHA) carrying a blob of the same size, with no engine, no crypto
// and no JSON. The script is the part of Steady's commit that any compare-and-set needs; Steady's own
// also trims and checks the user's seen-events set, which is part of what the comparison measures.
const CAS_LUA = `
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('HSET', KEYS[1], 'rev', rev + 1, 'data', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 'ok'
`;

interface CasCommand {
  benchCas(key: string, rev: number, data: string, ttlSeconds: number): Promise<unknown>;
}

/** Options of {@link createBareWorkers}. */
export interface BareOptions {
  /** Characters of the stored blob: the size of Steady's encrypted state. */
  blobChars: number;
  /** Key prefix; each worker writes `<prefix>:{u<i>}:state`. */
  prefix: string;
  ttlSeconds: number;
}

/** Defines the compare-and-set script on `redis` (sent by EVALSHA, as ioredis does for Steady's commit). */
export function withCas(redis: Redis): Redis & CasCommand {
  redis.defineCommand('benchCas', { numberOfKeys: 1, lua: CAS_LUA });
  return redis as Redis & CasCommand;
}

/**
 * One bare "turn" for the key: read rev and data, then compare-and-set a new blob. A Redis error (a
 * command timeout under load) fails the turn, as Steady's store would; a conflict throws, since each
 * worker owns its key and one means the bench itself is wrong.
 */
export function bareTurn(redis: Redis & CasCommand, key: string, blob: string, ttlSeconds: number): Worker {
  return async () => {
    let reply: unknown;
    try {
      const [rev] = await redis.hmget(key, 'rev', 'data');
      reply = await redis.benchCas(key, Number(rev ?? 0), blob, ttlSeconds);
    } catch {
      return false;
    }
    if (reply !== 'ok')
      throw new Error(
        `bare loop: compare-and-set on '${key}' answered ${String(reply)}; each worker should own its key.`,
      );
    return true;
  };
}

/** `count` bare workers, one key each, on a client made by {@link withCas}. */
export function createBareWorkers(redis: Redis & CasCommand, count: number, options: BareOptions): Worker[] {
  const blob = randomBytes(Math.ceil((options.blobChars * 3) / 4))
    .toString('base64url')
    .slice(0, options.blobChars);
  return Array.from({ length: count }, (_, i) =>
    bareTurn(redis, `${options.prefix}:{u${i}}:state`, blob, options.ttlSeconds),
  );
}
