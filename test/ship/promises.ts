import { posix } from 'node:path';
import { parse } from 'yaml';
import {
  copyArgs,
  envPairs,
  execForm,
  finalWorkdir,
  healthcheckCommand,
  parseDockerfile,
  type Stage,
} from './dockerfile.js';

// What the shipping files promise, as lists of broken promises (empty means kept), so the tests can
// show each check failing on a file that breaks it.

/** What the app expects of its image, taken from the code (config defaults, tsconfig.build.json). */
export interface AppFacts {
  /** The compiled entry relative to the app directory, e.g. dist/src/main.js. */
  entry: string;
  /** Default PORT. */
  port: number;
  /** Default FLOWS_DIR, relative to the working directory. */
  flowsDir: string;
  /** Default SHUTDOWN_DEADLINE_SECONDS. */
  shutdownSeconds: number;
}

// A maintained LTS line, slim, with the version pinned to the patch (a digest may follow).
const NODE_IMAGE = /^node:(22|24)\.\d+\.\d+-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/;

/** The broken promises of a Dockerfile's text. */
export function dockerfilePromises(text: string, facts: AppFacts): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  const final = stages.at(-1);
  if (final === undefined) return ['no FROM'];
  if (stages.length < 2)
    problems.push('a single stage: the build tools would ship in the image (expected more than one FROM)');
  const names = new Set(stages.flatMap((s) => (s.name === undefined ? [] : [s.name])));
  for (const stage of stages) {
    if (!names.has(stage.image) && !NODE_IMAGE.test(stage.image))
      problems.push(`FROM ${stage.image}: expected a pinned node:22 or node:24 *-slim image`);
  }
  const runs = (stage: Stage): string[] => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const last = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

  const builds = stages.slice(0, -1).flatMap(runs);
  if (!builds.some((cmd) => /\bnpm ci\b/.test(cmd) && !/--omit=dev/.test(cmd)))
    problems.push('no build stage runs `npm ci` with the dev dependencies');
  if (!builds.some((cmd) => /\bnpm run build\b/.test(cmd))) problems.push('no build stage runs `npm run build`');

  const finalRuns = runs(final);
  if (!finalRuns.some((cmd) => /\bnpm ci\b.*--omit=dev/.test(cmd)))
    problems.push('the runtime stage does not run `npm ci --omit=dev`');
  if (finalRuns.some((cmd) => /\bnpm (ci|install|i)\b(?!.*--omit=dev)/.test(cmd)))
    problems.push('the runtime stage installs dev dependencies');

  const user = last(final, 'USER')?.args;
  if (user === undefined) problems.push('no USER in the runtime stage: the app would run as root');
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`USER ${user} is root`);

  const env = new Map(final.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args)));
  if (env.get('NODE_ENV') !== 'production') problems.push('the runtime stage does not set ENV NODE_ENV=production');
  const exposed = final.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/));
  if (!exposed.some((port) => port.replace(/\/tcp$/, '') === String(facts.port)))
    problems.push(`no EXPOSE ${facts.port}`);

  const health = last(final, 'HEALTHCHECK');
  if (health === undefined) problems.push('no HEALTHCHECK in the runtime stage');
  else {
    const argv = execForm(healthcheckCommand(health));
    if (argv === undefined) problems.push('HEALTHCHECK in shell form (expected exec form running node)');
    else {
      if (argv[0] !== 'node')
        problems.push(`HEALTHCHECK runs ${argv[0] ?? 'nothing'}: slim images have no curl or wget, use node`);
      if (!argv.join(' ').includes('/healthz') || !argv.join(' ').includes('PORT'))
        problems.push('HEALTHCHECK does not ask /healthz on $PORT');
    }
  }

  const cmd = last(final, 'CMD');
  const argv = cmd === undefined ? undefined : execForm(cmd.args);
  if (argv === undefined)
    problems.push(`CMD is not the exec form ["node", "${facts.entry}"] (node must be PID 1 to get SIGTERM)`);
  else if (JSON.stringify(argv) !== JSON.stringify(['node', facts.entry]))
    problems.push(`CMD ${JSON.stringify(argv)} is not ["node", "${facts.entry}"]`);
  if (final.instructions.some((i) => i.keyword === 'ENTRYPOINT'))
    problems.push('an ENTRYPOINT would change what CMD runs');

  const workdir = finalWorkdir(final);
  const copied = final.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => ({ from: i.flags.get('from'), ...copyArgs(i) }));
  const into = (dest: string): string => posix.resolve(workdir, dest);
  if (
    !copied.some(
      (c) =>
        c.from === undefined &&
        c.sources.includes(facts.flowsDir) &&
        into(c.dest) === posix.resolve(workdir, facts.flowsDir),
    )
  ) {
    problems.push(
      `the runtime stage does not copy ${facts.flowsDir}/ to ${posix.resolve(workdir, facts.flowsDir)} (FLOWS_DIR's default)`,
    );
  }
  const entryRoot = facts.entry.split('/')[0] ?? '';
  if (!copied.some((c) => c.from !== undefined && into(c.dest) === posix.resolve(workdir, entryRoot))) {
    problems.push(`the runtime stage does not copy the compiled ${entryRoot}/ from the build stage`);
  }
  return problems;
}

