import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/core/config.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { appSecret, freePort } from '../support/app-process.js';
import { dockerignore, parseDockerfile } from './dockerfile.js';
import { composeCommand, composePromises, dockerfilePromises, type AppFacts } from './promises.js';
import { containerEnv, finished, rehearse, run, spawnStep, type RehearsedStage } from './rehearse.js';

// The container without Docker: the Dockerfile's and docker-compose.yml's promises, read from the files,
// then the Dockerfile's own steps run in a temp folder and its CMD and HEALTHCHECK run as the image would.
// Slow (two `npm ci`s and a tsc build); scripts/check-dockerfile.sh runs this file alone.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const IGNORED = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const REHEARSAL_MS = 5 * 60_000;

// What the image must fit, from the code: config defaults and where tsc puts src/main.ts.
const FACTS: AppFacts = (() => {
  const defaults = loadConfig({});
  const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
    compilerOptions: { outDir: string; rootDir: string };
  };
  const entry = posix
    .join(build.compilerOptions.outDir, posix.relative(build.compilerOptions.rootDir, 'src/main.ts'))
    .replace(/\.ts$/, '.js');
  return {
    entry,
    port: defaults.PORT,
    flowsDir: defaults.FLOWS_DIR,
    shutdownSeconds: defaults.SHUTDOWN_DEADLINE_SECONDS,
  };
})();

