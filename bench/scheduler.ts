import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { createRedisDueIndex } from '../src/schedule/redis-due-index.js';
import { connectRedis, waitForRedis } from '../src/session/redis-store.js';
import { measureBullmq, measureDueIndex, type Footprint } from './scheduler/bullmq-peer.js';
import { measureDueTurnSeries, type DueTurnSeries } from './scheduler/due-turns.js';
import {
  compareTicks,
  measurePlanning,
  tickSubject,
  type PlanningResult,
  type TickComparison,
} from './scheduler/index-steps.js';
import { createPopulation, createWindows, planAll, PLAN_BATCH, SKETCH_BATCH } from './scheduler/population.js';
import { measureThroughput, type ThroughputResult } from './scheduler/throughput.js';
import { BATCH } from './scheduler/tick-cost.js';
import type { BenchContext, Goal, Section, SectionResult } from './support/section.js';
import { round } from './support/stats.js';

// === Sizes

interface Sizes {
  /** Users in the large due index (spread over one day of due times). */
  total: number;
  /** Users in the small index the tick cost is compared with. */
  smallTotal: number;
  /** Members each throughput run drains (1 worker, then 2 workers, each its own window). */
  throughputDue: number;
  /** Due members per tick-cost round, and in the one large round. */
  lowDue: number;
  highDue: number;
  rounds: number;
  /** Users of the batch-plan sketch, of the real due turns, and of the BullMQ comparison. */
  sketch: number;
  dueTurnUsers: number;
  /** Measured runs of each due-turn configuration (after one warm-up). */
  dueTurnRuns: number;
  peerUsers: number;
}

const FULL: Sizes = {
  total: 1_000_000,
  smallTotal: 100_000,
  throughputDue: 100_000,
  lowDue: 10_000,
  highDue: 100_000,
  rounds: 5,
  sketch: 100_000,
  dueTurnUsers: 5000,
  dueTurnRuns: 3,
  peerUsers: 10_000,
};
const QUICK: Sizes = {
  total: 100_000,
  smallTotal: 10_000,
  throughputDue: 10_000,
  lowDue: 1000,
  highDue: 10_000,
  rounds: 5,
  sketch: 10_000,
  dueTurnUsers: 300,
  dueTurnRuns: 1,
  peerUsers: 2000,
};

/** How much dearer a claim may be in the large index than in the small one, at the same due count. */
const TICK_RATIO_GOAL = 1.5;
// Any fixed day does: every clock in this section is synthetic and handed to the index as `now`.
const START = Date.UTC(2026, 0, 5);
const [LARGE, SMALL] = ['bench-large', 'bench-small'];

/** Scheduled due users per second one process must serve (issue 19). */
const DUE_TURNS_GOAL = 5000;

// === Section

/** Real due turns three ways: one user at a time and in batches, each with the send worker sending meanwhile; in batches with sends after. */
interface DueTurnFigures {
  single: DueTurnSeries;
  batches: DueTurnSeries;
  batchesSendAfter: DueTurnSeries;
}

interface Figures {
  sizes: Sizes;
  /** 1-minute load average when the section started and ended: above 2 on this machine, processes waited for a core. */
  loadAverage: { start: number; end: number };
  planning: PlanningResult;
  throughput: { oneWorker: ThroughputResult; twoWorkers: ThroughputResult };
  ticks: TickComparison;
  dueTurns: DueTurnFigures;
  peer: { bullmq: Footprint; dueIndex: Footprint };
}

/** The due index at a million users: scheduling and its memory, claim throughput per worker process, tick cost, and the BullMQ peer. */
export const scheduler: Section = {
  name: 'scheduler',
  title:
    'Scheduler: the Redis due index with 1M users (memory, claim throughput, tick cost) against a BullMQ job scheduler per user',
  async run(ctx) {
    const sizes = ctx.quick ? QUICK : FULL;
    const admin = new Redis(ctx.redis.url);
    const redis = connectRedis(ctx.redis.url, { commandTimeoutMs: 60_000 });
    try {
      await waitForRedis(redis, 10_000);
      await admin.flushall();
      return report(await measureAll(ctx, admin, redis, sizes));
    } finally {
      await redis.quit().catch(() => redis.disconnect());
      admin.disconnect();
    }
  },
};