/** The broken promises of docker-compose.yml's text. */
export function composePromises(text: string, facts: AppFacts): string[] {
  const problems: string[] = [];
  const doc = asRecord(parse(text));
  const services = asRecord(doc.services);
  const redisName = Object.keys(services).find((name) =>
    String(asRecord(services[name]).image ?? '').startsWith('redis:'),
  );
  const botName = Object.keys(services).find((name) => asRecord(services[name]).build !== undefined);
  if (redisName === undefined) return ['no service runs a redis: image'];
  if (botName === undefined) return ['no service builds the bot from the Dockerfile'];
  const redis = asRecord(services[redisName]);
  const bot = asRecord(services[botName]);

  if (!/^redis:7\.\d+\.\d+-(alpine|bookworm)/.test(String(redis.image)))
    problems.push(`redis image ${String(redis.image)}: expected a pinned redis:7.x.y`);
  const args = composeCommand(redis.command);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at < 0 ? undefined : args[at + 1];
  };
  if (option('appendonly') !== 'yes') problems.push('redis without --appendonly yes');
  if (option('appendfsync') !== 'everysec') problems.push('redis without --appendfsync everysec');
  if (option('maxmemory-policy') !== 'noeviction')
    problems.push('redis without --maxmemory-policy noeviction: a full Redis would drop sessions');
  if (option('maxmemory') === undefined) problems.push('redis without --maxmemory');
  const volumes = asRecord(doc.volumes);
  const dataVolume = asArray(redis.volumes)
    .map(String)
    .find((v) => v.endsWith(':/data'))
    ?.split(':')[0];
  if (dataVolume === undefined || !(dataVolume in volumes)) problems.push('redis /data is not a named volume');
  if (!JSON.stringify(asRecord(redis.healthcheck).test ?? '').includes('redis-cli'))
    problems.push('redis has no redis-cli healthcheck');

  if (
    !asArray(bot.env_file)
      .concat(typeof bot.env_file === 'string' ? [bot.env_file] : [])
      .some((f) => f === '.env' || asRecord(f).path === '.env')
  ) {
    problems.push('the bot does not read env_file .env');
  }
  const env = composeEnvironment(bot.environment);
  if (env.REDIS_URL !== `redis://${redisName}:6379`)
    problems.push(`the bot's REDIS_URL is not redis://${redisName}:6379`);
  if (env.NODE_ENV !== undefined && env.NODE_ENV !== 'production') problems.push('the bot overrides NODE_ENV');
  if (asRecord(asRecord(bot.depends_on)[redisName]).condition !== 'service_healthy')
    problems.push('the bot does not wait for a healthy redis');
  const ports = asArray(bot.ports).map(String);
  const inside = env.PORT ?? String(facts.port);
  if (!ports.some((p) => p.split(':').at(-1) === inside)) problems.push(`port ${inside} is not published`);
  if (bot.restart !== 'unless-stopped') problems.push('the bot is not restart: unless-stopped');
  const grace = seconds(bot.stop_grace_period);
  if (grace === undefined || grace <= facts.shutdownSeconds) {
    problems.push(
      `the bot's stop_grace_period (${String(bot.stop_grace_period)}) does not exceed the ${facts.shutdownSeconds} s shutdown deadline`,
    );
  }
  return problems;
}

/** A compose `command` (string or list) as argv. */
export function composeCommand(command: unknown): string[] {
  if (typeof command === 'string') return command.split(/\s+/).filter(Boolean);
  return asArray(command).map(String);
}

function composeEnvironment(environment: unknown): Record<string, string> {
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map(String).map((entry) => [entry.split('=')[0] ?? '', entry.split('=').slice(1).join('=')]),
    );
  }
  return Object.fromEntries(Object.entries(asRecord(environment)).map(([key, value]) => [key, String(value)]));
}

function seconds(duration: unknown): number | undefined {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(duration ?? ''));
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
