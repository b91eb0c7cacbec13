import type { Redis } from 'ioredis';
import { commandCounts, delta } from './commandstats.js';
import { since } from './stats.js';

/** One simulated user: each call is one turn, and a user's turns never overlap. Resolves `false` for a turn that failed. */
export type Worker = () => Promise<boolean | void>;

/** What a timed run did: turns, wall time, each turn's latency, and the commands Redis ran meanwhile. */
export interface TimedRun {
  /** Turns that succeeded. */
  turns: number;
  /** Turns that failed (a timeout, say); their latency is in `latenciesMs` too, since someone waited for them. */
  failed: number;
  seconds: number;
  /** CPU time this Node process used meanwhile (user + system), which other processes on the machine do not inflate. */
  cpuSeconds: number;
  latenciesMs: number[];
  /** `INFO commandstats` delta over the run (empty without an admin client). */
  commands: Map<string, number>;
}

/**
 * Runs all `workers` at once, each doing turn after turn, until `ms` has passed; a turn under way then
 * finishes and counts. With `admin` (a client nobody else uses), `INFO commandstats` is read just before
 * and after, so `commands` holds exactly what the workers sent, plus what their scripts ran inside Redis.
 */
export async function runFor(workers: readonly Worker[], ms: number, admin?: Redis): Promise<TimedRun> {
  const before = admin ? await commandCounts(admin) : undefined;
  const latenciesMs: number[] = [];
  let failed = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    workers.map(async (turn) => {
      while (performance.now() < end) {
        const began = performance.now();
        const ok = await turn();
        latenciesMs.push(since(began));
        if (ok === false) failed += 1;
      }
    }),
  );
  const seconds = since(start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const commands = admin && before ? delta(before, await commandCounts(admin)) : new Map<string, number>();
  return { turns: latenciesMs.length - failed, failed, seconds, cpuSeconds, latenciesMs, commands };
}

/** CPU seconds (user + system) this process used since `from` (a `process.cpuUsage()` reading). */
export function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

/** Several runs of the same loop taken together, as if they were one. */
export function combine(runs: readonly TimedRun[]): TimedRun {
  const commands = new Map<string, number>();
  for (const run of runs)
    for (const [name, calls] of run.commands) commands.set(name, (commands.get(name) ?? 0) + calls);
  return {
    turns: runs.reduce((sum, r) => sum + r.turns, 0),
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
    cpuSeconds: runs.reduce((sum, r) => sum + r.cpuSeconds, 0),
    latenciesMs: runs.flatMap((r) => r.latenciesMs),
    commands,
  };
}

/** The commands one call of `once` makes Redis run, from `INFO commandstats` around it (nothing else may use Redis meanwhile). */
export async function commandsOf(admin: Redis, once: () => Promise<unknown>): Promise<Map<string, number>> {
  const before = await commandCounts(admin);
  await once();
  return delta(before, await commandCounts(admin));
}
