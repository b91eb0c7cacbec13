import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { ACTION_NAMES, createActions } from '../src/coach/index.js';
import { createEngine } from '../src/engine/engine.js';
import { loadFlows } from '../src/flow/loader.js';
import { createRedisDueIndex } from '../src/schedule/redis-due-index.js';
import { createDataCrypto } from '../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../src/session/redis-store.js';
import { createRedisBatchStore } from '../src/session/redis-batch.js';
import type { UserKey } from '../src/session/store.js';
import type { SessionState } from '../src/core/state.js';
import { createUserKeyer } from '../src/session/user-key.js';
import { startFakeTelegram } from '../test/fakes/telegram-server.js';
import { manualClock, testSecret } from '../test/support/engine.js';
import { spawnApp, TSX_ENTRY } from './process/app.js';
import { simulateUsers } from './process/daily-users.js';
import {
  commitCopies,
  storedShape,
  usedMemory,
  userBytes,
  type Template,
  type UserBytes,
} from './process/redis-footprint.js';
import { processMemory, sampleMemory, type ProcessMemory } from './process/rss.js';
import { driveTelegramUsers, type LoadResult } from './process/telegram-load.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { round, summarize, type LatencySummary } from './support/stats.js';

// (a) What a user costs in Redis after a full assessment and two weeks of daily check-ins, and
// (b) what the real app process holds resident, idle and while users chat with it.

const FLOWS = fileURLToPath(new URL('../flows', import.meta.url));
// Production defaults (src/core/config.ts): 180 days of retention, 48 h of seen events.
const TTL_SECONDS = 180 * 86_400;
const SEEN_TTL_SECONDS = 48 * 3_600;
// A Monday with no daylight-saving change in the following two weeks in any of the users' zones.
const START = Date.UTC(2026, 10, 2, 7, 0);
const TOKEN = '424242:bench-memory';

interface Sizes {
  simulated: number;
  days: number;
  users: number;
  loadUsers: number;
  loadMs: number;
  idleMs: number;
}

const FULL: Sizes = { simulated: 20, days: 14, users: 10_000, loadUsers: 25, loadMs: 10_000, idleMs: 5_000 };
const QUICK: Sizes = { simulated: 4, days: 14, users: 500, loadUsers: 5, loadMs: 2_000, idleMs: 1_000 };

/** Redis bytes per user after an assessment and 14 days of check-ins, and the app's resident memory. */
export const memory: Section = {
  name: 'memory',
  title: 'Memory: Redis bytes per user after two weeks, and the app process RSS',
  async run(ctx) {
    const sizes = ctx.quick ? QUICK : FULL;
    const redis = await redisFootprint(ctx, sizes);
    const rss = await processFootprint(ctx, sizes);
    return report(redis, rss, sizes);
  },
};

// === (a) Redis

interface RedisFigures {
  turnsPerSimulatedUser: number;
  bytesPerUser: LatencySummary;
  stateBytes: LatencySummary;
  seenBytes: LatencySummary;
  historyBytes: LatencySummary;
  journalTextBytes: LatencySummary;
  seenMembers: LatencySummary;
  stateJsonBytes: LatencySummary;
  stateEncryptedBytes: LatencySummary;
  storedFields: LatencySummary;
  usedMemoryDeltaPerUser: number;
  dueIndexBytesPerUser: number;
  encodings: { state: string; seen: string };
}

async function redisFootprint(ctx: BenchContext, sizes: Sizes): Promise<RedisFigures> {
  const measure = await connect(ctx.redis.url);
  const secret = testSecret();
  const clock = manualClock(START);
  const keyer = createUserKeyer(secret);
  const options = {
    crypto: createDataCrypto(secret),
    ttlSeconds: TTL_SECONDS,
    seenTtlSeconds: SEEN_TTL_SECONDS,
    clock,
  };
  const store = createRedisStore({ redis: await connect(ctx.redis.url), ...options });
  // The scheduler's batch store: once the sender has a due turn's messages, it drops their replies.
  const batch = createRedisBatchStore({ redis: measure, ...options });
  try {
    const before = await usedMemory(measure);
    ctx.log(`simulating ${sizes.simulated} users through the engine for ${sizes.days} days`);
    const registry = await loadFlows(FLOWS, new Set(ACTION_NAMES));
    const engine = createEngine({
      registry,
      actions: createActions(registry),
      store,
      clock,
      userKey: keyer,
      logger: pino({ level: 'silent' }),
    });
    const simulated = await simulateUsers({
      engine,
      store,
      clock,
      keyer,
      users: sizes.simulated,
      days: sizes.days,
      taken: batch.taken,
    });
    const shapes = await Promise.all(simulated.map(({ key }) => storedShape(measure, key)));
    const templates = await Promise.all(
      simulated.map(async ({ key }, i): Promise<Template> => ({
        state: ((await store.export(key)) as unknown as { state: SessionState }).state,
        seenEvents: shapes[i]?.seenMembers ?? 0,
      })),
    );
    ctx.log(`committing ${sizes.users - sizes.simulated} copies through the store`);
    const copies = await commitCopies({
      store,
      keyer,
      templates,
      count: sizes.users - sizes.simulated,
      firstId: 7_200_000_000,
    });
    const users = [...simulated.map((u) => u.key), ...copies];
    const bytes = await userBytes(measure, users);
    const perUserDelta = ((await usedMemory(measure)) - before) / users.length;
    return {
      ...sizesOf(bytes, templates, shapes),
      turnsPerSimulatedUser: round(simulated.reduce((sum, u) => sum + u.turns, 0) / simulated.length, 1),
      usedMemoryDeltaPerUser: round(perUserDelta, 1),
      dueIndexBytesPerUser: await dueIndexBytes(measure, users, templates),
      encodings: { state: shapes[0]?.stateEncoding ?? '', seen: shapes[0]?.seenEncoding ?? '' },
    };
  } finally {
    await store.close();
    await measure.quit();
  }
}

