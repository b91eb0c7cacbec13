import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { since } from '../support/stats.js';

/** One day in ms: the span the population's due times are spread over. */
export const DAY = 86_400_000;

/** Plans in flight at once on one connection; ioredis writes them back to back (pipelined), not one round trip after another. */
export const PLAN_BATCH = 1000;

/** Users with due times spread evenly over one day from `start`, in a random order of member names. */
export interface Population {
  members: string[];
  start: number;
  /** When member `i` is due: strictly increasing in `i`, all within `[start, start + DAY)`. */
  dueAt(i: number): number;
}

/** A slice of the population that is due at `now`: every member before `to` is due, and those before `from` were handled already. */
export interface DueWindow {
  from: number;
  to: number;
  now: number;
}

/** `count` members of the real shape (22 base64url characters, like the pseudonymous user keys). */
export function createPopulation(count: number, start: number): Population {
  // One buffer, sliced: one call to the random source instead of a million.
  const bytes = randomBytes(16 * count);
  const members = Array.from({ length: count }, (_, i) => bytes.subarray(16 * i, 16 * i + 16).toString('base64url'));
  return { members, start, dueAt: (i) => start + Math.floor((i * DAY) / count) };
}

/** Hands out consecutive windows of due members, so each measurement claims users no earlier one touched. */
export function createWindows(population: Population): (count: number) => DueWindow {
  let next = 0;
  return (count) => {
    const from = next;
    next += count;
    if (next > population.members.length)
      throw new RangeError(`Only ${population.members.length} members; asked for ${next}.`);
    return { from, to: next, now: population.dueAt(next - 1) };
  };
}

/** Plans every member through the real `plan()`, `PLAN_BATCH` in flight at a time; returns the wall time in ms. */
export async function planAll(index: DueIndex, population: Population): Promise<number> {
  const started = performance.now();
  const { members } = population;
  for (let i = 0; i < members.length; i += PLAN_BATCH) {
    const batch = members.slice(i, i + PLAN_BATCH);
    await Promise.all(batch.map((member, j) => index.plan(member, population.dueAt(i + j))));
  }
  return since(started);
}

// The plan script's logic over many members in one call. Not in src: it estimates what a batch plan API would
// give against one script call per member. KEYS: z, lease, pending. ARGV: member, at, member, at, ...
const PLAN_MANY_LUA = `
for i = 1, #ARGV, 2 do
  local member, at = ARGV[i], ARGV[i + 1]
  if redis.call('HEXISTS', KEYS[2], member) == 1 then
    local held = redis.call('HGET', KEYS[3], member)
    if not held or tonumber(at) < tonumber(held) then redis.call('HSET', KEYS[3], member, at) end
  else
    redis.call('ZADD', KEYS[1], 'LT', at, member)
  end
end
return 1
`;

/** Members per call of the batch-plan sketch. */
export const SKETCH_BATCH = 1000;

/** Plans `count` members with the batch sketch under `keys`, `SKETCH_BATCH` per script call; returns ms. */
export async function planBatchSketch(
  redis: Redis,
  keys: { z: string; lease: string; pending: string },
  population: Population,
  count: number,
): Promise<number> {
  const sha = String(await redis.script('LOAD', PLAN_MANY_LUA));
  const started = performance.now();
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += SKETCH_BATCH) {
    const args: string[] = [];
    for (let j = i; j < Math.min(count, i + SKETCH_BATCH); j++)
      args.push(population.members[j] ?? '', String(population.dueAt(j)));
    calls.push(redis.evalsha(sha, 3, keys.z, keys.lease, keys.pending, ...args));
  }
  await Promise.all(calls);
  return since(started);
}

/** `used_memory` from INFO memory, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const text = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(text);
  if (!match) throw new Error(`INFO memory has no used_memory line: ${text.slice(0, 200)}`);
  return Number(match[1]);
}

/** CPU time redis-server has used so far (user + system, INFO cpu), in ms. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const seconds = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
}

/** MEMORY USAGE of `key` with every element counted (SAMPLES 0), in bytes; 0 for a missing key. */
export async function memoryUsage(redis: Redis, key: string): Promise<number> {
  const reply = await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
  return typeof reply === 'number' ? reply : 0;
}
