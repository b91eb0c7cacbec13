import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

// Runs the real entry point (`src/main.ts`) as a child process, as `npm start` would, for end-to-end tests.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_WITHIN_MS = 20_000;

/** A running Steady process. */
export interface AppProcess {
  /** The HTTP port it listens on (webhooks, /healthz). */
  port: number;
  /** Everything written to stderr so far (JSON log lines). */
  stderr(): string;
  /** Resolves once a stderr line matches `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
  /** Resolves with the exit code once the process has exited by itself or been stopped. */
  exited(): Promise<number | null>;
}

/** Options for {@link startApp}: extra environment (platform tokens, API roots); Redis is set by the caller. */
export interface StartAppOptions {
  env: Record<string, string>;
  /** A stderr pattern that means "ready"; defaults to the startup log line. */
  ready?: RegExp;
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A fresh 32-byte secret for STEADY_SECRET. */
export function appSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts `src/main.ts` with a clean environment plus `options.env`, and waits until it is ready. */
export async function startApp(options: StartAppOptions): Promise<AppProcess> {
  const app = await spawnApp(options.env);
  await app.waitForLog(options.ready ?? /steady is running/, READY_WITHIN_MS);
  return app;
}

/** Starts `src/main.ts` like {@link startApp} but does not wait for anything: for start-up that fails or hangs. */
export async function spawnApp(extraEnv: Record<string, string>): Promise<AppProcess> {
  const port = Number(extraEnv.PORT ?? (await freePort()));
  // Scripted users outpace any person: the rate limits are lifted unless a test sets them.
  const limits = { STEADY_USER_BURST: '10000', STEADY_GLOBAL_PER_SECOND: '100000' };
  const env = { ...baseEnv(), HOST: '127.0.0.1', LOG_LEVEL: 'info', PORT: String(port), ...limits, ...extraEnv };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  child.stdin.end();
  return watch(child, port);
}

function baseEnv(): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    ([name, value]) =>
      value !== undefined &&
      !/^(TELEGRAM_|DISCORD_|SLACK_|REDIS_URL$|STEADY_|LOG_LEVEL$|FLOWS_DIR$|PORT$|HOST$)/.test(name),
  );
  return Object.fromEntries(inherited) as Record<string, string>;
}

function watch(child: ChildProcessWithoutNullStreams, port: number): AppProcess {
  let stderr = '';
  let stdout = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const wake of waiters) wake();
  });
  const context = (): string => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  const waitForLog = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const line = stderr.split('\n').find((l) => pattern.test(l));
        if (line === undefined) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no log line matching ${String(pattern)} within ${timeoutMs} ms\n${context()}`));
      }, timeoutMs);
      const gone = (): void => {
        cleanup();
        reject(new Error(`steady exited before logging ${String(pattern)}\n${context()}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('close', gone);
      };
      waiters.add(check);
      child.once('close', gone);
      check();
    });
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { port, stderr: () => stderr, waitForLog, stop, exited: () => exited };
}
