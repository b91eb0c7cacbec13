import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { appSecret, freePort } from '../../test/support/app-process.js';
import { processCpuMs } from './rss.js';

// Spawns the real entry point the way `npm start` runs it (or the compiled one) and times it to ready.
// test/support/app-process.ts does the same for tests but hides the pid and the moment of spawning,
// which RSS readings and start-up timings need.

/** The repository root, the working directory of every spawned app. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `node --import tsx src/main.ts`, as `npm start` runs it (minus the optional .env file). */
export const TSX_ENTRY = ['--import', 'tsx', 'src/main.ts'] as const;

/** What {@link spawnApp} needs: the node arguments and the platform environment. */
export interface SpawnAppOptions {
  /** Arguments after `node`, e.g. {@link TSX_ENTRY} or `['dist/src/main.js']`. */
  args: readonly string[];
  /** REDIS_URL, platform token, API root...; STEADY_SECRET, PORT and HOST are filled in when absent. */
  env: Record<string, string>;
  readyWithinMs?: number;
}

/** A running Steady process and how long it took to come up. */
export interface SpawnedApp {
  pid: number;
  port: number;
  /** ms from spawn until `GET /healthz` first answered 200 (the HTTP server listens). */
  healthzMs: number;
  /** ms from spawn until the "steady is running" log line (every platform adapter started). */
  readyMs: number;
  /** CPU time (user + system) the process had used when it was ready, in ms. */
  cpuMs: number;
  /** ms from spawn to the first log line with message `msg`, by the line's own timestamp; NaN if none. */
  logOffset(msg: string): number;
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code and how long the exit took. */
  stop(graceMs?: number): Promise<{ code: number | null; ms: number }>;
}

const READY_LINE = /steady is running/;
const POLL_MS = 5;

/** Spawns the app and resolves once it logged that it is running and `/healthz` answered. */
export async function spawnApp(options: SpawnAppOptions): Promise<SpawnedApp> {
  const port = Number(options.env.PORT ?? (await freePort()));
  const env = {
    ...cleanEnv(),
    STEADY_SECRET: appSecret(),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    PORT: String(port),
    ...options.env,
  };
  const started = performance.now();
  const startedEpoch = Date.now();
  const child = spawn(process.execPath, [...options.args], { cwd: ROOT, env, stdio: 'pipe' });
  child.stdin.end();
  // A bench that dies must not leave apps behind.
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      process.off('exit', reap);
      resolve(code);
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.resume();
  try {
    const [healthzAt, readyAt] = await withDeadline(
      Promise.all([pollHealthz(port, child), logLine(child, READY_LINE)]),
      options.readyWithinMs ?? 30_000,
    );
    const pid = child.pid ?? 0;
    return {
      pid,
      port,
      healthzMs: healthzAt - started,
      readyMs: readyAt - started,
      cpuMs: processCpuMs(pid),
      logOffset: (msg) => logTime(stderr, msg) - startedEpoch,
      stderr: () => stderr,
      stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `the app did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr.slice(-2000)}`,
    );
  }
}

/** The environment of this process without Steady's own variables, so only what a run sets applies. */
export function cleanEnv(): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    ([name, value]) =>
      value !== undefined &&
      // NODE_OPTIONS could add loaders or flags to the child and skew its timings.
      !/^(TELEGRAM_|DISCORD_|SLACK_|REDIS_URL$|STEADY_|LOG_LEVEL$|FLOWS_DIR$|PORT$|HOST$|NODE_OPTIONS$)/.test(name),
  );
  return Object.fromEntries(kept) as Record<string, string>;
}

// Resolves with performance.now() at the first 200; a refused connection just means "not yet".
async function pollHealthz(port: number, child: ChildProcessWithoutNullStreams): Promise<number> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the process exited');
    if ((await healthStatus(port)) === 200) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

function logLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      if (!pattern.test(buffered)) return;
      const at = performance.now();
      child.stderr.off('data', onData);
      resolve(at);
    };
    child.stderr.on('data', onData);
    child.once('close', () => reject(new Error(`exited before logging ${String(pattern)}`)));
  });
}

// pino writes one JSON object per line with `time` (epoch ms) and `msg`; NaN when no line has `msg`.
function logTime(stderr: string, msg: string): number {
  for (const line of stderr.split('\n')) {
    if (!line.includes(msg)) continue;
    try {
      const entry = JSON.parse(line) as { time?: number; msg?: string };
      if (entry.msg === msg && typeof entry.time === 'number') return entry.time;
    } catch {
      // not a log line (a stack trace, a warning from node)
    }
  }
  return Number.NaN;
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function stopChild(
  child: ChildProcessWithoutNullStreams,
  exited: Promise<number | null>,
  graceMs: number,
): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  if (child.exitCode !== null) return { code: child.exitCode, ms: 0 };
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, ms: performance.now() - started };
}
