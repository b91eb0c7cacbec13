import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Program } from '../src/engine/advance.js';
import { createEngine } from '../src/engine/engine.js';
import type { Choice, Clock } from '../src/core/types.js';
import { createDataCrypto, generateSecret } from '../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../src/session/redis-store.js';
import type { SessionState } from '../src/core/state.js';
import type { SessionStore } from '../src/session/store.js';
import { createUserKeyer, userKeyPrefix, type UserKeyer } from '../src/session/user-key.js';
import { createBareWorkers, withCas } from './support/bare-loop.js';
import { chatSdkReleaseOnce, chatSdkWorkers, grammySessionWorkers, type PeerRig } from './peers/turn-peers.js';
import { clientRoundTrips, insideOneCall } from './support/commandstats.js';
import type { BenchContext, Goal, Section, SectionResult } from './support/section.js';
import { round, summarize, type LatencySummary } from './support/stats.js';
import { combine, commandsOf, runFor, type TimedRun, type Worker } from './support/timed.js';
import {
  buildUser,
  DAY_MS,
  loadProgram,
  MIX,
  MIX_TURNS,
  mixComposition,
  offeredAfter,
  toInput,
  type BuiltUser,
} from './workload.js';

// A whole turn as production runs it: createEngine over createRedisStore (AES-GCM, the Lua commit) on a
// real redis-server over loopback, next to a bare loop doing the same two round trips with a blob of the
// same size. Both run in this one Node process, as a bot process would, with the same client options.

const PLATFORM = 'bench';
// The production defaults (SESSION_TTL_DAYS, SEEN_TTL_HOURS in src/core/config.ts).
const TTL_SECONDS = 180 * 86_400;
const SEEN_TTL_SECONDS = 48 * 3_600;
const LEVELS = [1, 64, 256] as const;
// A long-standing user (every capped history list full) is the main case; a user two weeks in, with a
// typical state of a few KB, is measured at 64 users as well, since the per-turn cost follows state size.
const HISTORY_DAYS = 90;
const YOUNG_DAYS = 14;
const YOUNG_LEVEL = 64;
// The peers are measured at this level of the long-standing users, side by side with Steady and the bare loop.
const PEER_LEVEL = 64;
// Logging at `silent` makes pino's calls no-ops: a benchmark of turns, not of log output.
const SILENT = pino({ level: 'silent' });

/** Everything the levels share: one Steady store and one bare client on the section's redis-server. */
interface Rig {
  /** Days of history of every user of this rig. */
  days: number;
  program: Program;
  seed: BuiltUser;
  store: SessionStore;
  keyer: UserKeyer;
  admin: Redis;
  bare: ReturnType<typeof withCas>;
  /** What one commit script call runs inside Redis, calibrated; likewise for the bare script. */
  steadyInside: Map<string, number>;
  bareInside: Map<string, number>;
  /** The peers' client (the same redis-server), and what the Chat SDK's release script runs inside. */
  peerClient: Redis;
  chatSdkInside: Map<string, number>;
}

/** One loop's figures at one concurrency level. */
interface LoopFigures {
  turns: number;
  /** Turns that did not end 'ok' (for Steady: 'unavailable' when a Redis command timed out). */
  failedTurns: number;
  seconds: number;
  turnsPerSecond: number;
  /** Node CPU time per turn (this process: engine, crypto, client); less sensitive to a busy machine than wall time. */
  cpuMsPerTurn: number;
  latencyMs: LatencySummary;
  roundTripsPerTurn: number;
  /** Round trips per turn by kind: script calls (`evalsha+eval`) and each command clients sent directly. */
  directPerTurn: Record<string, number>;
  /** Everything `INFO commandstats` counted, per turn, script-internal commands included. */
  commandsPerTurn: Record<string, number>;
}

