import { advance, type Program } from '../src/engine/advance.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { round, since, summarize, type LatencySummary } from './support/stats.js';
import { countingGc, type GcSummary } from './support/gc.js';
import { cpuSecondsSince } from './support/timed.js';
import { buildUser, loadProgram, MIX_TURNS, mixComposition, recordMix, type RecordedTurn } from './workload.js';

// The pure core alone: no Redis, no crypto, no JSON. Every turn of one round of the mix is recorded once
// (state before, input, time) by playing the real flows, then `advance` is called on those recorded
// turns over and over. `advance` never mutates its input, so replaying a recorded turn is the same work
// each time; the engine loop's other parts (load, decrypt, commit) are the full-turn section's subject.

/** The goal for one turn of the mix. */
const GOAL_P99_MS = 0.2;

/** How long to warm up and to measure, in ms. */
export interface AdvanceTiming {
  warmupMs: number;
  measureMs: number;
}

/** What timing `advance` over recorded turns gave. */
export interface AdvanceMeasurement {
  calls: number;
  seconds: number;
  turnsPerSecond: number;
  /** Calls per second of this process's CPU time: what one core gives when nothing else competes for it. */
  turnsPerCpuSecond: number;
  latencyMs: LatencySummary;
  /** CPU time (user + system) of this process per call: what the call cost, without waiting for a core. */
  cpuMs: LatencySummary;
  /** Latency per script of the mix (assessment, draft review, daily check-in). */
  byScript: Record<string, LatencySummary>;
  /** CPU time per call, per script of the mix. */
  cpuByScript: Record<string, LatencySummary>;
  /** Garbage collections during the measured calls. */
  gc: GcSummary;
}

/**
 * Calls `advance` on `turns` in order, round after round, first for `warmupMs` (so the JIT has compiled
 * the hot paths), then for `measureMs`, timing each call on its own. Runs on the calling thread: one core.
 */
