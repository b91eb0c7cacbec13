import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A redis-server child process started for tests. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Where the append-only file lives; kept across restarts. */
  dir: string;
  /** Shuts the server down gracefully and deletes `dir`. */
  stop(): Promise<void>;
  /** SIGKILL: simulates a crash; `dir` is kept so `restart()` can recover from the AOF. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory (stopping it first if it runs). */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, like a hung Redis. */
  pause(): void;
  /** SIGCONT: undoes {@link RedisServerHandle.pause}. */
  resume(): void;
}

const MISSING =
  'redis-server is required for the tests; install it with `apt-get install -y redis-server` ' +
  '(Debian/Ubuntu) or `brew install redis` (macOS)';
const READY_TIMEOUT_MS = 10_000;

/** How a throwaway server persists: tests fsync every write; benchmarks use production's once a second. */
export type AppendFsync = 'always' | 'everysec';

/** Starts a throwaway redis-server on a free loopback port with AOF (fsync `always` unless asked) in a temp dir. */
export async function startRedisServer(
  opts: { port?: number; dir?: string; appendfsync?: AppendFsync } = {},
): Promise<RedisServerHandle> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(MISSING);
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'steady-redis-'));
  const fsync = opts.appendfsync ?? 'always';
  let child: ChildProcess | undefined = await launch(binary, port, dir, fsync);

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await terminate(running, signal);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      child = await launch(binary, port, dir, fsync);
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}

async function launch(binary: string, port: number, dir: string, fsync: AppendFsync): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    fsync,
    '--dir',
    dir,
    '--daemonize',
    'no',
  ];
  return spawnUntilPong(binary, args, port);
}

/** A redis-server process started with arguments of the caller's choosing (a Cluster node, a Sentinel). */
export interface RedisProcess {
  port: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `redis-server args...` on a free port (the args get `--port` appended) and waits for PONG. */
export async function startRedisProcess(args: readonly string[]): Promise<RedisProcess> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(MISSING);
  const port = await freePort();
  const child = await spawnUntilPong(binary, [...args, '--port', String(port)], port);
  return { port, stop: () => terminate(child, 'SIGTERM') };
}

async function spawnUntilPong(binary: string, args: readonly string[], port: number): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // A test run that dies must not leave servers behind.
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  try {
    await waitForPong(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not start: ${String(error)}\n${output}`);
  }
  return child;
}

async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the process exited');
    // During an AOF load PING answers -LOADING, so only +PONG counts as ready.
    if ((await ping(port)) === '+PONG') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no PONG within ${READY_TIMEOUT_MS} ms`);
}

function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (result: string): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done('timeout'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.trim());
    });
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
    // A paused server would never act on SIGTERM.
    child.kill('SIGCONT');
  });
}

// Binding to port 0 lets the OS pick a free port; the tiny window before redis binds it is acceptable in tests.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