interface LevelFigures {
  users: number;
  /** Days of history of the users (state size grows with it until the capped lists are full). */
  historyDays: number;
  /** Mean characters of the users' stored encrypted state; the bare loop writes a blob this long. */
  blobChars: number;
  steady: LoopFigures;
  bare: LoopFigures;
  throughputRatio: number;
  p99Ratio: number;
  /** At {@link PEER_LEVEL} only: the same turns on the peers' state stores, and Steady's throughput over theirs. */
  peers?: { grammySession: LoopFigures; chatSdk: LoopFigures; overGrammy: number; overChatSdk: number };
}

// === Steady's users

// The clock of one user: real time, plus one day per finished round, so each round's check-in is
// that day's first, as it would be for a person doing the mix once a day.
function roundClock(start: number): Clock & { nextDay(): void } {
  const began = Date.now();
  let days = 0;
  return { now: () => start + days * DAY_MS + (Date.now() - began), nextDay: () => void (days += 1) };
}

// Each user has an engine of their own only so that each can have their own clock; an engine is
// closures plus a per-user queue, so many engines over one store and client cost what one would.
// A turn that does not end 'ok' (the store timed out under load) fails, and the user starts the
// script again from its command: the failed turn may still have been committed, and a command
// starts afresh from any state.
function steadyWorker(rig: Rig, id: string): Worker {
  const clock = roundClock(rig.seed.next);
  const engine = createEngine({
    registry: rig.program.registry,
    actions: rig.program.actions,
    store: rig.store,
    clock,
    userKey: rig.keyer,
    logger: SILENT,
  });
  let script = 0;
  let step = 0;
  let sent = 0;
  let offered: readonly Choice[] = [];
  return async () => {
    const current = MIX[script];
    const next = current?.steps[step];
    if (!current || !next) throw new Error(`full turn: lost track of ${id}'s place in the mix.`);
    const input = toInput(next, offered);
    sent += 1;
    const outcome = await engine.handle({
      ...input,
      id: `bench:${id}:${sent}`,
      platform: PLATFORM,
      userId: id,
      address: `chat-${id}`,
      at: Date.now(),
    });
    if (outcome.status !== 'ok') {
      [step, offered] = [0, []];
      return false;
    }
    offered = offeredAfter(outcome.replies, offered);
    step = (step + 1) % current.steps.length;
    if (step > 0) return true;
    script = (script + 1) % MIX.length;
    if (script === 0) clock.nextDay();
    return true;
  };
}

// The engine records where to reach a user on their first turn; seeding it keeps the first turn typical.
function seededState(rig: Rig, id: string): SessionState {
  const { state } = rig.seed;
  return { ...state, schedule: { ...state.schedule, reach: { platform: PLATFORM, address: `chat-${id}` } } };
}

async function meanBlobChars(rig: Rig, ids: readonly string[]): Promise<number> {
  const pipeline = rig.admin.pipeline();
  // The whole stored state, `data` and the list fields beside it, in bytes (the values are raw encrypted bytes).
  for (const id of ids) pipeline.hgetallBuffer(`${userKeyPrefix(rig.keyer(PLATFORM, id))}:state`);
  const lengths = ((await pipeline.exec()) ?? []).map(([, hash]) =>
    Object.entries(hash as Record<string, Buffer>).reduce(
      (sum, [field, value]) => (field === 'rev' ? sum : sum + value.length),
      0,
    ),
  );
  return Math.round(lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length));
}

// === Measuring

