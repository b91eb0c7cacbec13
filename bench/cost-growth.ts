import type { Redis } from 'ioredis';
import { connectRedis, waitForRedis } from '../src/session/redis-store.js';
import type { Choice, Reply } from '../src/core/types.js';
import { createConversationBot, type ConversationBot, type PeerReply } from './peers/grammy-conversation.js';
import { createDeployment, inbound, storedBytes, type SteadyInstance } from './peers/steady-rig.js';
import { createUpdateIds, pressUpdate, textUpdate, type PressedMessage } from './peers/telegram.js';
import type { BenchContext, Goal, Section, SectionResult } from './support/section.js';
import { quantile, round } from './support/stats.js';
import {
  firstAssessment,
  dailyCheckinTurns,
  DAY_MS,
  draftReviewTurns,
  journalCheckinTurns,
  loadProgram,
  offeredAfter,
  onboardingTurns,
  toInput,
  type Script,
  type Step,
} from './workload.js';

// Does a turn cost more the longer the conversation has run? One user's first week with Steady (62
// turns) are played through the real engine and Redis store, and the same conversation through a grammY
// bot that keeps it as one conversations-v2 conversation in Redis. Each turn's wall time, this process's
// CPU time and the bytes stored afterwards are recorded; many users play it, and the median per turn index
// is reported. Turns run one at a time, so nothing else competes within the process.

// === The conversation

const HOUR_MS = 3_600_000;
// Twenty seconds between two turns of one sitting: the engine sees the clock move as a user would.
const THINK_MS = 20_000;

// Sittings, each `after` ms after the previous one: onboarding and the assessment on day one, then daily
// check-ins (some with a journal entry) and now and then a draft reviewed before contacting the spouse.
const JOURNEY: readonly { after: number; script: Script }[] = [
  { after: 0, script: onboardingTurns },
  { after: HOUR_MS, script: firstAssessment },
  { after: HOUR_MS, script: draftReviewTurns },
  { after: DAY_MS, script: dailyCheckinTurns },
  { after: DAY_MS, script: journalCheckinTurns },
  { after: HOUR_MS, script: draftReviewTurns },
  { after: DAY_MS, script: dailyCheckinTurns },
  { after: DAY_MS, script: journalCheckinTurns },
  { after: DAY_MS, script: dailyCheckinTurns },
  { after: HOUR_MS, script: draftReviewTurns },
  { after: DAY_MS, script: dailyCheckinTurns },
  { after: DAY_MS, script: journalCheckinTurns },
];

/** One turn of the journey: what the user does, and how long after their previous turn. */
interface JourneyTurn {
  step: Step;
  afterMs: number;
}

const TURNS: readonly JourneyTurn[] = JOURNEY.flatMap(({ after, script }) =>
  script.steps.map((step, index) => ({ step, afterMs: index === 0 ? after : THINK_MS })),
);

/** The turn indices (1-based) the report is about. */
const REPORTED = [1, 10, 50] as const;

// === Measuring one turn

/** What one turn cost: wall time, this process's CPU time (user + system) and the bytes stored after it. */
interface TurnCost {
  wallMs: number;
  cpuMs: number;
  bytes: number;
}