describe('the Dockerfile', () => {
  it('keeps its promises: stages, a pinned slim Node LTS, non-root, HEALTHCHECK, production deps, the compiled entry', () => {
    expect(FACTS.entry).toBe('dist/src/main.js');
    expect(dockerfilePromises(DOCKERFILE, FACTS)).toEqual([]);
  });

  it('is read as Docker reads it: continuations, comments inside them, flags, exec form', () => {
    const stages = parseDockerfile(
      '# syntax=docker/dockerfile:1\nFROM node:24.1.0-bookworm-slim AS b\nRUN --mount=type=cache,target=/x \\\n  # a comment\n  echo one \\\n  two\nCOPY --from=b /app/dist ./dist\n',
    );
    expect(stages).toHaveLength(1);
    const [runStep, copyStep] = stages[0]?.instructions ?? [];
    expect(runStep).toMatchObject({ keyword: 'RUN', args: 'echo one two', line: 3 });
    expect(runStep?.flags.get('mount')).toBe('type=cache,target=/x');
    expect(copyStep?.flags.get('from')).toBe('b');
  });

  // Each check must be able to fail: break one promise at a time and expect it named.
  it.each([
    ['one stage', (t: string) => t.replace(/^FROM .* AS build$[\s\S]*?(?=^FROM )/m, ''), /more than one FROM/],
    ['a full image', (t: string) => t.replace(/bookworm-slim/g, 'bookworm'), /pinned node:22 or node:24 \*-slim/],
    ['an unpinned tag', (t: string) => t.replace(/node:24\.\d+\.\d+-/g, 'node:24-'), /pinned node:22/],
    ['root', (t: string) => t.replace(/^USER .*$/m, 'USER root'), /is root/],
    ['no USER', (t: string) => t.replace(/^USER .*$/m, ''), /no USER/],
    ['no HEALTHCHECK', (t: string) => t.replace(/^HEALTHCHECK .*\\\n.*\n/m, ''), /no HEALTHCHECK/],
    [
      'curl in the HEALTHCHECK',
      (t: string) => t.replace(/CMD \["node", "-e", .*$/m, 'CMD ["curl", "-f", "http://localhost:3000/healthz"]'),
      /use node/,
    ],
    [
      'tsx at runtime',
      (t: string) =>
        t.replace(/^CMD \["node", "dist\/src\/main.js"\]$/m, 'CMD ["node", "--import", "tsx", "src/main.ts"]'),
      /is not \["node", "dist\/src\/main.js"\]/,
    ],
    [
      'shell-form CMD',
      (t: string) => t.replace(/^CMD \["node", "dist\/src\/main.js"\]$/m, 'CMD node dist/src/main.js'),
      /not the exec form/,
    ],
    [
      'dev dependencies at runtime',
      (t: string) => t.replace(/npm ci --omit=dev/, 'npm ci'),
      /does not run `npm ci --omit=dev`/,
    ],
    ['no flows', (t: string) => t.replace(/^COPY flows .*$/m, ''), /does not copy flows\//],
    ['no NODE_ENV', (t: string) => t.replace(/^ENV NODE_ENV=production$/m, ''), /NODE_ENV=production/],
  ])('names a Dockerfile with %s', (_name, breakIt, problem) => {
    const broken = breakIt(DOCKERFILE);
    expect(broken).not.toBe(DOCKERFILE);
    expect(dockerfilePromises(broken, FACTS).join('\n')).toMatch(problem);
  });

  it('is rehearsed as Docker builds it: folder contents, files into a folder, --from, .dockerignore, RUN in WORKDIR', async () => {
    const context = mkdtempSync(join(tmpdir(), 'steady-context-'));
    const out = mkdtempSync(join(tmpdir(), 'steady-rehearsal-'));
    try {
      mkdirSync(join(context, 'lib', 'deep'), { recursive: true });
      writeFileSync(join(context, 'lib', 'deep', 'a.txt'), 'a');
      writeFileSync(join(context, 'lib', 'secret.env'), 'x');
      writeFileSync(join(context, 'one.txt'), '1');
      writeFileSync(join(context, 'two.txt'), '2');
      const file = [
        'FROM node:24.1.0-bookworm-slim AS make',
        'WORKDIR /src',
        'COPY lib ./lib',
        'COPY one.txt two.txt ./',
        'ENV GREETING=hello',
        'RUN mkdir out && echo "$GREETING" > out/made.txt && ls lib > out/listing.txt',
        'FROM node:24.1.0-bookworm-slim',
        'WORKDIR /app',
        'COPY --from=make /src/out ./out',
      ].join('\n');
      const [make, final] = await rehearse(parseDockerfile(file), {
        context,
        ignored: dockerignore('**/*.env'),
        dir: out,
      });
      expect(readFileSync(join(make?.workdir ?? '', 'lib', 'deep', 'a.txt'), 'utf8')).toBe('a');
      expect(existsSync(join(make?.workdir ?? '', 'lib', 'secret.env'))).toBe(false);
      expect(readdirSync(final?.workdir ?? '').sort()).toEqual(['out']);
      expect(readFileSync(join(final?.workdir ?? '', 'out', 'made.txt'), 'utf8')).toBe('hello\n');
      expect(readFileSync(join(final?.workdir ?? '', 'out', 'listing.txt'), 'utf8')).toBe('deep\n');
      await expect(
        rehearse(parseDockerfile('FROM node:24.1.0-bookworm-slim\nRUN exit 3'), {
          context,
          ignored: () => false,
          dir: out,
        }),
      ).rejects.toThrow(/exited with 3/);
      await expect(
        rehearse(parseDockerfile('FROM node:24.1.0-bookworm-slim\nCOPY lib/secret.env ./'), {
          context,
          ignored: dockerignore('**/*.env'),
          dir: out,
        }),
      ).rejects.toThrow(/not in the build context/);
      await expect(
        rehearse(parseDockerfile('FROM node:24.1.0-bookworm-slim\nENTRYPOINT ["sh"]'), {
          context,
          ignored: () => false,
          dir: out,
        }),
      ).rejects.toThrow(/not rehearsed/);
    } finally {
      rmSync(context, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('.dockerignore keeps secrets and local builds out of the context, but not what COPY names', () => {
    for (const path of [
      '.env',
      '.env.production',
      '.git/config',
      'node_modules/x/index.js',
      'dist/src/main.js',
      'test/ship/dockerfile.test.ts',
    ]) {
      expect(IGNORED(path), path).toBe(true);
    }
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      'src/main.ts',
      'adapters/index.ts',
      'flows/start.yaml',
    ]) {
      expect(IGNORED(path), path).toBe(false);
    }
    expect(dockerignore('**/*.log\n!keep.log')('a/b.log')).toBe(true);
    expect(dockerignore('**/*.log\n!keep.log')('keep.log')).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  it('keeps its promises: durable redis that never evicts, a named volume, .env, healthy redis first, a grace period past the deadline', () => {
    expect(composePromises(COMPOSE, FACTS)).toEqual([]);
  });

  it.each([
    ['fsync always', (t: string) => t.replace(/- everysec/, '- always'), /appendfsync everysec/],
    ['an eviction policy', (t: string) => t.replace(/- noeviction/, '- allkeys-lru'), /noeviction/],
    [
      'a short grace period',
      (t: string) => t.replace(/stop_grace_period: 30s/, 'stop_grace_period: 10s'),
      /does not exceed the 25 s/,
    ],
    ['no env_file', (t: string) => t.replace(/^ {4}env_file: .env$/m, ''), /env_file/],
    ['a bind mount', (t: string) => t.replace(/- redis-data:\/data/, '- ./data:/data'), /named volume/],
  ])('names a compose file with %s', (_name, breakIt, problem) => {
    const broken = breakIt(COMPOSE);
    expect(broken).not.toBe(COMPOSE);
    expect(composePromises(broken, FACTS).join('\n')).toMatch(problem);
  });

  it("redis-server accepts the compose command's options", async () => {
    const services = (parse(COMPOSE) as { services: Record<string, { image?: string; command?: unknown }> }).services;
    const redis = Object.values(services).find((s) => s.image?.startsWith('redis:'));
    const [binary = '', ...args] = composeCommand(redis?.command);
    expect(binary).toBe('redis-server');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'steady-compose-redis-'));
    // Only where it listens and writes changes; the compose options are passed as they are.
    const server = spawnStep(
      [binary, ...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      dir,
      containerEnv(),
    );
    const exited = finished(server);
    let log = '';
    server.stdout?.on('data', (chunk: Buffer) => void (log += chunk.toString('utf8')));
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await until(
        () => /Ready to accept connections/.test(log),
        10_000,
        () => 'redis-server did not get ready',
      );
      await client.connect();
      const config = Object.fromEntries(
        await Promise.all(
          ['appendonly', 'appendfsync', 'maxmemory-policy', 'maxmemory'].map(
            async (name) => (await client.config('GET', name)) as string[],
          ),
        ),
      ) as Record<string, string>;
      expect(config).toEqual({
        appendonly: 'yes',
        appendfsync: 'everysec',
        'maxmemory-policy': 'noeviction',
        maxmemory: String(256 * 1024 * 1024),
      });
    } catch (error) {
      server.kill('SIGKILL');
      throw new Error(`redis-server ${args.join(' ')} did not serve: ${String(error)}\n${(await exited).output}`);
    } finally {
      client.disconnect();
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Dockerfile steps, run without Docker', () => {
  let dir = '';
  let stages: RehearsedStage[] = [];
  let runtime: RehearsedStage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'steady-dockerfile-'));
    stages = await rehearse(parseDockerfile(DOCKERFILE), { context: ROOT, ignored: IGNORED, dir });
    const last = stages.at(-1);
    if (last === undefined) throw new Error('no stage');
    runtime = last;
  }, REHEARSAL_MS);

  // Two node_modules trees: removing them takes a while on a busy machine.
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  }, REHEARSAL_MS);

  it('ships the compiled entry and the flows, but no TypeScript sources', () => {
    expect(existsSync(join(runtime.workdir, FACTS.entry))).toBe(true);
    expect(readdirSync(join(runtime.workdir, FACTS.flowsDir))).toContain('_sources.yaml');
    expect(readdirSync(join(runtime.workdir, FACTS.flowsDir, 'locales', 'en'))).toContain('engine.yaml');
    expect(readdirSync(runtime.workdir).sort()).toEqual([
      'dist',
      'flows',
      'node_modules',
      'package-lock.json',
      'package.json',
    ]);
    const sources = readdirSync(join(runtime.workdir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.ts$/.test(file),
    );
    expect(sources).toEqual([]);
  });

  it('installs production dependencies only in the runtime stage', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([path, info]) => info.dev === true && path.startsWith('node_modules/'))
      .map(([path]) => path);
    expect(devOnly).toEqual(
      expect.arrayContaining(['node_modules/vitest', 'node_modules/typescript', 'node_modules/eslint']),
    );
    const build = stages[0];
    // The build stage has them, so their absence below means something.
    for (const name of ['vitest', 'typescript', 'eslint'])
      expect(existsSync(join(build?.workdir ?? '', 'node_modules', name)), name).toBe(true);
    expect(devOnly.filter((path) => existsSync(join(runtime.workdir, path)))).toEqual([]);
    expect(existsSync(join(runtime.workdir, 'node_modules', 'grammy'))).toBe(true);
  });

  it('runs the CMD as the container would: /healthz answers the HEALTHCHECK, and a /start is answered', async () => {
    const fake: FakeTelegram = await startFakeTelegram();
    const port = await freePort();
    // What the container has: the image's ENV, then what compose sets (a test Redis database of its own).
    const env = {
      ...containerEnv(),
      ...runtime.env,
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      REDIS_URL: `${inject('redisUrl').replace(/\/\d*$/, '')}/11`,
      STEADY_SECRET: appSecret(),
    };
    expect(runtime.env.NODE_ENV).toBe('production');
    const [cmd, healthcheck] = [runtime.cmd ?? [], runtime.healthcheck ?? []];
    const app = spawnStep(cmd, runtime.workdir, env);
    const exited = finished(app);
    let output = '';
    app.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
    try {
      await until(
        () => /steady is running/.test(output),
        30_000,
        () => `the CMD did not start:\n${output}`,
      );
      await run(healthcheck, runtime.workdir, env, 'HEALTHCHECK');
      fake.say('/start');
      const [reply] = await fake.waitFor('sendMessage', 1, 15_000);
      expect(String(reply?.params.text)).toMatch(/I'm Steady/);
    } finally {
      app.kill('SIGTERM');
      const { code } = await exited;
      await fake.close();
      expect(code, output).toBe(0);
    }
  }, 60_000);

  it('the HEALTHCHECK fails when nothing answers on $PORT', async () => {
    const env = { ...containerEnv(), ...runtime.env, PORT: String(await freePort()) };
    await expect(run(runtime.healthcheck ?? [], runtime.workdir, env, 'HEALTHCHECK')).rejects.toThrow(
      /HEALTHCHECK exited with 1/,
    );
  });
});

async function until(done: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