async function measureAll(ctx: BenchContext, admin: Redis, redis: Redis, sizes: Sizes): Promise<Figures> {
  const loadAtStart = round(loadavg()[0] ?? 0, 1);
  const large = createPopulation(sizes.total, START);
  const largeIndex = createRedisDueIndex({ redis, prefix: LARGE });
  ctx.log(`scheduler: planning ${sizes.total} users through plan()`);
  const planning = await measurePlanning(admin, largeIndex, LARGE, large, sizes.sketch);
  // Every later step claims its own slice of the large index, earliest due first, so none sees another's leftovers.
  const take = createWindows(large);
  ctx.log(`scheduler: claim throughput on ${sizes.throughputDue} due, 1 then 2 worker processes`);
  const target = { url: ctx.redis.url, admin, prefix: LARGE };
  const oneWorker = await measureThroughput(target, large, take(sizes.throughputDue), 1);
  const twoWorkers = await measureThroughput(target, large, take(sizes.throughputDue), 2);
  ctx.log(`scheduler: tick cost with ${sizes.lowDue} due of ${sizes.total} and of ${sizes.smallTotal}`);
  const small = createPopulation(sizes.smallTotal, START);
  const smallIndex = createRedisDueIndex({ redis, prefix: SMALL });
  await planAll(smallIndex, small);
  const ticks = await compareTicks(admin, tickSubject(largeIndex, large, take), tickSubject(smallIndex, small), sizes);
  await admin.flushall();
  const dueTurns = await measureAllDueTurns(ctx, sizes);
  await admin.flushall();
  ctx.log(`scheduler: BullMQ job schedulers against the due index, ${sizes.peerUsers} users each`);
  const bullmq = await measureBullmq(ctx.redis.url, admin, sizes.peerUsers);
  const dueIndex = await measureDueIndex(ctx.redis.url, admin, sizes.peerUsers);
  const loadAverage = { start: loadAtStart, end: round(loadavg()[0] ?? 0, 1) };
  return {
    sizes,
    loadAverage,
    planning,
    throughput: { oneWorker, twoWorkers },
    ticks,
    dueTurns,
    peer: { bullmq, dueIndex },
  };
}

async function measureAllDueTurns(ctx: BenchContext, sizes: Sizes): Promise<DueTurnFigures> {
  const series = (options: Parameters<typeof measureDueTurnSeries>[2]): Promise<DueTurnSeries> =>
    measureDueTurnSeries(ctx.redis.url, sizes.dueTurnUsers, options, sizes.dueTurnRuns);
  const runs = `${sizes.dueTurnRuns} runs of ${sizes.dueTurnUsers} users`;
  ctx.log(`scheduler: real due turns in one process, one user at a time (${runs})`);
  const single = await series({ single: true });
  ctx.log(`scheduler: real due turns in one process, in batches (${runs})`);
  const batches = await series({});
  ctx.log(`scheduler: real due turns in one process, in batches, sending after (${runs})`);
  const batchesSendAfter = await series({ sending: 'after' });
  return { single, batches, batchesSendAfter };
}

// === Report

function report(figures: Figures): SectionResult {
  return {
    figures: { ...figures },
    goals: goals(figures),
    table: { header: ['Measure', 'Value'], rows: rows(figures) },
    notes: notes(figures),
  };
}

function goals({ sizes, ticks, throughput, dueTurns }: Figures): Goal[] {
  const dueRate = dueTurns.batchesSendAfter.median.usersPerSecond;
  const ratio = round(ticks.large.claimMs.p50 / ticks.small.claimMs.p50, 2);
  const wrong = [throughput.oneWorker, throughput.twoWorkers].reduce(
    (sum, t) => sum + t.duplicates + t.missed + t.strays + t.warnings,
    0,
  );
  return [
    {
      text:
        `Tick cost follows the due count, not the total: a claim of ${BATCH} with ${count(sizes.total)} users in the index ` +
        `costs <= ${TICK_RATIO_GOAL}x the same claim with ${count(sizes.smallTotal)} (p50, ${count(sizes.lowDue)} due each)`,
      value: ratio,
      met: ratio <= TICK_RATIO_GOAL,
    },
    {
      text: 'Every due member claimed exactly once, with 1 and with 2 worker processes (duplicates + missed + lost leases)',
      value: wrong,
      met: wrong === 0,
    },
    {
      text:
        `Scheduled due turns per second, one process: >= ${count(DUE_TURNS_GOAL)} (in batches, median of ${sizes.dueTurnRuns} runs` +
        ` of ${count(sizes.dueTurnUsers)} users due at once; turn committed, deliveries queued, claim completed)`,
      value: dueRate,
      met: dueRate >= DUE_TURNS_GOAL,
    },
  ];
}