async function measured<T>(run: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const began = performance.now();
  const value = await run();
  const wallMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

// === Steady

/** A Steady process with a clock the journey moves, and a client to read stored sizes with. */
interface SteadyRig extends SteadyInstance {
  clock: { now(): number; advance(ms: number): void };
  stateKey(userId: string): string;
  reader: Redis;
}

/** Plays the journey for `userId`; returns each turn's cost and replies (the peer sends the same). */
async function playSteady(rig: SteadyRig, userId: string): Promise<{ costs: TurnCost[]; replies: Reply[][] }> {
  const costs: TurnCost[] = [];
  const replies: Reply[][] = [];
  let offered: readonly Choice[] = [];
  for (const [index, turn] of TURNS.entries()) {
    rig.clock.advance(turn.afterMs);
    const event = inbound(userId, toInput(turn.step, offered), rig.clock.now());
    const { value: outcome, wallMs, cpuMs } = await measured(() => rig.engine.handle(event));
    if (outcome.status !== 'ok') throw new Error(`cost-growth: Steady turn ${index + 1} answered '${outcome.status}'.`);
    offered = offeredAfter(outcome.replies, offered);
    costs.push({ wallMs, cpuMs, bytes: await storedBytes(rig.reader, rig.stateKey(userId)) });
    replies.push(outcome.replies);
  }
  return { costs, replies };
}

// === grammY conversations v2

/** Builds one update of the journey for a chat, given a fresh update id. */
type PeerUpdate = (updateId: number, chatId: number) => Parameters<ConversationBot['bot']['handleUpdate']>[0];

// Steady's replies become the peer's script; a press becomes the callback of the same button on the
// last question the user saw, so both bots get the same inputs and send the same messages.
function peerScript(replies: readonly Reply[][]): { turns: PeerReply[][]; updates: PeerUpdate[] } {
  const turns = replies.map((turn) =>
    turn.map((r) => ({ text: r.text, buttons: r.choices?.map((c) => c.label) ?? [] })),
  );
  const updates: PeerUpdate[] = [];
  let question: PressedMessage = { text: '', buttons: [] };
  for (const [index, { step }] of TURNS.entries()) {
    if ('user' in step) updates.push((id, chat) => textUpdate(id, chat, step.user));
    else {
      const on = question;
      const data = `b${on.buttons.indexOf(step.press)}`;
      updates.push((id, chat) => pressUpdate(id, chat, data, on));
    }
    question = [...(turns[index] ?? [])].reverse().find((r) => r.buttons.length > 0) ?? question;
  }
  return { turns, updates };
}

async function playPeer(
  peer: ConversationBot,
  reader: Redis,
  updates: readonly PeerUpdate[],
  chatId: number,
  turns: PeerReply[][],
): Promise<TurnCost[]> {
  const nextId = createUpdateIds(chatId * 1000);
  const costs: TurnCost[] = [];
  for (const [index, update] of updates.entries()) {
    const sentBefore = peer.calls.get('sendMessage') ?? 0;
    const { wallMs, cpuMs } = await measured(() => peer.bot.handleUpdate(update(nextId(), chatId)));
    // A replay must not send again what earlier turns sent: exactly this turn's messages go out.
    const sent = (peer.calls.get('sendMessage') ?? 0) - sentBefore;
    if (sent !== (turns[index]?.length ?? 0))
      throw new Error(`cost-growth: the peer sent ${sent} messages on turn ${index + 1}.`);
    costs.push({ wallMs, cpuMs, bytes: await reader.strlen(peer.storageKey(chatId)) });
  }
  return costs;
}

// === The section

async function steadyRig(url: string): Promise<SteadyRig> {
  const program = await loadProgram();
  const deployment = createDeployment(url, program.registry);
  let now = Date.UTC(2026, 0, 5, 18, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const instance = await deployment.instance(clock);
  const reader = connectRedis(url);
  await waitForRedis(reader, 5000);
  return { ...instance, clock, reader, stateKey: (userId) => deployment.stateKey('telegram', userId) };
}

/** Per-turn costs of Steady and of the peer, `reps` users each, after a warm-up. */
async function measureBoth(ctx: BenchContext, reps: number): Promise<{ steady: TurnCost[][]; peer: TurnCost[][] }> {
  const rig = await steadyRig(ctx.redis.url);
  const { replies } = await playSteady(rig, 'warm-up-0');
  const script = peerScript(replies);
  const peer = createConversationBot({ redis: rig.reader, turns: script.turns });
  // Warm-up: the JIT compiles both code paths before anything is counted.
  await playSteady(rig, 'warm-up-1');
  for (const chat of [1, 2]) await playPeer(peer, rig.reader, script.updates, chat, script.turns);
  const steady: TurnCost[][] = [];
  const grammy: TurnCost[][] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    // Alternating who goes first keeps a slow spell on the machine from always hitting the same side.
    const runSteady = async (): Promise<void> => void steady.push((await playSteady(rig, `user-${rep}`)).costs);
    const runPeer = async (): Promise<void> =>
      void grammy.push(await playPeer(peer, rig.reader, script.updates, 100 + rep, script.turns));
    for (const run of rep % 2 === 0 ? [runSteady, runPeer] : [runPeer, runSteady]) await run();
    if ((rep + 1) % 5 === 0) ctx.log(`costGrowth: ${rep + 1}/${reps} conversations each`);
  }
  await rig.store.close();
  await rig.reader.quit();
  return { steady, peer: grammy };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median cost per turn index over all users. */
function medians(runs: readonly TurnCost[][]): TurnCost[] {
  return TURNS.map((_, i) => {
    const costs = runs.map((run) => run[i] ?? ZERO);
    return {
      wallMs: median(costs.map((c) => c.wallMs)),
      cpuMs: median(costs.map((c) => c.cpuMs)),
      bytes: median(costs.map((c) => c.bytes)),
    };
  });
}

// === Report

const ZERO: TurnCost = { wallMs: 0, cpuMs: 0, bytes: 0 };

function rounded(cost: TurnCost): TurnCost {
  return { wallMs: round(cost.wallMs), cpuMs: round(cost.cpuMs), bytes: Math.round(cost.bytes) };
}

/** `later / earlier` for wall and CPU time. */
function growth(earlier: TurnCost, later: TurnCost): { wall: number; cpu: number } {
  return { wall: round(later.wallMs / (earlier.wallMs || 1), 2), cpu: round(later.cpuMs / (earlier.cpuMs || 1), 2) };
}

// Turn 1 (/start) and turn 50 (a button press) are different inputs; the draft review played on day one
// and again on day six is the same seven inputs, so its ratio is the effect of the history alone.
function sameSitting(series: readonly TurnCost[]): { turns: string[]; first: TurnCost; last: TurnCost } {
  const starts: number[] = [];
  let turn = 0;
  for (const { script } of JOURNEY) {
    if (script === draftReviewTurns) starts.push(turn);
    turn += script.steps.length;
  }
  const length = draftReviewTurns.steps.length;
  const total = (from: number): TurnCost =>
    series.slice(from, from + length).reduce(
      (sum, c) => ({
        wallMs: sum.wallMs + c.wallMs,
        cpuMs: sum.cpuMs + c.cpuMs,
        bytes: Math.max(sum.bytes, c.bytes),
      }),
      ZERO,
    );
  const [first = 0, last = 0] = [starts[0], starts.at(-1)];
  return {
    turns: [`${first + 1}–${first + length}`, `${last + 1}–${last + length}`],
    first: rounded(total(first)),
    last: rounded(total(last)),
  };
}

function sideFigures(series: readonly TurnCost[]): Record<string, unknown> {
  const sitting = sameSitting(series);
  return {
    ...Object.fromEntries(REPORTED.map((turn) => [`turn${turn}`, rounded(series[turn - 1] ?? ZERO)])),
    ratio50to1: growth(series[0] ?? ZERO, series[49] ?? ZERO),
    draftReview: { ...sitting, ratio: growth(sitting.first, sitting.last) },
    // Every turn's median, for plotting the growth.
    series: {
      wallMs: series.map((c) => round(c.wallMs)),
      cpuMs: series.map((c) => round(c.cpuMs)),
      bytes: series.map((c) => Math.round(c.bytes)),
    },
  };
}

function label(step: Step): string {
  return 'user' in step ? (step.user.length > 24 ? `"${step.user.slice(0, 21)}…"` : step.user) : `[${step.press}]`;
}

function tableOf(steady: readonly TurnCost[], peer: readonly TurnCost[]): SectionResult['table'] {
  const row = (turn: number): (string | number)[] => {
    const [s, p] = [rounded(steady[turn - 1] ?? ZERO), rounded(peer[turn - 1] ?? ZERO)];
    return [
      turn,
      label(TURNS[turn - 1]?.step ?? { user: '?' }),
      s.wallMs,
      s.cpuMs,
      s.bytes,
      p.wallMs,
      p.cpuMs,
      p.bytes,
    ];
  };
  const [s1, p1, s50, p50] = [steady[0] ?? ZERO, peer[0] ?? ZERO, steady[49] ?? ZERO, peer[49] ?? ZERO];
  const [sr, pr] = [growth(s1, s50), growth(p1, p50)];
  const [ss, ps] = [sameSitting(steady), sameSitting(peer)];
  const [sg, pg] = [growth(ss.first, ss.last), growth(ps.first, ps.last)];
  return {
    header: [
      'turn',
      'input',
      'Steady wall ms',
      'Steady CPU ms',
      'Steady bytes',
      'grammY wall ms',
      'grammY CPU ms',
      'grammY bytes',
    ],
    rows: [
      ...REPORTED.map(row),
      ['turn 50 / turn 1', '', sr.wall, sr.cpu, '', pr.wall, pr.cpu, ''],
      [
        `draft review, turns ${ss.turns[1]} / ${ss.turns[0]}`,
        'same 7 inputs',
        sg.wall,
        sg.cpu,
        '',
        pg.wall,
        pg.cpu,
        '',
      ],
    ],
  };
}

function report(steady: TurnCost[], peer: TurnCost[], reps: number): SectionResult {
  const ratio = growth(steady[0] ?? ZERO, steady[49] ?? ZERO);
  const worst = Math.max(ratio.wall, ratio.cpu);
  const goal: Goal = {
    text: 'Steady: turn 50 / turn 1 ≤ 1.2 (median wall and CPU time)',
    value: worst,
    met: worst <= 1.2,
  };
  return {
    figures: {
      usersPerSide: reps,
      turnsPerConversation: TURNS.length,
      steady: sideFigures(steady),
      grammyConversations: sideFigures(peer),
    },
    goals: [goal],
    table: tableOf(steady, peer),
    notes: notes(steady, peer),
  };
}

// Typed text runs the safety screen and free-text handling, a button press neither; measured, not assumed.
function typedVersusPressed(steady: readonly TurnCost[]): string {
  const median = (kind: 'user' | 'press'): number => {
    const costs = steady
      .filter((_, i) => TURNS[i] !== undefined && kind in (TURNS[i]?.step ?? {}))
      .map((c) => c.cpuMs)
      .sort((x, y) => x - y);
    return quantile(costs, 0.5);
  };
  const [typed, pressed] = [median('user'), median('press')];
  return `Across the conversation a typed-text turn took a median ${typed.toFixed(2)} ms of CPU for Steady and a button press ${pressed.toFixed(2)} ms.`;
}

function notes(steady: readonly TurnCost[], peer: readonly TurnCost[]): string {
  const kb = (series: readonly TurnCost[], turn: number): string => ((series[turn - 1]?.bytes ?? 0) / 1024).toFixed(1);
  const cpu = (series: readonly TurnCost[], turn: number): string => (series[turn - 1]?.cpuMs ?? 0).toFixed(2);
  return (
    `Medians per turn index over the users. One turn is one \`engine.handle\` (Steady: load, decrypt, advance, ` +
    'encrypt, compare-and-set) or one `bot.handleUpdate` (grammY: read the conversation, replay it, write it back), ' +
    'with the Telegram API faked in-process; CPU is this process only (not redis-server). ' +
    `The peer keeps the journey as one conversations-v2 function: its stored value went from ${kb(peer, 1)} KB at turn 1 ` +
    `to ${kb(peer, 50)} KB at turn 50, because it is the log of every earlier update and API result, and on each update ` +
    `the plugin runs the function again from the top over that log; its CPU per turn went from ${cpu(peer, 1)} to ${cpu(peer, 50)} ms. ` +
    `Steady stores the current state only (${kb(steady, 1)} KB → ${kb(steady, 50)} KB: the user's check-ins, moods, journal ` +
    'and contacts, each list capped in src/coach/daily/records.ts). Turn 1 is /start and turn 50 a button press, so ' +
    'part of either ratio is the input; the draft-review row compares the same seven inputs on day one and on day six. ' +
    `${typedVersusPressed(steady)} ` +
    "The peer's wall time includes one `setTimeout(0)` per update in the plugin's replay engine (how it detects " +
    'that the function is waiting): wall time, not CPU.'
  );
}

/** Per-turn cost at turns 1, 10 and 50 of one long conversation, Steady against grammY conversations v2. */
export const costGrowth: Section = {
  name: 'costGrowth',
  title: 'Per-turn cost as one conversation grows: Steady vs grammY conversations v2',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const reps = ctx.quick ? 5 : 25;
    const { steady, peer } = await measureBoth(ctx, reps);
    return report(medians(steady), medians(peer), reps);
  },
};
