import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACTION_NAMES } from '../src/coach/index.js';
import { buildRegistry, loadFlows } from '../src/flow/loader.js';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram-server.js';
import { cleanEnv, ROOT, spawnApp, TSX_ENTRY } from './process/app.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { quantile, round, since } from './support/stats.js';

// How long the real app takes from spawn to ready, with every flow loaded and linted: in platform mode
// (Telegram against the fake Bot API) with Redis, as deployed. "Ready" is the "steady is running" log
// line, written once every adapter has started; /healthz answers a little earlier, as soon as the
// HTTP server listens.

const TOKEN = '424242:bench-startup';
const COMPILED_ENTRY = 'dist/src/main.js';
const FLOWS = join(ROOT, 'flows');
const SETTLE_MS = 300;

interface Sizes {
  spawns: number;
  uncachedSpawns: number;
  baselineSpawns: number;
  loadRepeats: number;
}

const FULL: Sizes = { spawns: 5, uncachedSpawns: 2, baselineSpawns: 3, loadRepeats: 20 };
const QUICK: Sizes = { spawns: 2, uncachedSpawns: 1, baselineSpawns: 1, loadRepeats: 3 };

/** min / median / max in ms. */
interface Spread {
  runs: number;
  min: number;
  median: number;
  max: number;
}

/** Spawn-to-ready timings of one way of starting the app. */
interface Starts {
  readyMs: Spread;
  healthzMs: Spread;
  /** Spawn to "sessions are stored in Redis": modules imported, config read, flows loaded and linted, Redis connected. */
  storeMs: Spread;
  /** CPU time used by ready: steadier than wall time on a shared machine. */
  cpuMs: Spread;
  stopMs: Spread;
}

/** Time from process start to ready (flows loaded and linted, Redis connected, Telegram polling). */
export const startup: Section = {
  name: 'startup',
  title: 'Start-up: spawn to ready, flow loading, tsx against node',
  async run(ctx) {
    const sizes = ctx.quick ? QUICK : FULL;
    const loading = await timeLoadFlows(sizes.loadRepeats);
    const baseline = await timeBaselines(sizes.baselineSpawns);
    const fake = await startFakeTelegram(TOKEN);
    try {
      ctx.log(`spawning src/main.ts ${sizes.spawns} times (tsx, transpile cache warm after the first)`);
      const tsx = await timeStarts(ctx, fake, [...TSX_ENTRY], sizes.spawns, {});
      ctx.log(`spawning src/main.ts ${sizes.uncachedSpawns} times with TSX_DISABLE_CACHE=1 (every module transpiled)`);
      const uncached = await timeStarts(ctx, fake, [...TSX_ENTRY], sizes.uncachedSpawns, { TSX_DISABLE_CACHE: '1' });
      // The container runs the compiled entry, so that is the start-up that matters in production; built
      // fresh in a full run (a dist/ left from an older checkout would measure old code).
      if (!ctx.quick) buildCompiled(ctx);
      const compiled = existsSync(join(ROOT, COMPILED_ENTRY))
        ? await timeStarts(ctx, fake, [COMPILED_ENTRY], sizes.spawns, {})
        : undefined;
      return report({ loading, baseline, tsx, uncached, compiled });
    } finally {
      await fake.close();
    }
  },
};

// === Measurements

async function timeStarts(
  ctx: BenchContext,
  fake: FakeTelegram,
  args: string[],
  runs: number,
  extraEnv: Record<string, string>,
): Promise<Starts> {
  const ready: number[] = [];
  const healthz: number[] = [];
  const store: number[] = [];
  const cpu: number[] = [];
  const stops: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const app = await spawnApp({
      args,
      env: { REDIS_URL: ctx.redis.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, ...extraEnv },
    });
    ready.push(app.readyMs);
    healthz.push(app.healthzMs);
    store.push(app.logOffset('sessions are stored in Redis'));
    cpu.push(app.cpuMs);
    // main() installs its SIGTERM handler just after logging "steady is running"; a signal in between
    // would kill the process outright, so give it a moment before timing the shutdown.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const stopped = await app.stop();
    if (stopped.code !== 0)
      throw new Error(`the app exited with ${String(stopped.code)} on SIGTERM:\n${app.stderr().slice(-2000)}`);
    stops.push(stopped.ms);
    ctx.log(
      `  ready in ${Math.round(app.readyMs)} ms (/healthz ${Math.round(app.healthzMs)} ms, CPU ${app.cpuMs} ms), stopped in ${Math.round(stopped.ms)} ms`,
    );
  }
  return {
    readyMs: spread(ready),
    healthzMs: spread(healthz),
    storeMs: spread(store),
    cpuMs: spread(cpu),
    stopMs: spread(stops),
  };
}

interface Loading {
  /** The first call in this process: yaml and zod code paths still cold. */
  firstMs: number;
  /** loadFlows (read, parse, validate, lint) once warm. */
  warmMs: Spread;
  /** buildRegistry on texts already in memory: the same without the disk. */
  buildOnlyMs: Spread;
  flows: number;
}

// This process already imported the modules (the runner loaded this file), so "first" is a cold call
// of warm modules; the child processes pay the import on top.
async function timeLoadFlows(repeats: number): Promise<Loading> {
  const known = new Set(ACTION_NAMES);
  let started = performance.now();
  const registry = await loadFlows(FLOWS, known);
  const firstMs = since(started);
  const warm: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    started = performance.now();
    await loadFlows(FLOWS, known);
    warm.push(since(started));
  }
  const names = (await readdir(FLOWS)).filter((name) => name.endsWith('.yaml'));
  const files = await Promise.all(
    names.map(async (name) => ({ name: join(FLOWS, name), text: await readFile(join(FLOWS, name), 'utf8') })),
  );
  const build: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    started = performance.now();
    buildRegistry(files, known);
    build.push(since(started));
  }
  return { firstMs: round(firstMs, 1), warmMs: spread(warm), buildOnlyMs: spread(build), flows: registry.flows.size };
}

