import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startRedisServer, type RedisServerHandle } from '../test/support/redis-server.js';
import { toJsonDocument, toMarkdown, type BenchRun, type Machine, type SectionOutcome } from './report.js';
import type { Section } from './support/section.js';

// `npm run bench [-- --only a,b] [--quick] [--write] [--no-docs]`: runs the benchmark sections one after
// another, each against its own fresh redis-server, prints one JSON document on stdout (progress goes to
// stderr) and writes docs/benchmarks.md. A section that throws is reported and the run goes on; the exit
// code is 1 if any section failed. Missed goals are results, not failures.

/** Every section, in the order they run: its name (also the module's export) and its module. */
const SECTIONS: readonly (readonly [name: string, module: string])[] = [
  ['engineOnly', './engine-only.js'],
  ['matching', './matching.js'],
  ['fullTurn', './full-turn.js'],
  ['costGrowth', './cost-growth.js'],
  ['lostUpdates', './lost-updates.js'],
  ['memory', './memory.js'],
  ['scheduler', './scheduler.js'],
  ['startup', './startup.js'],
  ['flood', './flood.js'],
  ['safetyScreen', './safety-screen.js'],
];

const DOCS_PATH = 'docs/benchmarks.md';
const USAGE = 'usage: npm run bench [-- --only engineOnly,fullTurn] [--quick] [--write] [--no-docs]';

interface Flags {
  only: readonly string[] | undefined;
  quick: boolean;
  write: boolean;
  docs: boolean;
}

function parseFlags(argv: readonly string[]): Flags {
  const values = parseOrExplain(argv);
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const known = SECTIONS.map(([name]) => name);
  const unknown = only?.filter((name) => !known.includes(name)) ?? [];
  if (unknown.length > 0)
    throw new UsageError(`unknown section(s) ${unknown.join(', ')}; the sections are ${known.join(', ')}`);
  return { only, quick: values.quick ?? false, write: values.write ?? false, docs: !(values['no-docs'] ?? false) };
}

function parseOrExplain(argv: readonly string[]) {
  try {
    const options = {
      only: { type: 'string' },
      quick: { type: 'boolean' },
      write: { type: 'boolean' },
      'no-docs': { type: 'boolean' },
    } as const;
    return parseArgs({ args: [...argv], options, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

class UsageError extends Error {
  override name = 'UsageError';
}

// A quick or partial run would replace the page's real figures with smaller or fewer ones, so it
// writes the page only when asked to with --write.
function shouldWriteDocs(flags: Flags): boolean {
  if (!flags.docs) return false;
  return flags.write || (!flags.quick && flags.only === undefined);
}

// === Sections

// Modules are imported one by one when their turn comes (not statically), so a module that is missing
// or throws while loading fails its own section only, like a section that throws while running.
async function loadSection(name: string, module: string): Promise<Section> {
  const loaded = (await import(module)) as Record<string, unknown>;
  const section = loaded[name];
  if (!isSection(section) || section.name !== name) {
    throw new Error(
      `bench/${module.slice(2, -3)}.ts does not export a Section named '${name}' (with name: '${name}').`,
    );
  }
  return section;
}

function isSection(value: unknown): value is Section {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.title === 'string' && typeof v.run === 'function';
}

async function runSection(name: string, module: string, quick: boolean): Promise<SectionOutcome> {
  const log = (message: string): void => void process.stderr.write(`[bench ${name}] ${message}\n`);
  const started = performance.now();
  const seconds = (): number => Math.round(performance.now() - started) / 1000;
  let title = name;
  let redis: RedisServerHandle | undefined;
  try {
    const section = await loadSection(name, module);
    title = section.title;
    redis = await startRedisServer({ appendfsync: 'everysec' });
    log(`started (${redis.url})`);
    const result = await section.run({ redis, log, quick });
    log(`done in ${seconds().toFixed(1)} s`);
    return { name, title, seconds: seconds(), result };
  } catch (error) {
    log(`FAILED: ${describe(error)}`);
    return { name, title, seconds: seconds(), error: describe(error) };
  } finally {
    await redis?.stop().catch((error: unknown) => log(`could not stop redis-server: ${describe(error)}`));
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

// === Machine

function machine(loadAtStart: number): Machine {
  const cores = cpus();
  return {
    loadAverage: { start: round1(loadAtStart), end: round1(loadavg()[0] ?? 0) },
    node: process.version,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemMB: Math.round(totalmem() / 1024 / 1024),
    redisVersion: redisVersion(),
    platform: `${platform()} ${release()} ${arch()}`,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function redisVersion(): string {
  try {
    const text = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    return /v=(\S+)/.exec(text)?.[1] ?? text.trim();
  } catch {
    return 'unknown (redis-server not found)';
  }
}

// === Main

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  const chosen = SECTIONS.filter(([name]) => flags.only === undefined || flags.only.includes(name));
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  const began = performance.now();
  const sections: SectionOutcome[] = [];
  for (const [name, module] of chosen) sections.push(await runSection(name, module, flags.quick));
  const run: BenchRun = {
    machine: machine(loadAtStart),
    startedAt,
    durationSeconds: Math.round((performance.now() - began) / 100) / 10,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    quick: flags.quick,
    sections,
  };
  if (shouldWriteDocs(flags)) {
    mkdirSync('docs', { recursive: true });
    writeFileSync(DOCS_PATH, toMarkdown(run));
    process.stderr.write(`[bench] wrote ${DOCS_PATH}\n`);
  } else {
    process.stderr.write(`[bench] ${DOCS_PATH} left as it is (quick, --only or --no-docs; --write forces it)\n`);
  }
  await writeStdout(`${JSON.stringify(toJsonDocument(run), null, 2)}\n`);
  return sections.some((s) => s.error !== undefined) ? 1 : 0;
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

// stdout carries exactly one JSON document: anything a section logs with console.log goes to stderr.
console.log = console.error;
console.info = console.error;

main(process.argv.slice(2)).then(
  // An explicit exit: a client or timer a section forgot to close must not keep the run alive.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? `${error.message}\n${USAGE}` : describe(error)}\n`);
    process.exit(2);
  },
);
