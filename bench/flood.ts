import { Agent, request } from 'node:http';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram-server.js';
import { spawnApp, TSX_ENTRY, type SpawnedApp } from './process/app.js';
import { processMemory, sampleMemory } from './process/rss.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { quantile, round } from './support/stats.js';

// Floods against the real app in Telegram webhook mode (fake Bot API, Redis): (a) many distinct user ids
// in a short time, and what the process holds resident before, at the peak and after; (b) one user's burst
// of messages, and what it does to the answer times of everyone else.

const TOKEN = '505050:bench-flood';
const FULL_GC_ON_SIGNAL = "process.on('SIGUSR2', () => globalThis.gc());";
const SECRET = 'bench-flood-secret-0123456789';

interface Sizes {
  floodUsers: number;
  /** The flood is spread over this long, as in the reported incident (50,000 ids in two minutes). */
  floodMs: number;
  concurrency: number;
  settleMs: number;
  others: number;
  measureMs: number;
  burst: number;
}

const FULL: Sizes = {
  floodUsers: 50_000,
  floodMs: 120_000,
  concurrency: 64,
  settleMs: 30_000,
  others: 10,
  measureMs: 10_000,
  burst: 1000,
};
const QUICK: Sizes = {
  floodUsers: 3_000,
  floodMs: 10_000,
  concurrency: 32,
  settleMs: 5_000,
  others: 4,
  measureMs: 3_000,
  burst: 300,
};

/** RSS after a flood of distinct user ids, and other users' p95 while one user floods. */
export const flood: Section = {
  name: 'flood',
  title: 'Floods: RSS after many user ids, and other users while one floods (Telegram webhook)',
  async run(ctx) {
    const sizes = ctx.quick ? QUICK : FULL;
    const fairness = await withApp(ctx, (app) => burstFairness(ctx, app, sizes));
    const memory = await withApp(ctx, (app) => idFlood(ctx, app, sizes));
    return report(memory, fairness, sizes);
  },
};

async function withApp<T>(ctx: BenchContext, run: (app: { app: SpawnedApp; fake: FakeTelegram }) => Promise<T>) {
  const fake = await startFakeTelegram(TOKEN);
  const app = await spawnApp({
    // SIGUSR2 runs a full garbage collection, so what the flood left behind can be told from garbage not yet
    // collected. Only here: Steady itself never asks for a collection.
    args: ['--expose-gc', '--import', `data:text/javascript,${encodeURIComponent(FULL_GC_ON_SIGNAL)}`, ...TSX_ENTRY],
    env: {
      REDIS_URL: ctx.redis.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://steady.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'info',
      // As the container runs it (Dockerfile): two malloc arenas, so memory freed after a flood goes back.
      MALLOC_ARENA_MAX: '2',
    },
  });
  try {
    return await run({ app, fake });
  } finally {
    await app.stop();
    await fake.close();
  }
}

// === Posting updates as Telegram does

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let nextUpdate = 1;

// A kept-alive socket the server closed just as it was picked fails with ECONNRESET before the request was
// read; Node's own advice is to send it again, as Telegram would. Counted, so the figures show it.
let resent = 0;

async function post(port: number, userId: number, text: string): Promise<number> {
  const id = nextUpdate++;
  try {
    return await postOnce(port, userId, text, id);
  } catch (error) {
    if (!(error instanceof Error && 'reused' in error)) throw error;
    resent += 1;
    return postOnce(port, userId, text, id);
  }
}

function postOnce(port: number, userId: number, text: string, id: number): Promise<number> {
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : [];
  const body = JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      text,
      entities,
      from: { id: userId, is_bot: false, first_name: 'Flood', language_code: 'en' },
      chat: { id: userId, first_name: 'Flood', type: 'private' },
    },
  });
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/telegram/webhook', method: 'POST', headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(req.reusedSocket && error.code === 'ECONNRESET' ? Object.assign(error, { reused: true }) : error),
    );
    req.end(body);
  });
}

