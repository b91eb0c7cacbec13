import type { Redis } from 'ioredis';
import type { DueIndex } from '../../src/schedule/due-index.js';
import { dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { round } from '../support/stats.js';
import {
  createWindows,
  memoryUsage,
  planAll,
  planBatchSketch,
  usedMemory,
  type DueWindow,
  type Population,
} from './population.js';
import { startDrain, summarizeRounds, type DrainRound, type TickCost } from './tick-cost.js';

/** Scheduling the whole population through the real plan(), and what it costs in Redis memory. */
export interface PlanningResult {
  users: number;
  ms: number;
  plansPerSecond: number;
  /** The batch sketch (not in src) over the first `sketchUsers` members, on keys of its own. */
  sketchUsers: number;
  sketchPlansPerSecond: number;
  usedMemoryBytes: number;
  usedMemoryPerUser: number;
  sortedSetBytes: number;
  sortedSetPerUser: number;
}

/**
 * Plans `population` under `prefix` with the real `index.plan()` and reads the memory it took; then times the
 * batch sketch on the first `sketchUsers` members under keys of its own, and drops those again.
 */
export async function measurePlanning(
  admin: Redis,
  index: DueIndex,
  prefix: string,
  population: Population,
  sketchUsers: number,
): Promise<PlanningResult> {
  const users = population.members.length;
  const before = await usedMemory(admin);
  const ms = await planAll(index, population);
  const used = (await usedMemory(admin)) - before;
  const size = await index.size();
  if (size !== users) throw new Error(`The due index holds ${size} members after planning ${users}.`);
  const sortedSetBytes = await memoryUsage(admin, dueIndexKeys(prefix).z);
  const sketchKeys = dueIndexKeys(`${prefix}-sketch`);
  const sketchMs = await planBatchSketch(admin, sketchKeys, population, sketchUsers);
  await admin.unlink(...Object.values(sketchKeys));
  return {
    users,
    ms: round(ms, 1),
    plansPerSecond: Math.round((users / ms) * 1000),
    sketchUsers,
    sketchPlansPerSecond: Math.round((sketchUsers / sketchMs) * 1000),
    usedMemoryBytes: used,
    usedMemoryPerUser: round(used / users, 1),
    sortedSetBytes,
    sortedSetPerUser: round(sortedSetBytes / users, 1),
  };
}

/** One index of the tick comparison: its population and the windows still unclaimed in it. */
export interface TickSubject {
  index: DueIndex;
  population: Population;
  take: (count: number) => DueWindow;
}

/** Wraps an index already planned with `population`; pass `take` to go on from windows earlier steps handed out. */
export function tickSubject(index: DueIndex, population: Population, take = createWindows(population)): TickSubject {
  return { index, population, take };
}

/** Tick cost at the same due count in a large and a small index, claim calls interleaved so machine noise hits both alike. */
export interface TickComparison {
  large: TickCost;
  small: TickCost;
  /** The large index with `highDue` due: does the drain grow with what is due? */
  largeHigh: TickCost;
}

/** Drains `rounds` windows of `lowDue` in both indexes side by side, one claim call each in turn, then one window of `highDue` in the large one. */
export async function compareTicks(
  admin: Redis,
  large: TickSubject,
  small: TickSubject,
  sizes: { lowDue: number; highDue: number; rounds: number },
): Promise<TickComparison> {
  // One empty claim first: the server has the claim script cached, so no timed call pays for loading it.
  await large.index.claim(large.population.start - 1, 1, 1);
  const [largeRounds, smallRounds]: [DrainRound[], DrainRound[]] = [[], []];
  for (let r = 0; r < sizes.rounds; r++) {
    const drains = [
      startDrain(large.index, admin, large.take(sizes.lowDue)),
      startDrain(small.index, admin, small.take(sizes.lowDue)),
    ] as const;
    // Alternate call by call; a drain that came back empty is not called again.
    for (let [a, b] = [true, true]; a || b;) {
      if (a) a = await drains[0].step();
      if (b) b = await drains[1].step();
    }
    largeRounds.push(await drains[0].finish());
    smallRounds.push(await drains[1].finish());
  }
  const high = startDrain(large.index, admin, large.take(sizes.highDue));
  while (await high.step());
  const highRound = await high.finish();
  return {
    large: summarizeRounds(large.population.members.length, largeRounds),
    small: summarizeRounds(small.population.members.length, smallRounds),
    largeHigh: summarizeRounds(large.population.members.length, [highRound]),
  };
}
