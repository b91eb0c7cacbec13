import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createState } from '../src/core/state.js';
import { routeRequest } from '../src/engine/requests.js';
import { understandTyped } from '../src/engine/typed.js';
import type { Program } from '../src/engine/turn.js';
import type { StepOf } from '../src/flow/schema.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { round, since, summarize } from './support/stats.js';
import { loadProgram } from './workload.js';

// What reading one typed answer costs: the labelled answers of test/nlu/tuned, each read against its question's
// options (or the request table) the way the engine reads it, after a warm-up that also compiles every question.

const TUNED = 'test/nlu/tuned';
/** The goal for one answer. */
const GOAL_P99_MS = 1;

interface Answer {
  read(): unknown;
}

function answersOf(program: Program): Answer[] {
  const turn = { program, state: createState(), effects: [], now: Date.UTC(2026, 11, 7, 15) };
  const items = readdirSync(TUNED)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap(
      (f) => (parse(readFileSync(join(TUNED, f), 'utf8')) as { items: { question: string; text: string }[] }).items,
    );
  return items.flatMap((item): Answer[] => {
    if (item.question === 'free') return [{ read: () => routeRequest(program, item.text) }];
    const [flowId, stepId] = item.question.split('/');
    const step = program.registry.flows.get(flowId ?? '')?.steps.find((s) => s.id === stepId);
    if (step?.type !== 'choose') return [];
    return [{ read: () => understandTyped(turn, step as StepOf<'choose'>, item.text) }];
  });
}

/** Latency of reading one typed answer against a question's options, on one core. */
export const matching: Section = {
  name: 'matching',
  title: 'Matching: one typed answer read against its question (src/understand), one core',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const program = await loadProgram();
    const answers = answersOf(program);
    const rounds = ctx.quick ? 2 : 10;
    ctx.log(`reading ${answers.length} labelled answers, ${rounds} rounds after one warm-up round`);
    let sink = 0;
    for (const a of answers) sink += a.read() === undefined ? 0 : 1;
    const all: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      for (const a of answers) {
        const began = performance.now();
        const used = process.cpuUsage();
        sink += a.read() === undefined ? 0 : 1;
        const spent = process.cpuUsage(used);
        all.push(since(began));
        cpu.push((spent.user + spent.system) / 1000);
      }
    }
    if (sink < 0) throw new Error('unreachable');
    const latency = summarize(all);
    const cpuMs = summarize(cpu);
    return {
      figures: { answers: answers.length, rounds, latencyMs: latency, cpuMs },
      // CPU time per answer is what reading costs; wall time adds whatever else the machine's cores were doing.
      goals: [{ text: `CPU p99 <= ${GOAL_P99_MS} ms per answer`, value: cpuMs.p99, met: cpuMs.p99 <= GOAL_P99_MS }],
      table: {
        header: ['Measure', 'Value'],
        rows: [
          ['answers read', `${all.length} (${answers.length} labelled answers x ${rounds})`],
          ['wall clock p50 / p99 / max ms', `${latency.p50} / ${latency.p99} / ${latency.max}`],
          ['CPU time p50 / p99 / max ms', `${cpuMs.p50} / ${cpuMs.p99} / ${cpuMs.max}`],
          ['mean ms', round(latency.mean)],
        ],
      },
      notes:
        'Each answer is read the way the engine reads it: tokens, lemmas and negation from wink-nlp, typo mending, and for dates, times and places chrono-node and the city list. A question is compiled once, on first use; the warm-up round pays for that. CPU time is counted for the whole process, so a garbage collection that falls inside a call counts towards it; wall clock also counts time the call waited for a core.',
    };
  },
};
