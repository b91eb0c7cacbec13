import { dueJobs, nextDueAt, type JobKind, type PlannedJob } from '../rhythm/plan.js';
import type { OutboxEntry, ScheduleState } from '../core/schedule-state.js';
import { withoutJourney, type SessionState } from '../core/state.js';
import type { Turn } from './turn.js';
import type { Input, Reply } from '../core/types.js';

/** How long a journey counts as in use after the user's last word; a scheduled message waits rather than interrupt it. */
export const BUSY_WINDOW_MS = 30 * 60_000;
/** How long a scheduled message waits for a journey in use to finish. */
export const PUT_OFF_MS = 3_600_000;
/** How long a scheduled turn's outbox entry is kept: its messages offered again until the sender has taken them, its id for /forget (the sender's deduplication outlives it). */
export const OUTBOX_KEEP_MS = 86_400_000;

/**
 * Runs every job due for the user now. Each starts its flow; what it says is also kept in the outbox,
 * so a crash between this commit and the hand-over to the send queue loses nothing.
 */
export function handleDue(turn: Turn, start: (turn: Turn, flowId: string) => void): void {
  let startedHere = false;
  for (const job of dueJobs(turn.state, turn.now)) {
    turn.state = markHandled(turn.state, job);
    if (!sendable(turn, job.flow)) continue;
    if (turn.state.flow && (startedHere || recentlyActive(turn.state, turn.now))) {
      turn.state = putOff(turn.state, job, turn.now);
      continue;
    }
    const before = turn.effects.length;
    turn.state = withoutJourney(turn.state);
    start(turn, job.flow);
    startedHere = turn.state.flow !== undefined;
    if (job.kind === 'missed') turn.state = withSchedule(turn.state, { nudgedAt: turn.now });
    if (turn.state.settings.discreet === true) discreetFrom(turn, before, job.kind);
    const replies = turn.effects.slice(before).flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
    if (replies.length > 0) turn.state = withOutboxEntry(turn.state, { id: job.key, at: turn.now, replies });
  }
}

/** The neutral first line of each kind of unasked message in discreet mode (flows/locales/en/engine.yaml). */
const DISCREET_LINES = {
  daily: 'discreetDaily',
  weekly: 'discreetWeekly',
  missed: 'discreetMissed',
  timer: 'discreetTimer',
} as const satisfies Record<JobKind, string>;

// A notification preview shows a message's first line, so each message of the burst opens with a neutral one:
// the kind's line on the first, a plain "more" line on the rest. A chart would show mood and contacts at a
// glance, so it stays out of unasked messages; its summary in words is still the text.
function discreetFrom(turn: Turn, from: number, kind: JobKind): void {
  const { texts } = turn.program;
  let first = true;
  turn.effects = turn.effects.map((effect, index) => {
    if (index < from || effect.type !== 'reply') return effect;
    const line = texts.text(first ? DISCREET_LINES[kind] : 'discreetMore');
    first = false;
    const { picture: _picture, ...reply } = effect.reply;
    // The day's prompt may open neutrally already; the line is not said twice.
    const text = reply.text.startsWith(line) ? reply.text : `${line}\n\n${reply.text}`;
    return { type: 'reply', reply: { ...reply, text } };
  });
}

/** The state with every job due now marked handled and nothing sent. */
export function skipDue(state: SessionState, now: number): SessionState {
  return dueJobs(state, now).reduce(markHandled, state);
}

/** Before a turn: note that the user is here; a user who comes back after the "missed you" note gets their rhythm back from now. */
export function withActivity(state: SessionState, input: Input, now: number): SessionState {
  if (input.kind === 'due' || input.kind === 'signal') return state;
  const schedule = state.schedule ?? {};
  if (schedule.nudgedAt === undefined) return withSchedule(state, { lastActive: now });
  const { nudgedAt: _back, ...rest } = schedule;
  return { ...state, schedule: { ...rest, lastActive: now, anchor: now } };
}

const RHYTHM_SETTINGS = ['dailyTime', 'timezone', 'paused', 'stopped', 'unreachable', 'onboarded', 'consent'] as const;

/**
 * After a turn: a change to the daily rhythm starts it afresh from now (no occurrence before the change
 * is sent), the outbox sheds old entries, and the next due time is recorded so the engine can tell the due index.
 */
export function withPlan(before: SessionState, after: SessionState, now: number): SessionState {
  // A state from before the rhythm was tracked starts it now too, rather than catching up on today.
  const changed =
    RHYTHM_SETTINGS.some((key) => before.settings[key] !== after.settings[key]) ||
    before.flags.promptsHeld !== after.flags.promptsHeld ||
    (after.schedule?.anchor === undefined && typeof after.settings.dailyTime === 'string');
  const anchored = changed ? withSchedule(after, { anchor: now }) : after;
  const outbox = (anchored.schedule?.outbox ?? []).filter((entry) => now - entry.at < OUTBOX_KEEP_MS);
  return withSchedule(anchored, { outbox, planned: nextDueAt(anchored, now) });
}

/** Arms (or re-arms) the one-shot timer `name`. */
export function withTimer(state: SessionState, name: string, at: number, flow: string): SessionState {
  return withSchedule(state, { timers: { ...state.schedule?.timers, [name]: { at, flow } } });
}

/** The outbox entries of a user: what scheduled turns produced and the sender may not have taken yet. */
export function outboxOf(state: SessionState): OutboxEntry[] {
  return state.schedule?.outbox ?? [];
}

function markHandled(state: SessionState, job: PlannedJob): SessionState {
  if (job.kind !== 'timer' || job.timer === undefined) return withSchedule(state, { lastDay: job.at });
  const { [job.timer]: _done, ...timers } = state.schedule?.timers ?? {};
  return withSchedule(state, { timers });
}

// The message waits an hour for the journey the user is in; the day's message then counts as handled.
function putOff(state: SessionState, job: PlannedJob, now: number): SessionState {
  const name = job.kind === 'timer' && job.timer !== undefined ? job.timer : `later.${job.flow}`;
  return withTimer(state, name, now + PUT_OFF_MS, job.flow);
}

// A flow edited away since the job was planned is skipped, never retried (the job is already marked handled).
// Help with contacting the spouse is never sent unasked once the contact gate is set, not even the gate's own note.
function sendable(turn: Turn, flowId: string): boolean {
  const flow = turn.program.registry.flows.get(flowId);
  return flow !== undefined && !(flow.contactHelp && turn.state.flags.contactBlocked === true);
}

function recentlyActive(state: SessionState, now: number): boolean {
  const last = state.schedule?.lastActive;
  return last !== undefined && now - last < BUSY_WINDOW_MS;
}

function withOutboxEntry(state: SessionState, entry: { id: string; at: number; replies: Reply[] }): SessionState {
  const kept = outboxOf(state).filter((e) => e.id !== entry.id);
  return withSchedule(state, { outbox: [...kept, entry] });
}

function withSchedule(state: SessionState, patch: Partial<ScheduleState>): SessionState {
  return { ...state, schedule: { ...state.schedule, ...patch } };
}