type Shape = Awaited<ReturnType<typeof storedShape>>;

function sizesOf(bytes: readonly UserBytes[], templates: readonly Template[], shapes: readonly Shape[]) {
  return {
    // The goal counts every key of the user but not the text the user wrote in the journal (kept in full).
    bytesPerUser: summarize(
      bytes.map((b, i) => b.state + b.seen + b.history - journalText(templates[i % templates.length]?.state)),
    ),
    stateBytes: summarize(bytes.map((b) => b.state)),
    seenBytes: summarize(bytes.map((b) => b.seen)),
    historyBytes: summarize(bytes.map((b) => b.history)),
    journalTextBytes: summarize(bytes.map((_, i) => journalText(templates[i % templates.length]?.state))),
    seenMembers: summarize(templates.map((t) => t.seenEvents)),
    stateJsonBytes: summarize(templates.map((t) => Buffer.byteLength(JSON.stringify(t.state), 'utf8'))),
    stateEncryptedBytes: summarize(shapes.map((s) => s.blobBytes)),
    storedFields: summarize(shapes.map((s) => s.fields)),
  };
}

/** Bytes of the text of the user's journal entries (UTF-8). */
function journalText(state: SessionState | undefined): number {
  const journal = state?.stats.journal;
  if (!Array.isArray(journal)) return 0;
  return journal.reduce<number>((sum, entry) => {
    const text = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry.text : undefined;
    return sum + (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0);
  }, 0);
}

// The scheduler keeps one member per user in a shared sorted set: not a key of the user, so it is
// measured apart, under its own prefix (the app started next must not find these users due).
async function dueIndexBytes(redis: Redis, users: readonly UserKey[], templates: readonly Template[]): Promise<number> {
  const prefix = 'bench-memory';
  const index = createRedisDueIndex({ redis, prefix });
  const before = await usedMemory(redis);
  await Promise.all(
    users.map((user, i) => index.plan(user, templates[i % templates.length]?.state.schedule?.planned ?? START)),
  );
  const after = await usedMemory(redis);
  await redis.del(`${prefix}:{due}:z`, `${prefix}:{due}:lease`, `${prefix}:{due}:pending`, `${prefix}:{due}:seq`);
  return round((after - before) / users.length, 1);
}

async function connect(url: string): Promise<Redis> {
  const redis = connectRedis(url, { commandTimeoutMs: 10_000 });
  await waitForRedis(redis, 5_000);
  return redis;
}

// === (b) The app process

interface ProcessFigures {
  readyMs: number;
  idle: ProcessMemory;
  loadPeakRssMb: number;
  loadEnd: ProcessMemory;
  afterLoad: ProcessMemory;
  load: LoadResult;
}

