import type { Goal, SectionResult } from './support/section.js';

// The two outputs of a bench run, built from the same outcomes: one JSON document for stdout and the
// markdown page docs/benchmarks.md. Pure, so the shape can be checked without running a benchmark.

/** The machine the figures come from. */
export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  totalMemMB: number;
  redisVersion: string;
  platform: string;
  /** The 1-minute load average when the run started and when it ended (other work shares the machine). */
  loadAverage?: { start: number; end: number };
}

/** How one section ended: its result, or the error it threw. */
export interface SectionOutcome {
  name: string;
  title: string;
  seconds: number;
  result?: SectionResult;
  error?: string;
}

/** A whole run, as the runner saw it. */
export interface BenchRun {
  machine: Machine;
  startedAt: string;
  durationSeconds: number;
  /** The command line that produced it, e.g. `npm run bench -- --quick`. */
  command: string;
  quick: boolean;
  sections: SectionOutcome[];
}

/** A goal as reported: prefixed with its section's name. */
function goalLabel(section: string, goal: Goal): string {
  return `${section}: ${goal.text} (measured ${goal.value})`;
}

/** The JSON document printed on stdout. */
export function toJsonDocument(run: BenchRun): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  const missed: string[] = [];
  let met = 0;
  for (const s of run.sections) {
    if (s.error !== undefined || !s.result) {
      sections[s.name] = { title: s.title, seconds: s.seconds, error: s.error ?? 'no result' };
      continue;
    }
    const { figures, goals, notes } = s.result;
    sections[s.name] = { title: s.title, seconds: s.seconds, figures, goals, notes: notes ?? '' };
    for (const goal of goals) {
      if (goal.met) met += 1;
      else missed.push(goalLabel(s.name, goal));
    }
  }
  const failed = run.sections.filter((s) => s.error !== undefined).map((s) => s.name);
  return {
    machine: run.machine,
    startedAt: run.startedAt,
    durationSeconds: run.durationSeconds,
    command: run.command,
    quick: run.quick,
    sections,
    goalsMet: met,
    goalsMissed: missed,
    sectionsFailed: failed,
  };
}

// === Markdown

/** The page docs/benchmarks.md. */
export function toMarkdown(run: BenchRun): string {
  const lines = [
    '# Benchmarks',
    '',
    '> This page is written by `npm run bench` (bench/run.ts and bench/report.ts). Do not edit it by hand:',
    '> change the benchmark and run it again. The same figures, in full, are the JSON document the run prints on stdout.',
    '',
    `Command: \`${run.command}\`  `,
    `Started ${run.startedAt}, took ${Math.round(run.durationSeconds)} s${run.quick ? ' (**quick run: small sizes, not figures to quote**)' : ''}.`,
    '',
    '## Machine',
    '',
    ...table(['Property', 'Value'], machineRows(run.machine)),
    '',
    'Every section gets a fresh `redis-server` on loopback with AOF and `appendfsync everysec`, as in production.',
    `The machine is shared: its ${run.machine.cpus} cores also run other work (builds and test suites) while the bench runs, so ` +
      'absolute timings are noisy and lower than on a quiet machine; the ratios compare loops measured side by side in the same run.',
    '',
    ...summaryLines(run),
  ];
  for (const section of run.sections) lines.push('', ...sectionLines(section));
  return `${lines.join('\n')}\n`;
}

function machineRows(m: Machine): (string | number)[][] {
  return [
    ['Node', m.node],
    ['CPUs', `${m.cpus} × ${m.cpuModel}`],
    ['Memory', `${m.totalMemMB} MB`],
    ['Redis', m.redisVersion],
    ['Platform', m.platform],
    ...(m.loadAverage
      ? [['Load average (1 min), start / end of the run', `${m.loadAverage.start} / ${m.loadAverage.end}`]]
      : []),
  ];
}

function summaryLines(run: BenchRun): string[] {
  const doc = toJsonDocument(run);
  const missed = doc.goalsMissed as string[];
  const failed = doc.sectionsFailed as string[];
  const lines = ['## Summary', '', `Goals met: ${String(doc.goalsMet)} of ${Number(doc.goalsMet) + missed.length}.`];
  if (missed.length > 0) lines.push('', 'Missed:', '', ...missed.map((m) => `- ✗ ${m}`));
  if (failed.length > 0) lines.push('', `Sections that failed: ${failed.map((f) => `\`${f}\``).join(', ')}.`);
  return lines;
}

function sectionLines(section: SectionOutcome): string[] {
  const heading = [`## ${section.title}`, '', `Section \`${section.name}\`, ${round1(section.seconds)} s.`, ''];
  if (section.error !== undefined || !section.result)
    return [...heading, `**Failed:** ${oneLine(section.error ?? 'no result')}`];
  const { table: t, goals, notes } = section.result;
  const out = [...heading, ...table(t.header, t.rows)];
  if (goals.length > 0) {
    out.push('', '**Goals**', '', ...goals.map((g) => `- ${g.met ? '✓' : '✗'} ${g.text}: measured ${g.value}`));
  }
  if (notes) out.push('', notes);
  return out;
}

/** A markdown table; pipes and line breaks in cells are escaped so a cell cannot break the table. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const cell = (value: string | number): string => oneLine(String(value)).replace(/\|/g, '\\|');
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  const pad = (r: readonly (string | number)[]): (string | number)[] => [
    ...r,
    ...Array<string>(width - r.length).fill(''),
  ];
  return [
    `| ${pad(header).map(cell).join(' | ')} |`,
    `|${Array<string>(width).fill('---').join('|')}|`,
    ...rows.map((r) => `| ${pad(r).map(cell).join(' | ')} |`),
  ];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