function rows({ sizes, planning: p, throughput: t, ticks, dueTurns: d, peer }: Figures): (string | number)[][] {
  const perWorker = t.twoWorkers.perWorker.map((w) => `${w.claimsPerSecond}/s`).join(' + ');
  const cpu = (r: ThroughputResult): string =>
    `CPU: Redis ${r.redisCpuShare}, worker ${r.perWorker.map((w) => w.cpuShare).join(' + ')} of a core`;
  const claim = (c: TickComparison['large']): string => `p50 ${c.claimMs.p50} ms, p99 ${c.claimMs.p99} ms`;
  return [
    [
      `Plan ${count(p.users)} users, real plan() (one script call each, ${PLAN_BATCH} in flight)`,
      `${round(p.ms / 1000, 1)} s, ${p.plansPerSecond}/s`,
    ],
    [
      `Batch-plan sketch, not in src (${SKETCH_BATCH} users per script call, ${count(p.sketchUsers)} users)`,
      `${p.sketchPlansPerSecond}/s`,
    ],
    [
      'Redis memory per user (used_memory delta)',
      `${Math.round(p.usedMemoryPerUser)} B (${mb(p.usedMemoryBytes)} in all)`,
    ],
    ['Sorted set per user (MEMORY USAGE, SAMPLES 0)', `${Math.round(p.sortedSetPerUser)} B (${mb(p.sortedSetBytes)})`],
    [
      `Claim + reschedule, 1 worker process (${count(t.oneWorker.due)} due, no due turn)`,
      `${t.oneWorker.claimsPerSecond}/s (${cpu(t.oneWorker)})`,
    ],
    [
      'Claim + reschedule, 2 worker processes',
      `${t.twoWorkers.claimsPerSecond}/s = ${perWorker} (${cpu(t.twoWorkers)})`,
    ],
    ['Claimed exactly once (1 / 2 workers)', `${exactly(t.oneWorker)} / ${exactly(t.twoWorkers)}`],
    [`Claim of ${BATCH}, ${count(sizes.lowDue)} due of ${count(sizes.total)}`, claim(ticks.large)],
    [`Claim of ${BATCH}, ${count(sizes.lowDue)} due of ${count(sizes.smallTotal)}`, claim(ticks.small)],
    [`Claim of ${BATCH}, ${count(sizes.highDue)} due of ${count(sizes.total)}`, claim(ticks.largeHigh)],
    [
      `Redis commands per claim of ${BATCH}: round trips; run inside the script (empty claim)`,
      `${ticks.large.roundTripsPerClaim}; ${ticks.large.scriptCommandsPerClaim} (${ticks.large.scriptCommandsEmptyClaim})`,
    ],
    [
      `Claim until empty: ${count(sizes.lowDue)} due / ${count(sizes.highDue)} due (of ${count(sizes.total)})`,
      `${ticks.large.drainMs} ms / ${ticks.largeHigh.drainMs} ms (${round(ticks.largeHigh.drainMs / ticks.large.drainMs, 1)}x)`,
    ],
    ['Complete (reschedule) per member, pipelined', `${ticks.large.completeUsPerMember} µs`],
    ...dueTurnRows(d),
    [
      `BullMQ upsertJobScheduler, ${count(peer.bullmq.users)} users`,
      `${round(peer.bullmq.ms / 1000, 1)} s, ${peer.bullmq.perSecond}/s`,
    ],
    ['BullMQ per user: keys; used_memory; MEMORY USAGE', footprintCell(peer.bullmq)],
    [
      `Due index per user at ${count(peer.dueIndex.users)}: keys; used_memory; MEMORY USAGE`,
      footprintCell(peer.dueIndex),
    ],
  ];
}

