import { Redis } from 'ioredis';
import type { TurnOutcome } from '../src/core/types.js';
import type { UserKeyer } from '../src/session/user-key.js';
import type { SessionStore } from '../src/session/store.js';
import { createSessionBot, type CounterSession } from './peers/grammy-session.js';
import { createDeployment, inbound, type SteadyInstance } from './peers/steady-rig.js';
import { createUpdateIds, textUpdate } from './peers/telegram.js';
import { commandCounts, delta } from './support/commandstats.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { round } from './support/stats.js';
import { loadProgram, offeredAfter, onboardingTurns, toInput } from './workload.js';

// Two processes of one bot over one Redis, and every user sending a burst of messages at once, split
// between the two: does every answered message leave its mark in the stored state? Steady commits with
// a compare-and-set on the state's revision; the peer is grammY's session over Redis, read before the
// handler and written after it. A message counts as lost when the bot answered it as handled but its
// effect is not in the final state. A refused message (Steady's "busy") is not lost: the user is told.

// A burst of a user who types rather than taps: the daily check-in, over and over. Every message is a
// real input to the real flows; Steady counts each committed turn in `state.turns`.
const BURST = ['/today', '3', 'Done'] as const;
const textOf = (turn: number): string => BURST[turn % BURST.length] ?? '/today';

// What a real sendMessage costs the peer's handler is a round trip to Telegram (tens of ms); 5 ms keeps
// the run short and only narrows the window between the session read and write.
const API_LATENCY_MS = 5;

/** Users, turns per user, and the chat ids they use (the peer's session keys are chat ids). */
interface Load {
  users: number;
  turns: number;
  chatIds: number[];
}

// === Steady

/** How Steady's turns ended and what the final states hold. */
interface SteadyTally {
  sent: number;
  ok: number;
  busy: number;
  otherStatuses: Record<string, number>;
  applied: number;
  /** Answered ok but not in the final state. */
  lost: number;
  /** In the final state but not answered ok (a commit whose reply never came back, say). */
  appliedNotAcknowledged: number;
  commitAttempts: number;
  seconds: number;
}

async function turnCounts(store: SessionStore, keyer: UserKeyer, chatIds: readonly number[]): Promise<number[]> {
  return Promise.all(chatIds.map(async (chat) => (await store.load(keyer('telegram', String(chat)))).state.turns));
}

// Each user first goes through onboarding (one turn at a time), so the burst meets a user the flows know.
async function onboard(steady: SteadyInstance, chatIds: readonly number[]): Promise<void> {
  await Promise.all(
    chatIds.map(async (chat) => {
      let offered = offeredAfter([], []);
      for (const step of onboardingTurns.steps) {
        const outcome = await steady.engine.handle(inbound(String(chat), toInput(step, offered), Date.now()));
        offered = offeredAfter(outcome.replies, offered);
      }
    }),
  );
}