/** Runs `count` posts with at most `concurrency` under way. */
async function pool(count: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

// === (a) Many distinct ids

interface MemoryFigures {
  users: number;
  /** Turns the engine ran, and messages the limits turned away, during the flood. */
  turns: number;
  limited: number;
  heapIdleMb: number;
  heapAfterMb: number;
  /** After a full garbage collection: what the flood left that is still referenced. */
  collectedMb: number;
  heapCollectedMb: number;
  seconds: number;
  idleMb: number;
  peakMb: number;
  afterMb: number;
  afterOverIdle: number;
  statuses: Record<string, number>;
}

async function idFlood(ctx: BenchContext, { app }: { app: SpawnedApp }, sizes: Sizes): Promise<MemoryFigures> {
  // A warm-up, so the idle figure is of a process that has loaded and run every part once.
  await pool(200, 16, (i) => post(app.port, 7_100_000_000 + i, '/start'));
  await new Promise((resolve) => setTimeout(resolve, sizes.settleMs / 3));
  const idleMb = processMemory(app.pid).rssMb;
  const before = await scrape(app.port);
  ctx.log(`flooding with ${sizes.floodUsers} distinct user ids (idle RSS ${idleMb} MB)`);
  const sampler = sampleMemory(app.pid, 200);
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const interval = sizes.floodMs / sizes.floodUsers;
  await pool(sizes.floodUsers, sizes.concurrency, async (i) => {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const status = await post(app.port, 7_200_000_000 + i, '/start');
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const seconds = (performance.now() - started) / 1000;
  ctx.log(`flood done in ${seconds.toFixed(1)} s; settling ${sizes.settleMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, sizes.settleMs));
  const { peakMb } = sampler.stop();
  const afterMb = processMemory(app.pid).rssMb;
  const after = await scrape(app.port);
  process.kill(app.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const collectedMb = processMemory(app.pid).rssMb;
  const collected = await scrape(app.port);
  return {
    users: sizes.floodUsers,
    turns: after.turns - before.turns,
    limited: after.limited - before.limited,
    heapIdleMb: before.heapMb,
    heapAfterMb: after.heapMb,
    collectedMb,
    heapCollectedMb: collected.heapMb,
    seconds: round(seconds, 1),
    idleMb,
    peakMb,
    afterMb,
    afterOverIdle: round(afterMb / idleMb, 2),
    statuses,
  };
}

/** Turns run, messages limited and heap in use, from the app's own /metrics. */
async function scrape(port: number): Promise<{ turns: number; limited: number; heapMb: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sum = (name: string): number =>
    text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  return {
    turns: sum('steady_turns_total{'),
    limited: sum('steady_limited_total{'),
    heapMb: round(sum('nodejs_heap_size_used_bytes') / 1_048_576, 1),
  };
}

// === (b) One user's burst against everyone else

interface FairnessFigures {
  idleP95Ms: number;
  burstP95Ms: number;
  ratio: number;
  idleTurns: number;
  burstTurns: number;
  burstMessages: number;
}

async function othersLatency(app: SpawnedApp, sizes: Sizes, base: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + sizes.measureMs;
  await Promise.all(
    Array.from({ length: sizes.others }, async (_, i) => {
      while (performance.now() < until) {
        const started = performance.now();
        await post(app.port, base + i, '/help');
        latencies.push(performance.now() - started);
        // A person reads before writing again.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function burstFairness(ctx: BenchContext, { app }: { app: SpawnedApp }, sizes: Sizes): Promise<FairnessFigures> {
  ctx.log(`${sizes.others} users, idle`);
  const idle = await othersLatency(app, sizes, 7_300_000_000);
  ctx.log(`${sizes.others} users while one sends ${sizes.burst} messages`);
  const flooder = pool(sizes.burst, 50, (i) => post(app.port, 7_399_999_999, `message ${i}`));
  const burst = await othersLatency(app, sizes, 7_300_000_000);
  await flooder;
  const idleP95Ms = round(quantile(idle, 0.95), 1);
  const burstP95Ms = round(quantile(burst, 0.95), 1);
  return {
    idleP95Ms,
    burstP95Ms,
    ratio: round(burstP95Ms / idleP95Ms, 2),
    idleTurns: idle.length,
    burstTurns: burst.length,
    burstMessages: sizes.burst,
  };
}

function report(memory: MemoryFigures, fairness: FairnessFigures, sizes: Sizes): SectionResult {
  return {
    figures: { memory, fairness },
    goals: [
      {
        text: `RSS after a ${sizes.floodUsers}-id flood within 20% of idle`,
        value: memory.afterOverIdle,
        met: memory.afterOverIdle <= 1.2,
      },
      {
        text: `RSS after a ${sizes.floodUsers}-id flood and a full garbage collection within 20% of idle`,
        value: round(memory.collectedMb / memory.idleMb, 2),
        met: memory.collectedMb / memory.idleMb <= 1.2,
      },
      {
        text: `other users' p95 during a ${sizes.burst}-message burst <= 2x idle`,
        value: fairness.ratio,
        met: fairness.ratio <= 2,
      },
    ],
    table: {
      header: ['figure', 'value'],
      rows: [
        ['distinct user ids in the flood', memory.users],
        ['flood duration (s)', memory.seconds],
        ['RSS idle / peak / after (MB)', `${memory.idleMb} / ${memory.peakMb} / ${memory.afterMb}`],
        ['RSS after ÷ idle', memory.afterOverIdle],
        ['turns run / messages turned away by the limits', `${memory.turns} / ${memory.limited}`],
        ['heap in use idle / after (MB)', `${memory.heapIdleMb} / ${memory.heapAfterMb}`],
        [
          'after a full garbage collection: RSS / heap in use (MB)',
          `${memory.collectedMb} / ${memory.heapCollectedMb}`,
        ],
        ['webhook answers during the flood', JSON.stringify(memory.statuses)],
        ['posts sent again after a kept-alive socket was reset', resent],
        [
          `others' p95 idle / during a ${fairness.burstMessages}-message burst (ms)`,
          `${fairness.idleP95Ms} / ${fairness.burstP95Ms}`,
        ],
        ['ratio', fairness.ratio],
      ],
    },
    notes:
      'Webhook mode, the real entry point against the fake Bot API and Redis, default limits. The flood is paced ' +
      `over ${sizes.floodMs / 1000} s; messages above the global limit are dropped. "After" is read ` +
      `${sizes.settleMs / 1000} s after the flood, with nothing forced: Steady collects once by itself when a burst ` +
      'has passed (src/ops/memory-relief.ts), and runs with MALLOC_ARENA_MAX=2 as the container does. Then a full ' +
      'garbage collection is forced (SIGUSR2, a bench-only preload) to show what is still referenced. ' +
      `The burst is one user's messages, 50 at a time; the others post /help ` +
      'one after another with 100 ms between.',
  };
}
