import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join, posix, relative } from 'node:path';
import { copyArgs, envPairs, execForm, healthcheckCommand, type Stage } from './dockerfile.js';

// Runs a Dockerfile's stages without Docker: each stage gets a folder standing for its `/`, COPY
// copies what Docker would (the context less .dockerignore, or another stage's files), RUN runs the
// command with /bin/sh in the WORKDIR. What Docker does and this cannot: the base image (the host's
// node and npm stand in for it), USER (everything runs as the current user), RUN --mount (the
// host's npm cache stands in for the cache mount). Instructions it does not know stop it.

/** A rehearsed stage: where its `/` is, and what the image would run. */
export interface RehearsedStage {
  root: string;
  /** The WORKDIR at the end, as a host path. */
  workdir: string;
  /** ENV at the end. */
  env: Record<string, string>;
  cmd: string[] | undefined;
  healthcheck: string[] | undefined;
  user: string | undefined;
}

/** Where to rehearse. */
export interface RehearsalOptions {
  /** The build context (the repository). */
  context: string;
  /** .dockerignore's matcher for context paths. */
  ignored: (path: string) => boolean;
  /** An empty folder that will hold one folder per stage. */
  dir: string;
  /** Called with each step before it runs. */
  log?: (step: string) => void;
}

/** Runs every stage in order; throws on the first step that fails, with its output. */
export async function rehearse(stages: Stage[], options: RehearsalOptions): Promise<RehearsedStage[]> {
  const done: RehearsedStage[] = [];
  for (const stage of stages) {
    if (stages.some((s) => s.name === stage.image))
      throw new Error(`FROM ${stage.image}: building on another stage is not rehearsed`);
    const root = join(options.dir, `stage-${stage.index}${stage.name ? `-${stage.name}` : ''}`);
    mkdirSync(root, { recursive: true });
    const state = {
      root,
      dir: '/',
      env: {} as Record<string, string>,
      cmd: undefined as string[] | undefined,
      healthcheck: undefined as string[] | undefined,
      user: undefined as string | undefined,
    };
    const host = (path: string): string => join(root, posix.resolve(state.dir, path));
    for (const instruction of stage.instructions) {
      const where = `line ${instruction.line}: ${instruction.keyword} ${instruction.args}`;
      switch (instruction.keyword) {
        case 'WORKDIR':
          state.dir = posix.resolve(state.dir, instruction.args);
          mkdirSync(host('.'), { recursive: true });
          break;
        case 'ENV':
          for (const [key, value] of envPairs(instruction.args)) state.env[key] = value;
          break;
        case 'COPY': {
          options.log?.(where);
          const from = instruction.flags.get('from');
          const source =
            from === undefined ? undefined : done.find((s, i) => stages[i]?.name === from || String(i) === from);
          if (from !== undefined && source === undefined) throw new Error(`${where}: no earlier stage ${from}`);
          copy(
            copyArgs(instruction),
            source === undefined
              ? { root: options.context, ignored: options.ignored }
              : { root: source.root, ignored: () => false },
            host,
            where,
          );
          break;
        }
        case 'RUN':
          options.log?.(where);
          await run(instruction.args, host('.'), { ...containerEnv(), ...state.env }, where);
          break;
        case 'USER':
          state.user = instruction.args;
          break;
        case 'CMD':
          state.cmd = execForm(instruction.args) ?? ['/bin/sh', '-c', instruction.args];
          break;
        case 'HEALTHCHECK': {
          const command = healthcheckCommand(instruction);
          state.healthcheck = execForm(command) ?? ['/bin/sh', '-c', command];
          break;
        }
        case 'EXPOSE':
        case 'LABEL':
        case 'ARG':
        case 'STOPSIGNAL':
          break;
        default:
          throw new Error(`${where}: not rehearsed; teach test/ship/rehearse.ts what Docker does with it`);
      }
    }
    done.push({
      root,
      workdir: host('.'),
      env: state.env,
      cmd: state.cmd,
      healthcheck: state.healthcheck,
      user: state.user,
    });
  }
  return done;
}

function copy(
  args: { sources: string[]; dest: string },
  from: { root: string; ignored: (path: string) => boolean },
  host: (path: string) => string,
  where: string,
): void {
  const intoFolder = args.dest.endsWith('/') || args.sources.length > 1;
  for (const source of args.sources) {
    if (/[*?[$]/.test(source)) throw new Error(`${where}: wildcards and variables in COPY are not rehearsed`);
    const path = join(from.root, source);
    // Docker answers "not found" for a context path that .dockerignore leaves out.
    if (from.ignored(posix.normalize(source)) || !existsSync(path))
      throw new Error(`${where}: ${source} is not in the build context`);
    const keep = (file: string): boolean => !from.ignored(relative(from.root, file).split('\\').join('/'));
    if (statSync(path).isDirectory()) {
      // A folder's contents land in the destination, as with Docker.
      cpSync(path, host(args.dest), { recursive: true, filter: keep });
    } else {
      const target = intoFolder ? join(host(args.dest), posix.basename(source)) : host(args.dest);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}

/** A container-like environment: the host's PATH (less node_modules/.bin), HOME and proxy settings, nothing of npm's or the test run's. */
export function containerEnv(): Record<string, string> {
  const keep =
    /^(HOME|TMPDIR|LANG|LC_ALL|TZ|SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|https?_proxy|no_proxy|HTTPS?_PROXY|NO_PROXY)$/;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && keep.test(key)) env[key] = value;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && !dir.includes('node_modules'))
    .join(delimiter);
  return env;
}

/** Runs a shell-form command (a string, as RUN has it) or an argv, and resolves with its output; throws on a non-zero exit. */
export async function run(
  command: string | string[],
  cwd: string,
  env: Record<string, string>,
  where = String(command),
): Promise<string> {
  const argv = typeof command === 'string' ? (execForm(command) ?? ['/bin/sh', '-c', command]) : command;
  const child = spawnStep(argv, cwd, env);
  const { code, output } = await finished(child);
  if (code !== 0) throw new Error(`${where} exited with ${String(code)}:\n${output.slice(-4000)}`);
  return output;
}

/** Starts argv with stdout and stderr collected. */
export function spawnStep(argv: string[], cwd: string, env: Record<string, string>): ChildProcess {
  const [file = '', ...args] = argv;
  return spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the exit code and everything written once the process ends. */
export function finished(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  const collect = (chunk: Buffer): void => void (output += chunk.toString('utf8'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
