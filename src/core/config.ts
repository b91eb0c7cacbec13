import { z } from 'zod';
import { ErrorCode, SteadyError } from './errors.js';

// The only module that reads process.env: everything else receives a validated Config.

const SECRET_HINT = "make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"";

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

// Digits only, so `0x10`, `1e3` or `12.5` are refused rather than silently reinterpreted.
function wholeNumber(min: number, max: number, fallback: number) {
  const expected = `a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error: expected })
    .transform(Number)
    .pipe(z.number().min(min, { error: expected }).max(max, { error: expected }))
    .default(fallback);
}

const optionalToken = z.string().optional();

// `host:port,host:port`: how Sentinel and Cluster seed lists are usually written in deployment files.
const nodeList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[^\s:]+:\d{1,5}$/, { error: 'comma-separated host:port pairs, e.g. redis-1:26379,redis-2:26379' })
          .transform((entry) => {
            const at = entry.lastIndexOf(':');
            return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
          }),
      )
      .min(1, { error: 'at least one host:port' }),
  )
  .optional();
const optionalUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional();

const EnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'one of development, production, test' })
    .default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).optional(),
  FLOWS_DIR: z.string().default('flows'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' }).optional(),
  REDIS_SENTINELS: nodeList,
  REDIS_SENTINEL_MASTER: z
    .string()
    .regex(/^[\w.-]+$/, { error: "the primary's name as the Sentinels know it, e.g. mymaster" })
    .optional(),
  REDIS_CLUSTER_NODES: nodeList,
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_TLS: z.enum(['on', 'off'], { error: 'on (TLS to Sentinel and Cluster nodes) or off' }).default('off'),
  STEADY_SECRET: z
    .string()
    .min(32, { error: `at least 32 characters; ${SECRET_HINT}` })
    .optional(),
  SESSION_TTL_DAYS: wholeNumber(1, 3650, 180),
  SEEN_TTL_HOURS: wholeNumber(1, 8760, 48),
  PORT: wholeNumber(1, 65535, 3000),
  STEADY_COUNTRY: z
    .string()
    .regex(/^([a-z]{2}|international)$/i, { error: 'a two-letter country code such as us or gb, or international' })
    .transform((country) => country.toLowerCase())
    .default('international'),
  HOST: z.string().default('0.0.0.0'),
  SHUTDOWN_DEADLINE_SECONDS: wholeNumber(1, 600, 25),
  STEADY_CONNECT_TIMEOUT_SECONDS: wholeNumber(1, 300, 15),
  STEADY_USER_BURST: wholeNumber(1, 10_000, 20),
  STEADY_USER_PER_MINUTE: wholeNumber(1, 6000, 60),
  STEADY_GLOBAL_PER_SECOND: wholeNumber(1, 100_000, 500),
  SCHEDULER_WORKER: z
    .enum(['on', 'off'], { error: 'on (this process also sends daily prompts and follow-ups) or off' })
    .default('on'),
  TELEGRAM_BOT_TOKEN: optionalToken,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'an https:// URL that Telegram can reach' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { error: '16 to 256 characters of A-Z, a-z, 0-9, _ and -' })
    .optional(),
  DISCORD_TOKEN: optionalToken,
  DISCORD_APPLICATION_ID: optionalToken,
  DISCORD_API_URL: optionalUrl,
  DISCORD_COMMUNITY: z
    .enum(['on', 'off'], { error: 'on (servers may opt into a crisis watch; needs the message-content intent) or off' })
    .default('off'),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{5,25}$/, { error: 'a numeric Discord server id' })
    .optional(),
  SLACK_BOT_TOKEN: optionalToken,
  SLACK_SIGNING_SECRET: optionalToken,
  SLACK_APP_TOKEN: optionalToken,
  SLACK_API_URL: optionalUrl,
  SLACK_CLIENT_ID: optionalToken,
  SLACK_CLIENT_SECRET: optionalToken,
  SLACK_STATE_SECRET: optionalToken,
});

type ParsedEnv = z.infer<typeof EnvSchema>;

/** Validated settings; `LOG_LEVEL` is resolved ('warn' in terminal mode, 'info' otherwise, unless set). */
export type Config = Omit<ParsedEnv, 'LOG_LEVEL'> & { LOG_LEVEL: LogLevel };

const PLATFORM_TOKENS = [
  'TELEGRAM_BOT_TOKEN',
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_ID',
] as const satisfies readonly (keyof ParsedEnv)[];

/** True when no platform token is set: Steady then chats in the terminal. */
export function isTerminalMode(config: Pick<Config, (typeof PLATFORM_TOKENS)[number]>): boolean {
  return PLATFORM_TOKENS.every((name) => config[name] === undefined);
}

/**
 * Reads and validates the environment once at startup.
 * @throws SteadyError(ErrorCode.Config) naming every bad variable and what it expects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return readConfig(env);
  } catch (error) {
    // A misspelt name is the likeliest cause of a missing setting, so the refusal names the suspects too.
    const unknown = unknownVariables(env);
    if (!(error instanceof SteadyError) || unknown.length === 0) throw error;
    const note = `\n  unknown variables that look like Steady's (misspelt?): ${unknown.join(', ')}`;
    throw new SteadyError(error.code, `${error.message}${note}`);
  }
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(pickKnown(env));
  if (!parsed.success) throw configError(parsed.error.issues);
  const values = parsed.data;
  requireOneRedis(values);
  requirePairs(values);
  requireProductionSettings(values);
  const { LOG_LEVEL, ...rest } = values;
  return { ...rest, LOG_LEVEL: LOG_LEVEL ?? (isTerminalMode(values) ? 'warn' : 'info') };
}