async function runSteady(url: string, load: Load, reader: Redis): Promise<SteadyTally> {
  const deployment = createDeployment(url, (await loadProgram()).registry);
  const processes = [await deployment.instance(), await deployment.instance()] as const;
  await onboard(processes[0], load.chatIds);
  const before = await turnCounts(processes[0].store, deployment.keyer, load.chatIds);
  const statsBefore = await commandCounts(reader);
  const started = performance.now();
  // Even turns go to the first process, odd ones to the second, all of them at once.
  const outcomes = await Promise.all(
    load.chatIds.flatMap((chat) =>
      Array.from({ length: load.turns }, (_, turn) =>
        processes[turn % 2]!.engine.handle(inbound(String(chat), { kind: 'text', text: textOf(turn) }, Date.now())),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const scripts = delta(statsBefore, await commandCounts(reader));
  const after = await turnCounts(processes[0].store, deployment.keyer, load.chatIds);
  await Promise.all(processes.map((p) => p.store.close()));
  const applied = after.reduce((sum, n, i) => sum + n - (before[i] ?? 0), 0);
  return tallySteady(outcomes, applied, (scripts.get('evalsha') ?? 0) + (scripts.get('eval') ?? 0), seconds);
}

function tallySteady(
  outcomes: readonly TurnOutcome[],
  applied: number,
  commitAttempts: number,
  seconds: number,
): SteadyTally {
  const byStatus: Record<string, number> = {};
  for (const { status } of outcomes) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const { ok = 0, busy = 0, ...otherStatuses } = byStatus;
  return {
    sent: outcomes.length,
    ok,
    busy,
    otherStatuses,
    applied,
    lost: Math.max(0, ok - applied),
    appliedNotAcknowledged: Math.max(0, applied - ok),
    commitAttempts,
    seconds: round(seconds, 2),
  };
}

// === grammY session

/** How the peer's updates ended and what its sessions hold. */
interface PeerTally {
  sent: number;
  /** `handleUpdate` resolved: the handler ran and replied "Noted". */
  handled: number;
  failed: number;
  counted: number;
  /** Handled but not in the final count. */
  lost: number;
  seconds: number;
}

async function runPeer(url: string, load: Load, reader: Redis, sequential: boolean): Promise<PeerTally> {
  const prefix = `peer:session:${sequential ? 'seq' : 'plain'}:`;
  const clients = [new Redis(url), new Redis(url)] as const;
  const bots = clients.map(
    (redis) => createSessionBot({ redis, prefix, apiLatencyMs: API_LATENCY_MS, sequential }).bot,
  );
  const nextId = createUpdateIds();
  const started = performance.now();
  const results = await Promise.allSettled(
    load.chatIds.flatMap((chat) =>
      Array.from({ length: load.turns }, (_, turn) =>
        bots[turn % 2]!.handleUpdate(textUpdate(nextId(), chat, textOf(turn))),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await Promise.all(load.chatIds.map((chat) => reader.get(`${prefix}${chat}`)));
  await Promise.all(clients.map((c) => c.quit()));
  const counted = stored.reduce((sum, raw) => sum + (raw === null ? 0 : (JSON.parse(raw) as CounterSession).count), 0);
  const handled = results.filter((r) => r.status === 'fulfilled').length;
  return {
    sent: results.length,
    handled,
    failed: results.length - handled,
    counted,
    lost: Math.max(0, handled - counted),
    seconds: round(seconds, 2),
  };
}

// === The section

function tableOf(steady: SteadyTally, peer: PeerTally, sequential: PeerTally): SectionResult['table'] {
  const other = Object.values(steady.otherStatuses).reduce((sum, n) => sum + n, 0);
  return {
    header: ['', 'Steady (CAS commit)', 'grammY session', 'grammY session + sequentialize'],
    rows: [
      ['messages sent', steady.sent, peer.sent, sequential.sent],
      ['answered as handled', steady.ok, peer.handled, sequential.handled],
      ['refused, user told (busy)', steady.busy, 0, 0],
      ['other outcomes (failed, unavailable)', other, peer.failed, sequential.failed],
      ['applied in the final state', steady.applied, peer.counted, sequential.counted],
      ['lost (answered, then missing)', steady.lost, peer.lost, sequential.lost],
      ['seconds', steady.seconds, peer.seconds, sequential.seconds],
    ],
  };
}

const NOTES =
  'Lost = answered as handled but missing from the final state; Steady counts applied turns with ' +
  '`state.turns`, the peer with its session counter. A Steady turn that loses the compare-and-set race is recomputed ' +
  'on the fresh state; after 30 lost races it is refused with the busy message and nothing is written, so a refused ' +
  'turn is visible to the user and not lost. Commit attempts minus applied turns are the races lost and retried. ' +
  'The grammY session is read before the handler and written after it, so concurrent updates of one chat start ' +
  "from the same value and the last write wins. `sequentialize` (@grammyjs/runner) orders a chat's updates " +
  "inside one process (an in-memory map), not across two. The peer's handler awaits a fake sendMessage of " +
  `${API_LATENCY_MS} ms; every update arrives at once, so the lost count hardly depends on it. The seconds are not a ` +
  'throughput comparison: each Steady turn runs the real flows, encryption and retries, the peer only bumps a number.';

/** Two processes, 200 users × 50 concurrent turns each: lost updates in Steady and in grammY's session. */
export const lostUpdates: Section = {
  name: 'lostUpdates',
  title: 'Lost updates: 200 users × 50 concurrent turns split over two processes',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const users = ctx.quick ? 40 : 200;
    const load: Load = { users, turns: 50, chatIds: Array.from({ length: users }, (_, i) => 5_550_001 + i) };
    const reader = new Redis(ctx.redis.url);
    const steady = await runSteady(ctx.redis.url, load, reader);
    ctx.log(`lostUpdates: Steady ${steady.sent} turns in ${steady.seconds} s, ${steady.lost} lost`);
    const peer = await runPeer(ctx.redis.url, load, reader, false);
    const sequential = await runPeer(ctx.redis.url, load, reader, true);
    await reader.quit();
    return {
      figures: {
        users,
        turnsPerUser: load.turns,
        processes: 2,
        peerApiLatencyMs: API_LATENCY_MS,
        steady,
        grammySession: peer,
        grammySessionSequentialized: sequential,
      },
      goals: [
        {
          text: 'Steady: lost updates = 0',
          value: steady.lost,
          met: steady.lost === 0 && steady.appliedNotAcknowledged === 0,
        },
      ],
      table: tableOf(steady, peer, sequential),
      notes: NOTES,
    };
  },
};