async function createRig(url: string, days: number): Promise<Rig> {
  const program = await loadProgram();
  const seed = buildUser(program, { days, reach: { platform: PLATFORM, address: 'chat-seed' } });
  const secret = generateSecret();
  // connectRedis with its defaults is exactly what src/app/store.ts builds for production.
  const client = connectRedis(url);
  const bareClient = connectRedis(url);
  const admin = new Redis(url);
  await Promise.all([waitForRedis(client, 5_000), waitForRedis(bareClient, 5_000), waitForRedis(admin, 5_000)]);
  const keyer = createUserKeyer(secret);
  const store = createRedisStore({
    redis: client,
    crypto: createDataCrypto(secret),
    ttlSeconds: TTL_SECONDS,
    seenTtlSeconds: SEEN_TTL_SECONDS,
  });
  const bare = withCas(bareClient);
  // Calibration: the commands one successful script call runs inside Redis (see the notes), with replies, as
  // every measured turn has: the reply outbox's commands then count as inside the script, as they are.
  const calibrationReplies = [{ text: 'calibration' }];
  const steadyInside = insideOneCall(
    await commandsOf(admin, () =>
      store.commit(keyer(PLATFORM, 'calibration'), seed.state, 0, 'calibration', calibrationReplies),
    ),
  );
  // A key of its own per rig: a second rig finding the first one's key would calibrate on a failed compare-and-set.
  const bareInside = insideOneCall(
    await commandsOf(admin, () => bare.benchCas(`bench:bare:{calibration-${days}}:state`, 0, 'x', 60)),
  );
  const peerClient = new Redis(url);
  await waitForRedis(peerClient, 5_000);
  const chatSdkInside = insideOneCall(await commandsOf(admin, await chatSdkReleaseOnce(peerClient)));
  return { days, program, seed, store, keyer, admin, bare, steadyInside, bareInside, peerClient, chatSdkInside };
}

function loopFigures(run: TimedRun, inside: ReadonlyMap<string, number>): LoopFigures {
  const counted = clientRoundTrips(run.commands, inside);
  // Per attempted turn: a failed turn sent its commands too.
  const attempted = Math.max(1, run.turns + run.failed);
  const perTurn = (map: ReadonlyMap<string, number>): Record<string, number> =>
    Object.fromEntries([...map].map(([name, calls]) => [name, round(calls / attempted)]));
  return {
    turns: run.turns,
    failedTurns: run.failed,
    seconds: round(run.seconds),
    turnsPerSecond: Math.round(run.turns / run.seconds),
    cpuMsPerTurn: round((run.cpuSeconds * 1000) / attempted),
    latencyMs: summarize(run.latenciesMs),
    roundTripsPerTurn: round(counted.roundTrips / attempted),
    directPerTurn: perTurn(new Map([...counted.direct, ['evalsha+eval', counted.scriptCalls]])),
    commandsPerTurn: perTurn(run.commands),
  };
}

async function seedUsers(rig: Rig, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => rig.store.commit(rig.keyer(PLATFORM, id), seededState(rig, id), 0, `seed:${id}`)));
}

// Before the first level: both loops run long enough for the JIT to compile the engine, zod, crypto
// and client paths, so the 1-user level (the first, with the fewest turns) is not measured half cold.
async function warmUpProcess(rig: Rig, ms: number): Promise<void> {
  const ids = Array.from({ length: 8 }, (_, i) => `warm-u${i}`);
  await seedUsers(rig, ids);
  await runFor(
    ids.map((id) => steadyWorker(rig, id)),
    ms,
  );
  await runFor(
    createBareWorkers(rig.bare, 8, { blobChars: 36_000, prefix: 'bench:bare:warm', ttlSeconds: TTL_SECONDS }),
    ms / 2,
  );
}