function notes({ sizes, loadAverage, planning: p, throughput: t, peer }: Figures): string {
  const ratio = round(peer.bullmq.memoryUsagePerUser / Math.max(1, peer.dueIndex.memoryUsagePerUser), 1);
  return [
    'One redis-server (AOF, fsync every second) on a 2-core machine shared by Redis, the bench process and the worker processes;' +
      ` the 1-minute load average was ${loadAverage.start} at the start and ${loadAverage.end} at the end, so timings are noisy.`,
    `Planning: the real \`plan()\` is one Lua script call per user; ${PLAN_BATCH} calls in flight on one connection, so ioredis` +
      ` pipelines them and no call waits for another's round trip. There is no batch plan in src; a sketch of the same script` +
      ` over ${SKETCH_BATCH} users per call (bench only) plans ${round(p.sketchPlansPerSecond / p.plansPerSecond, 1)}x as fast` +
      ' as the real one, an upper bound for what a batch API would give on a bulk import.',
    'Throughput: each worker is a child process running the real `createDueWorker` tick (batch 200, 16 completions at a time)' +
      ' with a `process()` that runs no due turn and reschedules the member a day later.',
    'Due turns: the real engine turn through the full test stack (Redis store, due index, BullMQ sender to a recording' +
      ' platform whose budget never binds), users seeded with a daily prompt at 09:00 and all due at once, drained with the' +
      " scheduler's own tick; one warm-up run, then the median run. One user at a time is the path of a deployment without" +
      ' a batch store; in batches the claim loop hands 50 members at a time (up to 4 at once) to one pipelined load, the' +
      ' engine\'s pure due step, one batch commit script, one pipelined enqueue and one batch completion. "Sending meanwhile"' +
      ' runs the platform worker in the same process at full speed, so it competes for the core; "sending after" queues' +
      ' the deliveries and starts the worker once the turns are done (a real platform sends at its own budget, e.g. about 30' +
      ' messages a second for a Telegram bot). CPU per user is this process and Redis over the drain.',
    bottleneck(t.twoWorkers),
    `Tick cost: ${sizes.rounds} claim-until-empty rounds in each index, claim calls alternating between the two, at a synthetic \`now\` that makes exactly the` +
      " round's members due; claims are timed alone (completions follow, untimed). Commands are INFO commandstats deltas" +
      ' around each call; the script runs 1 ZRANGEBYSCORE with LIMIT, 1 INCRBY and one ZADD and one HSET per claimed member.',
    `Peer: BullMQ keeps a scheduler hash and a delayed job hash per user (with options JSON and data \`{ user }\`), plus entries` +
      ` in shared sorted sets and its event stream (capped near 10,000 events); ${ratio}x the due index's bytes per user by` +
      ' MEMORY USAGE. Redis was flushed between the measurements.',
  ].join(' ');
}

// The CPU shares say what bounded the 2-worker run, so the reader knows whether a second worker could have helped.
function bottleneck(t: ThroughputResult): string {
  const workers = t.perWorker.map((w) => w.cpuShare).join(' and ');
  if (t.redisCpuShare >= 0.8) {
    return `With 2 workers Redis used ${t.redisCpuShare} of a core: the one Redis bounds claims, and more workers add little.`;
  }
  return (
    `With 2 workers neither Redis (${t.redisCpuShare} of a core) nor the workers (${workers}) were saturated: the processes` +
    ' waited for a core, so the 2-worker figure is bound by this machine (Redis and two Node processes on 2 cores, plus other load), not by the index.'
  );
}

function dueTurnRows(d: DueTurnFigures): (string | number)[][] {
  const users = count(d.single.median.users);
  const cell = (series: DueTurnSeries): string => {
    const { median } = series;
    const rates = series.runs.map((run) => run.usersPerSecond).join(', ');
    const { process: own, redis } = median.cpuUsPerUser;
    // What one core would do at this CPU cost per user: the rate itself is bound by the core share this process got.
    const perCore = Math.round(1_000_000 / Math.max(1, own));
    return `${median.usersPerSecond}/s (runs: ${rates}/s); CPU per user: process ${own} µs (${perCore}/s per core), Redis ${redis} µs`;
  };
  const sendMs = d.batchesSendAfter.median.sendMs;
  return [
    [`Real due turns, one process, one user at a time, sending meanwhile (${users} users due at once)`, cell(d.single)],
    [`Real due turns, one process, in batches, sending meanwhile (${users} users)`, cell(d.batches)],
    [`Real due turns, one process, in batches, sending after (${users} users)`, cell(d.batchesSendAfter)],
    [`Then sending those ${users} deliveries (BullMQ worker, recording platform)`, `${sendMs ?? '?'} ms`],
  ];
}

// === Formatting

function count(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n);
}

function mb(bytes: number): string {
  return `${round(bytes / 1_048_576, 1)} MiB`;
}

function exactly(t: ThroughputResult): string {
  const bad = t.duplicates + t.missed + t.strays;
  return bad === 0 ? 'yes' : `no (${t.duplicates} twice, ${t.missed} missed, ${t.strays} strays)`;
}

function footprintCell(f: Footprint): string {
  return `${f.keysPerUser}; ${f.usedMemoryPerUser} B; ${f.memoryUsagePerUser} B`;
}