interface Baselines {
  /** `node -e 0`: the runtime's own start and exit. */
  nodeMs: Spread;
  /** `node --import tsx -e 0`: plus registering tsx's loader (no TypeScript transpiled). */
  nodeTsxMs: Spread;
}

async function timeBaselines(runs: number): Promise<Baselines> {
  const node: number[] = [];
  const nodeTsx: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    node.push(await timeExit(['-e', '0']));
    nodeTsx.push(await timeExit(['--import', 'tsx', '-e', '0']));
  }
  return { nodeMs: spread(node), nodeTsxMs: spread(nodeTsx) };
}

function timeExit(args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: cleanEnv(), stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(since(started)) : reject(new Error(`node ${args.join(' ')} exited with ${String(code)}`)),
    );
  });
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  // With an even count the median is the mean of the middle two (nearest-rank would report the lower one).
  const middle =
    sorted.length % 2 === 0
      ? ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2
      : quantile(sorted, 0.5);
  return {
    runs: sorted.length,
    min: round(sorted[0] ?? 0, 1),
    median: round(middle, 1),
    max: round(sorted.at(-1) ?? 0, 1),
  };
}

// === Report

interface Measured {
  loading: Loading;
  baseline: Baselines;
  tsx: Starts;
  uncached: Starts;
  compiled: Starts | undefined;
}

function report(m: Measured): SectionResult {
  const row = (label: string, s: Spread): (string | number)[] => [label, s.min, s.median, s.max, s.runs];
  const rows = [
    row('Spawn to "steady is running" (tsx, cache warm)', m.tsx.readyMs),
    row('Spawn to /healthz 200 (tsx, cache warm)', m.tsx.healthzMs),
    row('Spawn to "sessions are stored in Redis" (imports, flows, Redis)', m.tsx.storeMs),
    row('CPU time used by ready (tsx, cache warm)', m.tsx.cpuMs),
    row('Spawn to "steady is running" (tsx, no transpile cache)', m.uncached.readyMs),
    row('CPU time used by ready (tsx, no transpile cache)', m.uncached.cpuMs),
    ...(m.compiled
      ? [
          row('Spawn to "steady is running" (compiled dist/)', m.compiled.readyMs),
          row('CPU time used by ready (compiled dist/)', m.compiled.cpuMs),
        ]
      : []),
    row('SIGTERM to exit (tsx)', m.tsx.stopMs),
    row(`loadFlows in process, warm (${m.loading.flows} flows; first call ${m.loading.firstMs} ms)`, m.loading.warmMs),
    row('buildRegistry alone (parse, validate, lint; no disk)', m.loading.buildOnlyMs),
    row('node -e 0', m.baseline.nodeMs),
    row('node --import tsx -e 0', m.baseline.nodeTsxMs),
  ];
  return {
    figures: { ...m, compiled: m.compiled ?? `skipped: no ${COMPILED_ENTRY} (run npm run build first)` },
    goals: [],
    table: { header: ['Measure (ms)', 'min', 'median', 'max', 'runs'], rows },
    notes: notes(m),
  };
}

function notes(m: Measured): string {
  const compiled = m.compiled
    ? `The compiled entry (${COMPILED_ENTRY}) is ready in ${m.compiled.readyMs.median} ms (median; CPU ${m.compiled.cpuMs.median} ms) ` +
      `against ${m.tsx.readyMs.median} ms (CPU ${m.tsx.cpuMs.median} ms) under tsx.`
    : `No ${COMPILED_ENTRY}, so the compiled entry was skipped; \`npm run build\` first to measure it.`;
  return [
    'Each start is `node --import tsx src/main.ts` (what `npm start` runs, minus the optional .env) in platform mode: Telegram polling ' +
      "against the fake Bot API (test/fakes), sessions in this section's Redis, LOG_LEVEL info. Timed from spawn to the " +
      '"steady is running" log line (flows loaded and linted, Redis connected, HTTP listening, Telegram started), which is "ready"; ' +
      '/healthz, polled every 5 ms, answers once the HTTP server listens, just before the adapters start.',
    `tsx: registering its loader costs ${round(m.baseline.nodeTsxMs.median - m.baseline.nodeMs.median, 0)} ms over bare node (wall time). ` +
      `CPU time to ready is ${m.tsx.cpuMs.median} ms (median) with tsx's transpile cache warm and ${m.uncached.cpuMs.median} ms with it off ` +
      "(TSX_DISABLE_CACHE=1, every module transpiled at start); a difference smaller than the runs' spread is noise. " +
      `${compiled} CPU time is read from /proc at ready; wall times on a busy machine mostly measure waiting for a core.`,
    `loadFlows reads, parses, validates and lints ${m.loading.flows} flows plus the messages and sources files; the in-process figure ` +
      'leaves out importing the modules, which the spawned app pays too. Timings share 2 cores with other work and are noisy.',
  ].join('\n\n');
}

/** `npm run build` (tsc -p tsconfig.build.json) into dist/, as the Dockerfile's build stage does. */
function buildCompiled(ctx: BenchContext): void {
  ctx.log('building dist/ with tsc -p tsconfig.build.json');
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${built.stdout}${built.stderr}`);
}