// Steady and bare alternate A-B-B-A, so a slow drift of the machine (other processes, AOF rewrites)
// falls on both loops alike.
async function runLevel(rig: Rig, users: number, timing: Timing, log: (m: string) => void): Promise<LevelFigures> {
  const ids = Array.from({ length: users }, (_, i) => `c${users}-d${rig.days}-u${i}`);
  await seedUsers(rig, ids);
  const steady = ids.map((id) => steadyWorker(rig, id));
  await runFor(steady, timing.warmupMs);
  const blobChars = await meanBlobChars(rig, ids);
  const bare = createBareWorkers(rig.bare, users, {
    blobChars,
    prefix: `bench:bare:c${users}-d${rig.days}`,
    ttlSeconds: TTL_SECONDS,
  });
  await runFor(bare, timing.warmupMs);
  const half = timing.measureMs / 2;
  const peers = users === PEER_LEVEL && rig.days === HISTORY_DAYS ? await peerWorkers(rig, users, timing) : undefined;
  const names = peers === undefined ? 'Steady and the bare loop' : 'Steady, the bare loop and the two peers';
  log(`${who(users, rig.days)}: measuring ${names}, ${timing.measureMs / 1000} s each (A-B-..-B-A)`);
  // Steady first and last, the others mirrored in between, so drift falls on every loop alike.
  const a1 = await runFor(steady, half, rig.admin);
  const b1 = await runFor(bare, half, rig.admin);
  const g1 = peers && (await runFor(peers.grammy, half, rig.admin));
  const c1 = peers && (await runFor(peers.chatSdk, half, rig.admin));
  const c2 = peers && (await runFor(peers.chatSdk, half, rig.admin));
  const g2 = peers && (await runFor(peers.grammy, half, rig.admin));
  const b2 = await runFor(bare, half, rig.admin);
  const a2 = await runFor(steady, half, rig.admin);
  const s = loopFigures(combine([a1, a2]), rig.steadyInside);
  const b = loopFigures(combine([b1, b2]), rig.bareInside);
  const throughputRatio = round(s.turnsPerSecond / Math.max(1, b.turnsPerSecond), 2);
  const p99Ratio = round(s.latencyMs.p99 / Math.max(0.001, b.latencyMs.p99), 2);
  const level: LevelFigures = {
    users,
    historyDays: rig.days,
    blobChars,
    steady: s,
    bare: b,
    throughputRatio,
    p99Ratio,
  };
  if (g1 && g2 && c1 && c2) {
    const grammySession = loopFigures(combine([g1, g2]), new Map());
    const chatSdk = loopFigures(combine([c1, c2]), rig.chatSdkInside);
    level.peers = {
      grammySession,
      chatSdk,
      overGrammy: round(s.turnsPerSecond / Math.max(1, grammySession.turnsPerSecond), 2),
      overChatSdk: round(s.turnsPerSecond / Math.max(1, chatSdk.turnsPerSecond), 2),
    };
  }
  return level;
}

// The peers' users start from the same seeded state and play the same mix; each is warmed up like the others.
async function peerWorkers(rig: Rig, users: number, timing: Timing): Promise<{ grammy: Worker[]; chatSdk: Worker[] }> {
  const peerRig: PeerRig = {
    program: rig.program,
    seed: rig.seed.state,
    start: rig.seed.next,
    ttlSeconds: TTL_SECONDS,
  };
  const ids = Array.from({ length: users }, (_, i) => 8_800_000 + i);
  const grammy = await grammySessionWorkers(peerRig, rig.peerClient, ids);
  const chatSdk = await chatSdkWorkers(peerRig, rig.peerClient, ids);
  await runFor(grammy, timing.warmupMs);
  await runFor(chatSdk, timing.warmupMs);
  return { grammy, chatSdk };
}

interface Timing {
  /** Once, before the first level. */
  processWarmupMs: number;
  /** Per loop and level. */
  warmupMs: number;
  /** Per loop and level, split in two halves. */
  measureMs: number;
}

// === Section

