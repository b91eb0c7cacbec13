import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { Flow } from '../flow/schema.js';

// The journeys' funnels from a scrape of steady_flow_step_total: per flow, each step in file order with how
// many journeys entered it, answered it and left there. Counts only: the series carry no user and no text.

/** The series the engine counts flow steps in. */
export const FLOW_STEP_SERIES = 'steady_flow_step_total';

// Histograms and summaries have other sample shapes; only the counter's samples are read closely.
const Families = z.array(z.object({ name: z.string(), metrics: z.array(z.unknown()) }));
const CounterSample = z.object({ value: z.string(), labels: z.record(z.string(), z.string()).optional() });

/** Counts per flow, step and outcome, summed over every other label (instances, pods). */
export type StepCounts = Map<string, Map<string, { entered: number; answered: number; left: number }>>;

/** Reads the step counts out of a Prometheus text exposition; throws a coded error when it is not one. */
export function readStepCounts(exposition: string): StepCounts {
  let samples: z.infer<typeof CounterSample>[];
  try {
    const families = Families.parse(parsePrometheusTextFormat(exposition));
    samples = z.array(CounterSample).parse(families.find((f) => f.name === FLOW_STEP_SERIES)?.metrics ?? []);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : String(error);
    throw new SteadyError(
      ErrorCode.FlowParse,
      `The scrape is not in the Prometheus text format (${reason}); pass the body of /metrics.`,
    );
  }
  const counts: StepCounts = new Map();
  for (const sample of samples) {
    const { flow, step, outcome } = sample.labels ?? {};
    if (!flow || !step || (outcome !== 'entered' && outcome !== 'answered' && outcome !== 'left')) continue;
    const steps = counts.get(flow) ?? new Map();
    const row = steps.get(step) ?? { entered: 0, answered: 0, left: 0 };
    row[outcome] += Number(sample.value) || 0;
    steps.set(step, row);
    counts.set(flow, steps);
  }
  return counts;
}

/**
 * The funnel tables (Markdown), one per flow with any count: steps in the flow file's order, a step's
 * `reached` share of the journeys that entered the flow's first step, and for questions the `drop-off`
 * (entered but never answered). Steps no longer in the flows are listed last, marked as removed.
 */
export function funnelTables(counts: StepCounts, flows: Iterable<Flow>): string {
  const sections: string[] = [];
  const known = new Map([...flows].map((f) => [f.id, f]));
  for (const id of [...new Set([...known.keys(), ...counts.keys()])]) {
    const steps = counts.get(id);
    if (!steps) continue;
    sections.push(flowTable(id, known.get(id), steps));
  }
  return sections.length > 0 ? sections.join('\n\n') : `No ${FLOW_STEP_SERIES} samples in this scrape.`;
}

function flowTable(id: string, flow: Flow | undefined, steps: NonNullable<ReturnType<StepCounts['get']>>): string {
  const ordered = flow ? flow.steps.map((s) => s.id) : [];
  const removed = [...steps.keys()].filter((s) => !ordered.includes(s));
  const first = steps.get(ordered[0] ?? '')?.entered ?? 0;
  const questions = new Set(flow?.steps.filter((s) => s.type === 'ask' || s.type === 'choose').map((s) => s.id));
  const rows = [...ordered, ...removed].flatMap((step) => {
    const row = steps.get(step);
    if (!row) return [];
    const reached = first > 0 ? percent(row.entered, first) : '';
    const drop = questions.has(step) && row.entered > 0 ? percent(row.entered - row.answered, row.entered) : '';
    const name = removed.includes(step) ? `${step} (removed)` : step;
    return [`| ${name} | ${row.entered} | ${reached} | ${row.answered} | ${row.left} | ${drop} |`];
  });
  const title = flow ? `${id}: ${flow.title}` : `${id} (not in the flows)`;
  return [
    `### ${title}`,
    '',
    '| step | entered | reached | answered | left | drop-off |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function percent(part: number, whole: number): string {
  return `${Math.round((Math.max(0, part) / whole) * 100)}%`;
}
