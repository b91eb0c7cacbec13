import type { Redis } from 'ioredis';

/** Calls per Redis command name, from `INFO commandstats`. */
export type CommandCounts = Map<string, number>;

/** Parses the text of `INFO commandstats` (Redis 7: `cmdstat_<name>:calls=<n>,usec=…`; subcommands as `client|setname`). */
export function parseCommandStats(text: string): CommandCounts {
  const counts: CommandCounts = new Map();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts.set(match[1] ?? '', Number(match[2]));
  return counts;
}

/** Reads `INFO commandstats` (one extra round trip, counted under `info`). */
export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  return parseCommandStats(await redis.info('commandstats'));
}

/**
 * Commands Redis ran between two readings, by name, leaving out the reading itself (`info`). Redis also
 * counts the commands a Lua script runs inside the server under their own names; those cost no round
 * trip, so use {@link roundTrips} or {@link clientRoundTrips} to leave them out.
 */
export function delta(before: CommandCounts, after: CommandCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, calls] of after) {
    const diff = calls - (before.get(name) ?? 0);
    if (diff > 0 && name !== 'info') out.set(name, diff);
  }
  return out;
}

/** Round trips between two readings: every command except those named in `insideScripts` (`evalsha`/`eval` count once per script call). */
export function roundTrips(before: CommandCounts, after: CommandCounts, insideScripts: ReadonlySet<string>): number {
  let total = 0;
  for (const [name, calls] of delta(before, after)) if (!insideScripts.has(name)) total += calls;
  return total;
}

/** The names Redis 7 counts a script call under; each is one client round trip. */
export const SCRIPT_CALLS: ReadonlySet<string> = new Set([
  'evalsha',
  'eval',
  'evalsha_ro',
  'eval_ro',
  'fcall',
  'fcall_ro',
]);

/** Client round trips in a {@link delta}, and how they were made up. */
export interface RoundTripCount {
  /** Script calls plus every command a client sent directly. */
  roundTrips: number;
  scriptCalls: number;
  /** Commands clients sent themselves (not from inside a script), by name. */
  direct: Map<string, number>;
}

/**
 * Client round trips in `commands` (a {@link delta}), given `perScriptCall`: the commands one script call
 * runs inside Redis, measured by calibration (the delta of a single call, minus the call itself). Each
 * script call is one round trip; a command is counted as sent by a client only for the calls beyond what
 * the script calls explain, so a name used both inside the script and directly is still counted right.
 * Exact when every script call takes the calibrated path (the measured commits all succeed).
 */
export function clientRoundTrips(
  commands: ReadonlyMap<string, number>,
  perScriptCall: ReadonlyMap<string, number>,
): RoundTripCount {
  let scriptCalls = 0;
  for (const name of SCRIPT_CALLS) scriptCalls += commands.get(name) ?? 0;
  const direct = new Map<string, number>();
  for (const [name, calls] of commands) {
    if (SCRIPT_CALLS.has(name)) continue;
    const beyondScripts = calls - scriptCalls * (perScriptCall.get(name) ?? 0);
    if (beyondScripts > 0) direct.set(name, beyondScripts);
  }
  let roundTrips = scriptCalls;
  for (const calls of direct.values()) roundTrips += calls;
  return { roundTrips, scriptCalls, direct };
}

/** The commands one script call ran inside Redis, from the {@link delta} around exactly one call. */
export function insideOneCall(commands: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...commands].filter(([name]) => !SCRIPT_CALLS.has(name)));
}
