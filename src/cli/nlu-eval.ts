// `npm run nlu:eval [-- --heldout <file>] [-- --set <file>]`: measures how Steady understands typed answers,
// through the real flows and the same reader the engine uses, on the labelled sets in test/nlu/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ACTION_NAMES, createActions } from '../coach/index.js';
import { loadFlows } from '../flow/loader.js';
import { createProgram } from '../engine/turn.js';
import { judgeItem, type Outcome } from './nlu-judge.js';

const Item = z.strictObject({
  question: z.string(),
  text: z.string(),
  expect: z.union([z.string(), z.array(z.string())]),
});
const SetFile = z.object({ written: z.unknown().optional(), items: z.array(Item) });
export type EvalItem = z.infer<typeof Item>;

const TUNED = 'test/nlu/tuned';
const HELDOUT = 'test/nlu/heldout';

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function readSet(files: string[]): EvalItem[] {
  return files.flatMap((file) => {
    const parsed = SetFile.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
    return parsed.data.items;
  });
}

interface Tally {
  n: number;
  direct: number;
  confirmed: number;
  wrong: number;
  confirm: number;
  reask: number;
}

const empty = (): Tally => ({ n: 0, direct: 0, confirmed: 0, wrong: 0, confirm: 0, reask: 0 });

function add(tally: Tally, outcome: Outcome): void {
  tally.n += 1;
  if (outcome.correct && outcome.how === 'confirm') tally.confirmed += 1;
  else if (outcome.correct) tally.direct += 1;
  if (outcome.how === 'wrong') tally.wrong += 1;
  if (outcome.how === 'confirm') tally.confirm += 1;
  if (outcome.how === 'reask') tally.reask += 1;
}

const pct = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);

function row(name: string, t: Tally): string {
  const cells = [
    name.padEnd(34),
    String(t.n).padStart(4),
    pct(t.direct + t.confirmed, t.n).padStart(7),
    pct(t.direct, t.n).padStart(7),
    pct(t.wrong, t.n).padStart(7),
    pct(t.confirm, t.n).padStart(7),
    pct(t.reask, t.n).padStart(7),
  ];
  return cells.join(' ');
}

function report(title: string, items: EvalItem[], judge: (item: EvalItem) => Outcome, verbose: boolean): void {
  const per = new Map<string, Tally>();
  const total = empty();
  const misses: string[] = [];
  for (const item of items) {
    const outcome = judge(item);
    const tally = per.get(item.question) ?? empty();
    add(tally, outcome);
    add(total, outcome);
    per.set(item.question, tally);
    if (!outcome.correct)
      misses.push(
        `  ${outcome.how.padEnd(7)} ${item.question} "${item.text}" -> ${outcome.got} (expected ${String(item.expect)})`,
      );
  }
  console.log(`\n== ${title}: ${items.length} items`);
  console.log(`${'question'.padEnd(34)}    n correct  direct   wrong confirm  reask`);
  for (const [question, tally] of [...per].sort(([a], [b]) => a.localeCompare(b))) console.log(row(question, tally));
  console.log(row('TOTAL', total));
  const first = per.get('first-message');
  if (first)
    console.log(
      `first messages that start onboarding: ${pct(first.direct + first.confirmed, first.n)}` +
        ` (${first.confirmed} of them once the safety check-in they drew was answered "no")`,
    );
  if (verbose && misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
}

async function main(argv: string[]): Promise<number> {
  const heldout = argv.flatMap((a, i) => (a === '--heldout' && argv[i + 1] ? [argv[i + 1] as string] : []));
  const sets = argv.flatMap((a, i) => (a === '--set' && argv[i + 1] ? [argv[i + 1] as string] : []));
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const registry = await loadFlows('flows', new Set(ACTION_NAMES));
  const program = createProgram(registry, createActions(registry));
  const judge = (item: EvalItem): Outcome => judgeItem(program, item);
  const tunedFiles = sets.length > 0 ? sets : filesIn(TUNED);
  if (tunedFiles.length > 0) report(`tuned (${tunedFiles.join(', ')})`, readSet(tunedFiles), judge, verbose);
  const heldoutFiles = heldout.length > 0 ? heldout : filesIn(HELDOUT);
  if (heldoutFiles.length > 0) report(`held-out (${heldoutFiles.join(', ')})`, readSet(heldoutFiles), judge, verbose);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
