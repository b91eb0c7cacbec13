import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { round } from '../support/stats.js';
import { redisCpuMs, type DueWindow, type Population } from './population.js';
import type { ChildParams, ChildReport } from './worker-child.js';

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Claim-and-complete throughput of `workers` worker processes draining one window, and whether each member was claimed once. */
export interface ThroughputResult {
  workers: number;
  due: number;
  wallMs: number;
  /** Members claimed and completed per second, all workers together. */
  claimsPerSecond: number;
  /** The same, per worker process, with the share of one core it used while draining. */
  perWorker: { claimed: number; ticks: number; claimsPerSecond: number; cpuShare: number }[];
  /** Share of one core redis-server used over the run: near 1 means Redis was the bottleneck. */
  redisCpuShare: number;
  /** Members claimed more than once (0 expected). */
  duplicates: number;
  /** Due members of the window no worker claimed (0 expected). */
  missed: number;
  /** Claims of members outside the window (0 expected). */
  strays: number;
  warnings: number;
}

/** Where the workers claim: the server's URL, an admin client for INFO, and the due index's key prefix. */
export interface IndexTarget {
  url: string;
  admin: Redis;
  prefix: string;
}

/** Starts `workers` child processes on `window` (all due at `window.now`), lets them drain it together, and checks the claims. */
export async function measureThroughput(
  target: IndexTarget,
  population: Population,
  window: DueWindow,
  workers: number,
): Promise<ThroughputResult> {
  const { url, admin, prefix } = target;
  const params: ChildParams = { url, prefix, now: window.now, nextAt: window.now + 86_400_000 };
  const children = Array.from({ length: workers }, () => startChild(params));
  try {
    await Promise.all(children.map((child) => child.ready));
    const redisCpu = await redisCpuMs(admin);
    const started = performance.now();
    for (const child of children) child.process.send('go');
    const reports = await Promise.all(children.map((child) => child.done));
    const wallMs = performance.now() - started;
    const redisCpuShare = round(((await redisCpuMs(admin)) - redisCpu) / wallMs, 2);
    return {
      workers,
      due: window.to - window.from,
      wallMs: round(wallMs, 1),
      redisCpuShare,
      ...tally(population, window, reports, wallMs),
    };
  } finally {
    for (const child of children) if (child.process.exitCode === null) child.process.kill();
  }
}

interface Child {
  process: ChildProcess;
  ready: Promise<void>;
  done: Promise<ChildReport>;
}

function startChild(params: ChildParams): Child {
  // stdout ignored: the runner's stdout is one JSON document. tsx loads the TypeScript, as in `npm run bench`.
  const child = fork(CHILD, [JSON.stringify(params)], {
    cwd: REPO,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const exited = new Promise<never>((_, reject) => {
    // 'close', not 'exit': it comes after the IPC channel is drained, so a report sent just before exiting is seen first.
    child.once('close', (code) =>
      reject(new Error(`scheduler bench worker exited with ${code} before reporting; see its stderr above.`)),
    );
  });
  const message = (type: string): Promise<unknown> =>
    Promise.race([
      exited,
      new Promise((resolve) => {
        const listen = (msg: unknown): void => {
          if ((msg as { type?: string }).type !== type) return;
          child.off('message', listen);
          resolve(msg);
        };
        child.on('message', listen);
      }),
    ]);
  // Both listeners are attached now: a child that reports quickly cannot slip between them.
  const ready = message('ready').then(() => undefined);
  const done = message('done') as Promise<ChildReport>;
  // A child that dies before 'ready' rejects both, and only `ready` is awaited then; the other must not go unhandled.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  return { process: child, ready, done };
}

function tally(
  population: Population,
  window: DueWindow,
  reports: ChildReport[],
  wallMs: number,
): Omit<ThroughputResult, 'workers' | 'due' | 'wallMs' | 'redisCpuShare'> {
  const inWindow = new Set(population.members.slice(window.from, window.to));
  const seen = new Set<string>();
  let duplicates = 0;
  let strays = 0;
  for (const member of reports.flatMap((report) => report.members)) {
    if (seen.has(member)) duplicates += 1;
    else if (!inWindow.has(member)) strays += 1;
    seen.add(member);
  }
  const missed = [...inWindow].filter((member) => !seen.has(member)).length;
  const total = reports.reduce((sum, report) => sum + report.members.length, 0);
  return {
    claimsPerSecond: Math.round((total / wallMs) * 1000),
    perWorker: reports.map((report) => ({
      claimed: report.members.length,
      ticks: report.ticks,
      claimsPerSecond: Math.round((report.members.length / report.elapsedMs) * 1000),
      cpuShare: round(report.cpuMs / report.elapsedMs, 2),
    })),
    duplicates,
    missed,
    strays,
    warnings: reports.reduce((sum, report) => sum + report.warnings, 0),
  };
}