/** Whole turns through the engine and the Redis store at 1, 64 and 256 users, against a bare Redis loop. */
export const fullTurn: Section = {
  name: 'fullTurn',
  title: 'Full turn: engine + Redis store + crypto on loopback, against a bare HMGET + EVALSHA loop',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const timing: Timing = ctx.quick
      ? { processWarmupMs: 1_000, warmupMs: 300, measureMs: 1_000 }
      : { processWarmupMs: 4_000, warmupMs: 1_000, measureMs: 6_000 };
    const rig = await createRig(ctx.redis.url, HISTORY_DAYS);
    const young = await createRig(ctx.redis.url, YOUNG_DAYS);
    try {
      ctx.log(`warming up for ${timing.processWarmupMs / 1000} s`);
      await warmUpProcess(rig, timing.processWarmupMs);
      const levels: LevelFigures[] = [];
      for (const users of LEVELS) levels.push(await runLevel(rig, users, timing, ctx.log));
      levels.push(await runLevel(young, YOUNG_LEVEL, timing, ctx.log));
      return {
        figures: {
          levels: Object.fromEntries(
            levels.map((l) => [l.historyDays === HISTORY_DAYS ? String(l.users) : `${l.users}@${l.historyDays}d`, l]),
          ),
          youngStateJsonBytes: Buffer.byteLength(JSON.stringify(young.seed.state)),
          insideOneCommit: Object.fromEntries(rig.steadyInside),
          insideOneBareCas: Object.fromEntries(rig.bareInside),
          stateJsonBytes: Buffer.byteLength(JSON.stringify(rig.seed.state)),
          mix: { turnsPerRound: MIX_TURNS, ...mixComposition() },
          timing,
        },
        goals: levels.flatMap(goalsOf),
        table: tableOf(levels),
        notes: notesOf(rig, timing),
      };
    } finally {
      for (const each of [rig, young]) {
        await each.store.close();
        await each.peerClient.quit();
        await each.bare.quit();
        await each.admin.quit();
      }
    }
  },
};

function goalsOf(level: LevelFigures): Goal[] {
  const trips = level.steady.roundTripsPerTurn;
  const label = who(level.users, level.historyDays);
  const goals: Goal[] = [
    { text: `${label}: 2 Redis round trips per turn`, value: trips, met: trips <= 2.005 },
    {
      text: `${label}: throughput ≥ 0.8× the bare loop's`,
      value: level.throughputRatio,
      met: level.throughputRatio >= 0.8,
    },
  ];
  if (level.historyDays === HISTORY_DAYS && level.users === PEER_LEVEL) {
    goals.push({
      text: `${label}: bytes read per turn (the stored state a turn loads) ≤ 1,500`,
      value: level.blobChars,
      met: level.blobChars <= 1_500,
    });
  }
  if (level.peers) {
    goals.push(
      {
        text: `${label}: throughput ≥ 1.0× grammY session on @grammyjs/storage-redis`,
        value: level.peers.overGrammy,
        met: level.peers.overGrammy >= 1,
      },
      {
        text: `${label}: throughput ≥ 1.5× the Chat SDK state adapter (lock, get, set, unlock)`,
        value: level.peers.overChatSdk,
        met: level.peers.overChatSdk >= 1.5,
      },
    );
  }
  return goals;
}

function who(users: number, days: number): string {
  const count = users === 1 ? '1 user' : `${users} users`;
  return days === HISTORY_DAYS ? count : `${count}, ${days} days in`;
}

function tableOf(levels: readonly LevelFigures[]): SectionResult['table'] {
  const row = (users: string, loop: string, f: LoopFigures): (string | number)[] => [
    users,
    loop,
    f.turnsPerSecond,
    f.latencyMs.p50,
    f.latencyMs.p99,
    f.latencyMs.max,
    f.roundTripsPerTurn,
    f.cpuMsPerTurn,
    f.failedTurns,
  ];
  const rows = levels.flatMap((l) => [
    row(who(l.users, l.historyDays), 'Steady', l.steady),
    row(who(l.users, l.historyDays), `bare loop (${l.blobChars} B blob)`, l.bare),
    ...(l.peers
      ? [
          row(who(l.users, l.historyDays), 'grammY session (storage-redis)', l.peers.grammySession),
          row(who(l.users, l.historyDays), 'Chat SDK state-ioredis (lock-get-set-unlock)', l.peers.chatSdk),
          [
            who(l.users, l.historyDays),
            'Steady ÷ grammY; Steady ÷ Chat SDK',
            `${l.peers.overGrammy}×; ${l.peers.overChatSdk}×`,
            '',
            '',
            '',
            '',
            '',
            '',
          ],
        ]
      : []),
    [
      who(l.users, l.historyDays),
      'Steady ÷ bare',
      `${l.throughputRatio}×`,
      `${round(l.steady.latencyMs.p50 / Math.max(0.001, l.bare.latencyMs.p50), 2)}×`,
      `${l.p99Ratio}×`,
      `${round(l.steady.latencyMs.max / Math.max(0.001, l.bare.latencyMs.max), 2)}×`,
      '',
      `${round(l.steady.cpuMsPerTurn / Math.max(0.001, l.bare.cpuMsPerTurn), 2)}×`,
      '',
    ],
  ]);
  return {
    header: [
      'Users',
      'Loop',
      'Turns/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'Round trips/turn',
      'Node CPU ms/turn',
      'Failed turns',
    ],
    rows,
  };
}

