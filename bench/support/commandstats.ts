import type { Redis } from 'ioredis';

/** Calls per Redis command name, from `INFO commandstats`. */
export type CommandCounts = Map<string, number>;

/** Reads `INFO commandstats` (one extra round trip, counted under `info`). */
export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  const text = await redis.info('commandstats');
  const counts: CommandCounts = new Map();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts.set(match[1] ?? '', Number(match[2]));
  return counts;
}

/**
 * Commands sent by clients between two readings, by name, leaving out the reading itself (`info`) and
 * the commands a Lua script runs inside Redis: those are counted by Redis under their own names but
 * cost no round trip, so `scriptCommands` lists them to subtract (e.g. the calls a commit script makes).
 */
export function delta(before: CommandCounts, after: CommandCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, calls] of after) {
    const diff = calls - (before.get(name) ?? 0);
    if (diff > 0 && name !== 'info') out.set(name, diff);
  }
  return out;
}

/** Round trips between two readings: client-issued commands only (`evalsha`/`eval` count once per script call). */
export function roundTrips(before: CommandCounts, after: CommandCounts, insideScripts: ReadonlySet<string>): number {
  let total = 0;
  for (const [name, calls] of delta(before, after)) if (!insideScripts.has(name)) total += calls;
  return total;
}
