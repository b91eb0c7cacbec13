import type { Redis } from 'ioredis';
import type { Claim, DueIndex } from '../../src/schedule/due-index.js';
import { commandCounts, delta, roundTrips } from '../support/commandstats.js';
import { round, since, summarize, type LatencySummary } from '../support/stats.js';
import { DAY, PLAN_BATCH, type DueWindow } from './population.js';

/** The real worker's batch size and lease (src/schedule/worker.ts defaults). */
export const BATCH = 200;
export const LEASE_MS = 60_000;

// What the claim script runs inside Redis: counted by INFO commandstats under their own names, but no round trip.
const CLAIM_SCRIPT_COMMANDS: ReadonlySet<string> = new Set(['zrangebyscore', 'incrby', 'zadd', 'hset']);

/** One claim call: its duration, how many members it took, and the Redis commands it caused. */
export interface ClaimCall {
  ms: number;
  claimed: number;
  /** Client round trips (script calls) and commands the script ran inside Redis, from INFO commandstats. */
  roundTrips: number;
  scriptCommands: number;
}

/** One claim-until-empty drain of a window: the claim calls a worker's ticks would make, the last (empty) one included. */
export interface DrainRound {
  due: number;
  calls: ClaimCall[];
  /** Wall time to complete every claim afterwards (pipelined, not part of the claim figures). */
  completeMs: number;
}

/** A drain in progress: each `step()` is one claim call; `finish()` checks the window and completes its claims. */
export interface Drain {
  /** Makes one claim call; false once a call came back empty. */
  step(): Promise<boolean>;
  finish(): Promise<DrainRound>;
}

/** Claims `window` in batches of {@link BATCH}, one call per step, until a claim comes back empty. */
export function startDrain(index: DueIndex, admin: Redis, window: DueWindow): Drain {
  const claims: Claim[] = [];
  const calls: ClaimCall[] = [];
  let open = true;
  return {
    async step() {
      if (!open) return false;
      // INFO before and after each call, outside the timed part, so every call's commands are its own.
      const before = await commandCounts(admin);
      const started = performance.now();
      const batch = await index.claim(window.now, BATCH, LEASE_MS);
      const ms = since(started);
      const after = await commandCounts(admin);
      const scriptCommands = [...delta(before, after)].reduce(
        (sum, [name, n]) => sum + (CLAIM_SCRIPT_COMMANDS.has(name) ? n : 0),
        0,
      );
      calls.push({
        ms,
        claimed: batch.length,
        roundTrips: roundTrips(before, after, CLAIM_SCRIPT_COMMANDS),
        scriptCommands,
      });
      claims.push(...batch);
      open = batch.length > 0;
      return open;
    },
    async finish() {
      if (claims.length !== window.to - window.from) {
        throw new Error(
          `Claimed ${claims.length} members of a window of ${window.to - window.from}; the windows overlap or a worker is still running.`,
        );
      }
      return { due: claims.length, calls, completeMs: await completeAll(index, claims, window.now + DAY) };
    },
  };
}

async function completeAll(index: DueIndex, claims: readonly Claim[], nextAt: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < claims.length; i += PLAN_BATCH) {
    const done = await Promise.all(claims.slice(i, i + PLAN_BATCH).map((claim) => index.complete(claim, nextAt)));
    if (done.includes(false))
      throw new Error('A completion found its lease gone; nothing else should claim during the tick measurement.');
  }
  return since(started);
}

/** Several drain rounds of one configuration, summarized. */
export interface TickCost {
  total: number;
  due: number;
  rounds: number;
  /** Per claim call that took a full batch (the empty call that ends each drain left out). */
  claimMs: LatencySummary;
  /** Round trips and in-Redis script commands per full claim call, and for the empty call that ends a drain. */
  roundTripsPerClaim: number;
  scriptCommandsPerClaim: number;
  scriptCommandsEmptyClaim: number;
  /** Claim-until-empty wall time per round (sum of its claim calls), mean over rounds. */
  drainMs: number;
  /** Completing the round's claims a day later, per member, in µs (pipelined). */
  completeUsPerMember: number;
}

/** Summarizes the drain rounds of one configuration (`total` members in the index, the same due count each round). */
export function summarizeRounds(total: number, rounds: readonly DrainRound[]): TickCost {
  const calls = rounds.flatMap((r) => r.calls);
  const [full, empty] = [calls.filter((c) => c.claimed > 0), calls.filter((c) => c.claimed === 0)];
  const mean = (of: readonly ClaimCall[], pick: (c: ClaimCall) => number): number =>
    of.reduce((sum, c) => sum + pick(c), 0) / Math.max(1, of.length);
  const members = rounds.reduce((sum, r) => sum + r.due, 0);
  return {
    total,
    due: rounds[0]?.due ?? 0,
    rounds: rounds.length,
    claimMs: summarize(full.map((c) => c.ms)),
    roundTripsPerClaim: round(
      mean(full, (c) => c.roundTrips),
      2,
    ),
    scriptCommandsPerClaim: round(
      mean(full, (c) => c.scriptCommands),
      1,
    ),
    scriptCommandsEmptyClaim: round(
      mean(empty, (c) => c.scriptCommands),
      1,
    ),
    drainMs: round(calls.reduce((sum, c) => sum + c.ms, 0) / rounds.length, 1),
    completeUsPerMember: round((rounds.reduce((sum, r) => sum + r.completeMs, 0) * 1000) / members, 1),
  };
}