async function processFootprint(ctx: BenchContext, sizes: Sizes): Promise<ProcessFigures> {
  const fake = await startFakeTelegram(TOKEN);
  ctx.log('starting the app (src/main.ts, Telegram against the fake Bot API, Redis)');
  const app = await spawnApp({
    args: TSX_ENTRY,
    // Each simulated user is a closed loop far faster than a person: the per-user and global rate limits are
    // raised so it measures memory under load rather than the "slow down" answer or dropped messages.
    env: {
      REDIS_URL: ctx.redis.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      STEADY_USER_PER_MINUTE: '6000',
      STEADY_USER_BURST: '10000',
      STEADY_GLOBAL_PER_SECOND: '100000',
    },
  }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  try {
    await sleep(sizes.idleMs);
    const idle = processMemory(app.pid);
    ctx.log(`idle RSS ${idle.rssMb} MB; ${sizes.loadUsers} users chat for ${sizes.loadMs / 1000} s`);
    const sampler = sampleMemory(app.pid);
    const load = await driveTelegramUsers(fake, { users: sizes.loadUsers, durationMs: sizes.loadMs });
    const { peakMb } = sampler.stop();
    const loadEnd = processMemory(app.pid);
    await sleep(sizes.idleMs);
    return { readyMs: app.readyMs, idle, loadPeakRssMb: peakMb, loadEnd, afterLoad: processMemory(app.pid), load };
  } finally {
    await app.stop();
    await fake.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// === Report

function report(redis: RedisFigures, rss: ProcessFigures, sizes: Sizes): SectionResult {
  const actionsPerSecond = round(rss.load.actions / (rss.load.durationMs / 1000), 1);
  const table: (string | number)[][] = [
    [
      `Redis bytes per user, all keys, journal text not counted (mean / p50 / max, ${sizes.users} users)`,
      `${redis.bytesPerUser.mean} / ${redis.bytesPerUser.p50} / ${redis.bytesPerUser.max}`,
    ],
    ['  state hash (mean / max)', `${redis.stateBytes.mean} / ${redis.stateBytes.max}`],
    ['  seen set (mean / max)', `${redis.seenBytes.mean} / ${redis.seenBytes.max}`],
    ['  history hash (mean / max)', `${redis.historyBytes.mean} / ${redis.historyBytes.max}`],
    ['  minus journal text (mean / max)', `${redis.journalTextBytes.mean} / ${redis.journalTextBytes.max}`],
    [
      'State JSON vs encrypted blobs, all fields (mean bytes)',
      `${redis.stateJsonBytes.mean} vs ${redis.stateEncryptedBytes.mean} (${redis.storedFields.mean} fields)`,
    ],
    ['used_memory delta per user', redis.usedMemoryDeltaPerUser],
    ['Due index (shared sorted set) per user', redis.dueIndexBytesPerUser],
    ['App RSS idle (MB)', rss.idle.rssMb],
    [
      `App RSS under load, peak / end (MB; ${rss.load.users} users, ${actionsPerSecond} inputs/s)`,
      `${rss.loadPeakRssMb} / ${rss.loadEnd.rssMb}`,
    ],
    ['App RSS after load, idle again (MB)', rss.afterLoad.rssMb],
  ];
  return {
    figures: { sizes, redis, process: { ...rss, actionsPerSecond } },
    goals: [],
    table: { header: ['Measure', 'Value'], rows: table },
    notes: notes(redis, sizes),
  };
}

function notes(redis: RedisFigures, sizes: Sizes): string {
  return [
    `Redis: ${sizes.simulated} users were driven through the real engine and Redis store with a fake clock: /start, the assessment ` +
      `(varied answers), a daily time and zone, then ${sizes.days} daily messages from the scheduler's turn (runDue), each handed to the sender ` +
      `(its replies then dropped from the state, as the scheduler does) and answered minutes later with a mood and done / skip / a journal entry (about ${redis.turnsPerSimulatedUser} turns each; some days unanswered). ` +
      `The other ${sizes.users - sizes.simulated} users are copies of those final states committed for new user keys through the store's ` +
      "own commit (encrypted per user key as in production), once per event the original's seen set held, so each copy's seen set " +
      `has the same number of members (the events of the last 48 h: ${redis.seenMembers.mean} on average, max ${redis.seenMembers.max}).`,
    `Bytes per user is MEMORY USAGE (SAMPLES 0) of the state hash, the seen set and the history hash (encodings: ${redis.encodings.state}, ${redis.encodings.seen}), ` +
      'minus the UTF-8 length of the text of the journal entries, which Steady keeps in full. ' +
      'The used_memory delta per user is higher: it also counts the keyspace and expires dictionaries (every key carries a TTL), ' +
      'allocator slack and the journal text. The due index is one member per user in a shared sorted set, counted apart. The state ' +
      'hash holds `data` plus one field per list a turn reads (and one per scheduled message the sender has not taken yet); the journal, past assessments and check-ins, moods and prompts older than the recent window (none yet at two weeks) are chunks of the history hash. ' +
      'Every value is compressed (deflate with a preset dictionary) and encrypted apart (a format byte, nonce and tag per value), stored as raw bytes.',
    'RSS: the real entry (node --import tsx src/main.ts) in platform mode against the fake Telegram Bot API and this Redis, at LOG_LEVEL ' +
      'info; VmRSS from /proc. Idle is read after start-up plus a pause; under load each user is a closed loop (/start, consent, then ' +
      '/today check-ins) waiting for every answer. RSS includes tsx and its transpiled-module cache; a compiled build would hold less. ' +
      'V8 keeps the heap it grew, so RSS after load stays near the peak.',
  ].join('\n\n');
}