function notesOf(rig: Rig, timing: Timing): string {
  const inside = [...rig.steadyInside.keys()].join(', ');
  return [
    `Each user is a worker doing turn after turn of the mix (${MIX_TURNS} turns a round: assessment, draft review, daily check-in; see`,
    `Engine only), as a user ${HISTORY_DAYS} days in; one virtual day passes per round, so each check-in is the day's first; the state's check-ins, moods and prompt history keep their last 14 to 28 days (src/core/recent.ts), older days moving to the history hash, which a turn does not read.`,
    `The last row repeats ${YOUNG_LEVEL} users with users ${YOUNG_DAYS} days in, whose state is a typical few KB rather than every capped list full.`,
    'Users have no daily prompt time, so their next due time stays null and even the production scheduler hooks would never be called;',
    'the engine runs without hooks, with a silent pino logger, one engine per user (only so each has its own clock) over one store and client.',
    `After ${timing.processWarmupMs / 1000} s of warm-up for the process, each loop runs ${timing.warmupMs / 1000} s to warm up per level,`,
    `then ${timing.measureMs / 1000} s measured per loop and level in A-B-B-A halves, so drift falls on both loops alike.`,
    'Latency is wall clock per turn inside this Node process, event-loop queueing included; Node CPU ms/turn is this',
    "process's CPU time (user + system) over the measured halves per turn, which other processes on a busy machine distort less than wall time.",
    '**Round trips** are counted from `INFO commandstats` deltas read just before and after each measured half, by a client no loop uses.',
    'Redis counts the commands a Lua script runs under their own names too, and Redis 7.0 has no per-client command count,',
    "so the script's inside commands are calibrated first: the delta around one lone successful commit, minus its EVALSHA/EVAL",
    `(Steady's commit runs ${inside} inside). Round trips = EVALSHA + EVAL calls + for every other command the calls beyond`,
    '(script calls × its calibrated count per call); `directPerTurn` in the JSON shows the result (HGETALL and EVALSHA for Steady, HMGET and EVALSHA for the bare loop, once each).',
    'The bare loop is counted the same way. Redis runs with AOF and appendfsync everysec, a fresh server for this section.',
    `**Peers** (at ${PEER_LEVEL} users, ${HISTORY_DAYS} days in, between the Steady and bare halves, same process and redis-server): the same users`,
    "play the same mix from the same seeded state, each turn running Steady's own pure advance() on the stored state, so only the way",
    'state gets in and out of Redis differs. grammY: one Bot with the documented session({ storage: new RedisAdapter({ instance }) })',
    '(@grammyjs/storage-redis), fed Telegram updates through bot.handleUpdate; the session is read before the handler and written',
    "after it (GET, SET; plain JSON, no encryption, no compare-and-set). Chat SDK: @chat-adapter/state-ioredis's IoRedisStateAdapter",
    'on an ioredis client, per turn acquireLock (SET NX PX), get (GET), set (SET PX), releaseLock (a Lua compare-and-delete);',
    'plain JSON, no encryption. Their round trips are counted from the same commandstats deltas.',
  ].join(' ');
}