const REDIS_MODES = [
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_CLUSTER_NODES',
] as const satisfies readonly (keyof ParsedEnv)[];

// One deployment at a time: a URL and a Cluster list together would leave it unclear where users' data lives.
function requireOneRedis(values: ParsedEnv): void {
  const set = REDIS_MODES.filter((name) => values[name] !== undefined);
  if (set.length > 1) {
    throw configError([
      { path: [set[1] ?? ''], message: `only one of ${REDIS_MODES.join(', ')}; found ${set.join(' and ')}` },
    ]);
  }
  if (set.length === 1 && values.STEADY_SECRET === undefined) {
    throw configError([
      {
        path: ['STEADY_SECRET'],
        message:
          `a secret of at least 32 characters, required when ${set[0]} is set because it encrypts stored ` +
          `conversations and keys user ids; ${SECRET_HINT}`,
      },
    ]);
  }
}

// In production a missing platform would fall back to the terminal chat (which exits at once in a container and
// restarts in a loop) and a missing Redis to memory (which forgets every user and safety flag on restart).
function requireProductionSettings(values: ParsedEnv): void {
  if (values.NODE_ENV !== 'production') return;
  const missing: { path: string[]; message: string }[] = [];
  if (isTerminalMode(values)) {
    missing.push({
      path: ['TELEGRAM_BOT_TOKEN'],
      message: `a platform when NODE_ENV=production: set TELEGRAM_BOT_TOKEN, DISCORD_TOKEN or SLACK_BOT_TOKEN (the terminal chat is for development)`,
    });
  }
  if (REDIS_MODES.every((name) => values[name] === undefined)) {
    missing.push({
      path: ['REDIS_URL'],
      message: `Redis when NODE_ENV=production (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): in memory every user is forgotten on restart`,
    });
  }
  if (missing.length > 0) throw configError(missing);
}

/** Variables that look like Steady's (by prefix) but are not among those it reads: most likely misspelt. */
export function unknownVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = new Set(Object.keys(EnvSchema.shape));
  return Object.keys(env)
    .filter((name) => /^(TELEGRAM|DISCORD|SLACK|STEADY|REDIS)_/.test(name) && !known.has(name))
    .sort();
}

// Settings that only work together are checked together, so a half-configured platform fails at startup.
function requirePairs(values: ParsedEnv): void {
  const missing: { path: string[]; message: string }[] = [];
  const need = (when: boolean, name: keyof ParsedEnv, message: string): void => {
    if (when && values[name] === undefined) missing.push({ path: [name], message });
  };
  need(
    values.TELEGRAM_WEBHOOK_URL !== undefined,
    'TELEGRAM_WEBHOOK_SECRET',
    'a secret when TELEGRAM_WEBHOOK_URL is set, so forged webhook calls are refused',
  );
  need(
    values.DISCORD_TOKEN !== undefined,
    'DISCORD_APPLICATION_ID',
    'the application id from the Discord developer portal when DISCORD_TOKEN is set',
  );
  need(
    values.SLACK_BOT_TOKEN !== undefined && values.SLACK_APP_TOKEN === undefined,
    'SLACK_SIGNING_SECRET',
    'the signing secret from the Slack app settings when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (Socket Mode)',
  );
  need(
    values.REDIS_SENTINELS !== undefined,
    'REDIS_SENTINEL_MASTER',
    "the primary's name (e.g. mymaster) when REDIS_SENTINELS is set",
  );
  need(
    values.REDIS_SENTINEL_MASTER !== undefined,
    'REDIS_SENTINELS',
    'the Sentinel addresses (host:port,...) when REDIS_SENTINEL_MASTER is set',
  );
  for (const [name, what] of [
    ['SLACK_CLIENT_SECRET', 'the client secret (Basic Information) when SLACK_CLIENT_ID is set'],
    ['SLACK_STATE_SECRET', 'a random secret of your own for the install state when SLACK_CLIENT_ID is set'],
    ['SLACK_SIGNING_SECRET', 'the signing secret (Basic Information) when SLACK_CLIENT_ID is set'],
  ] as const)
    need(values.SLACK_CLIENT_ID !== undefined, name, what);
  need(
    values.SLACK_APP_TOKEN !== undefined,
    'SLACK_BOT_TOKEN',
    'the bot token (xoxb-...) as well when SLACK_APP_TOKEN is set',
  );
  if (missing.length > 0) throw configError(missing);
}

// Only our own variables, with blank strings dropped: `PORT=` in a .env file means "not set".
function pickKnown(env: NodeJS.ProcessEnv): Record<string, string> {
  const known: Record<string, string> = {};
  for (const name of Object.keys(EnvSchema.shape)) {
    const value = env[name]?.trim();
    if (value) known[name] = value;
  }
  return known;
}

// Values are never echoed back: several of these variables are secrets.
function configError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): SteadyError {
  const lines = issues.map((issue) => `  ${String(issue.path[0] ?? '(environment)')}: expected ${issue.message}`);
  return new SteadyError(ErrorCode.Config, `invalid environment variables:\n${lines.join('\n')}`);
}