export function measureAdvance(
  program: Program,
  turns: readonly RecordedTurn[],
  timing: AdvanceTiming,
): AdvanceMeasurement {
  if (turns.length === 0) throw new Error('measureAdvance needs at least one recorded turn.');
  let sink = 0;
  const warmEnd = performance.now() + timing.warmupMs;
  while (performance.now() < warmEnd)
    for (const t of turns) sink += advance(program, t.state, t.input, t.now).effects.length;
  const timer = callTimer();
  const timeRound = (): void => {
    // Reading the result keeps the call from being optimised away.
    for (const t of turns)
      timer.time(t.script, () => (sink += advance(program, t.state, t.input, t.now).effects.length));
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + timing.measureMs;
  const { gc } = countingGc(() => {
    // Whole rounds only, so the mix's composition is exactly the recorded one.
    while (performance.now() < end) timeRound();
  });
  const seconds = since(start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  if (sink < 0) throw new Error('unreachable');
  const calls = timer.calls();
  return {
    calls,
    seconds: round(seconds),
    turnsPerSecond: Math.round(calls / seconds),
    turnsPerCpuSecond: Math.round(calls / Math.max(cpuSeconds, 1e-6)),
    ...timer.summary(),
    gc,
  };
}

/** Wall clock and CPU time of each call, by script. */
function callTimer() {
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const allWall: number[] = [];
  const allCpu: number[] = [];
  const bySummary = (map: Map<string, number[]>): Record<string, LatencySummary> =>
    Object.fromEntries([...map].map(([name, ms]) => [name, summarize(ms)]));
  return {
    time(script: string, call: () => unknown): void {
      const began = performance.now();
      const used = process.cpuUsage();
      call();
      const spent = process.cpuUsage(used);
      const ms = since(began);
      const cpuMs = (spent.user + spent.system) / 1000;
      allWall.push(ms);
      allCpu.push(cpuMs);
      listOf(wall, script).push(ms);
      listOf(cpu, script).push(cpuMs);
    },
    calls: (): number => allWall.length,
    summary: () => ({
      latencyMs: summarize(allWall),
      cpuMs: summarize(allCpu),
      byScript: bySummary(wall),
      cpuByScript: bySummary(cpu),
    }),
  };
}

function listOf(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** Turns/s and latency of `advance` alone over the realistic mix, on one core. */
export const engineOnly: Section = {
  name: 'engineOnly',
  title: 'Engine only: advance() over the realistic mix, one core, no I/O',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const program = await loadProgram();
    const user = buildUser(program);
    const turns = recordMix(program, user);
    const timing: AdvanceTiming = ctx.quick ? { warmupMs: 300, measureMs: 700 } : { warmupMs: 2_000, measureMs: 8_000 };
    ctx.log(
      `timing advance() over ${turns.length} recorded turns for ${timing.measureMs / 1000} s after ${timing.warmupMs / 1000} s warm-up`,
    );
    const m = measureAdvance(program, turns, timing);
    const stateJsonBytes = Buffer.byteLength(JSON.stringify(user.state));
    return {
      figures: { ...m, mix: { turnsPerRound: MIX_TURNS, ...mixComposition() }, stateJsonBytes, historyDays: 90 },
      // CPU time per call is what a turn costs; wall time adds whatever else the machine's cores were doing.
      goals: [{ text: `CPU p99 <= ${GOAL_P99_MS} ms per turn`, value: m.cpuMs.p99, met: m.cpuMs.p99 <= GOAL_P99_MS }],
      table: tableOf(m, stateJsonBytes),
      notes: notesOf(),
    };
  },
};

function tableOf(m: AdvanceMeasurement, stateJsonBytes: number): SectionResult['table'] {
  const perRound = mixComposition().byScript;
  const triple = (s: LatencySummary): string => `${s.p50} / ${s.p99} / ${s.max}`;
  const rows: (string | number)[][] = [
    ['turns/s on one core (wall clock)', m.turnsPerSecond],
    ['turns per CPU second', m.turnsPerCpuSecond],
    [`latency p50 / p99 / max ms, all ${MIX_TURNS} turns of a round`, triple(m.latencyMs)],
    [`CPU time p50 / p99 / max ms, all ${MIX_TURNS} turns of a round`, triple(m.cpuMs)],
    ...Object.entries(m.byScript).flatMap(([name, s]) => [
      [`${name} (${perRound[name] ?? 0} turns) p50 / p99 / max ms`, triple(s)],
      [`${name} CPU time p50 / p99 / max ms`, m.cpuByScript[name] ? triple(m.cpuByScript[name]) : '-'],
    ]),
    [
      'garbage collections (young / other), total and longest pause',
      `${m.gc.count} (${m.gc.scavenges} / ${m.gc.other}), ${m.gc.totalMs} ms, ${m.gc.maxMs} ms`,
    ],
    ['calls timed', `${m.calls} in ${m.seconds} s`],
    ['state before the round (JSON)', `${stateJsonBytes} B`],
  ];
  return { header: ['Measure', 'Value'], rows };
}

function notesOf(): string {
  const kinds = Object.entries(mixComposition().byKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return [
    `One round of the mix is ${MIX_TURNS} turns (${kinds}): the assessment retaken ("Start over") with one typed answer, the plan read card by card and "Not now" to daily prompts,`,
    'a contact reflection with a draft review of a realistic draft (pleading, relationship talk, questions) ending in "Wait a while",',
    'and the daily check-in (mood, then Done). The user is 90 days in (built by playing the same flows once a day), so every',
    'capped list in the state is full. Each recorded turn is replayed in order after a warm-up; latency is per call,',
    "wall clock, GC pauses included; CPU time per call is this process's user + system time around the call, which",
    'waiting for a core does not inflate (a garbage collection inside the call, on any thread, counts towards it).',
    'Turns per CPU second divides by the CPU time the process used instead of wall time,',
    'so other processes competing for the core lower it less (GC threads count towards it).',
  ].join(' ');
}
