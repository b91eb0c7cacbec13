import type { SessionState } from '../core/state.js';
import {
  DEFAULT_QUIET,
  localDateOf,
  nextOccurrence,
  occurrenceOn,
  outOfQuiet,
  weekdayOf,
  type QuietHours,
} from './local-time.js';

/** What a scheduled job sends: the day's message (a prompt, the weekly review, or one "we missed you"), or a one-shot timer. */
export type JobKind = 'daily' | 'weekly' | 'missed' | 'timer';

/** The next occurrence of one of a user's scheduled jobs. */
export interface PlannedJob {
  kind: JobKind;
  /** The occurrence's id, unique per user: `day.<local date>` or `t.<timer>.<at>`; deliveries are deduplicated on it. */
  key: string;
  /** When it is due (epoch ms). */
  at: number;
  /** The flow it starts. */
  flow: string;
  /** The timer's name, for one-shot timers. */
  timer?: string;
}

/** Days without any word from the user before the daily message becomes one "we missed you" note. */
export const MISSED_AFTER_MS = 3 * 86_400_000;
/** The ISO weekday (Sunday) whose daily message is the weekly review. */
export const REVIEW_WEEKDAY = 7;
/** The flow each recurring kind starts. */
export const RECURRING_FLOWS: Record<Exclude<JobKind, 'timer'>, string> = {
  daily: 'today',
  weekly: 'weekly-checkin',
  missed: 'missed-you',
};

/** The next occurrence of each of the user's jobs: the day's message (if daily prompts are on) and every timer. */
export function plannedJobs(state: SessionState, now: number): PlannedJob[] {
  const day = dayJob(state, now);
  return day ? [day, ...timerJobs(state)] : timerJobs(state);
}

/** The jobs due at `now`, earliest first. */
export function dueJobs(state: SessionState, now: number): PlannedJob[] {
  return plannedJobs(state, now)
    .filter((job) => job.at <= now)
    .sort((a, b) => a.at - b.at);
}

/** When the user next has something due, or null when nothing is scheduled. */
export function nextDueAt(state: SessionState, now: number): number | null {
  const times = plannedJobs(state, now).map((job) => job.at);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The user's quiet hours: their own, none if they turned them off, else Steady's default. */
export function quietHoursOf(state: SessionState): QuietHours {
  const { quietFrom, quietTo, quietOff } = state.settings;
  if (quietOff === true) return { from: '00:00', to: '00:00' };
  return {
    from: typeof quietFrom === 'string' ? quietFrom : DEFAULT_QUIET.from,
    to: typeof quietTo === 'string' ? quietTo : DEFAULT_QUIET.to,
  };
}

/** True when nothing may be sent on the user's own initiative: they said no, or Steady can't or shouldn't reach them. */
export function proactiveBlocked(state: SessionState): boolean {
  const { settings, flags } = state;
  return (
    settings.onboarded !== true ||
    settings.consent === false ||
    settings.stopped === true ||
    settings.unreachable === true ||
    flags.promptsHeld === true
  );
}

// The day's message comes at the user's own chosen time (quiet hours don't move it: they picked it).
// Only occurrences after the last change of settings, the last one handled and the start of today count,
// so a time set at 10:00 for 07:30 starts tomorrow, and days missed while the service was down are not replayed.
function dayJob(state: SessionState, now: number): PlannedJob | undefined {
  const { dailyTime, timezone } = state.settings;
  const schedule = state.schedule ?? {};
  if (typeof dailyTime !== 'string' || typeof timezone !== 'string') return undefined;
  if (proactiveBlocked(state) || state.settings.paused === true || schedule.nudgedAt !== undefined) return undefined;
  const startOfToday = occurrenceOn(localDateOf(now, timezone), '00:00', timezone);
  const after = Math.max(schedule.anchor ?? 0, schedule.lastDay ?? 0, startOfToday - 1);
  const at = nextOccurrence(after, dailyTime, timezone);
  const date = localDateOf(at, timezone);
  const kind = dayKind(state, at, date);
  return { kind, key: `day.${date}`, at, flow: RECURRING_FLOWS[kind] };
}

function dayKind(state: SessionState, at: number, date: string): Exclude<JobKind, 'timer'> {
  const lastActive = state.schedule?.lastActive ?? state.schedule?.anchor;
  if (lastActive !== undefined && at - lastActive >= MISSED_AFTER_MS) return 'missed';
  return weekdayOf(date) === REVIEW_WEEKDAY ? 'weekly' : 'daily';
}

// Timers are not the user's chosen time, so quiet hours hold them back until morning (in the user's
// zone when known; without one Steady cannot tell their night, and a timer armed a day after they
// wrote lands at an hour they were awake).
function timerJobs(state: SessionState): PlannedJob[] {
  if (proactiveBlocked(state)) return [];
  const zone = state.settings.timezone;
  const quiet = quietHoursOf(state);
  return Object.entries(state.schedule?.timers ?? {}).map(([name, timer]) => ({
    kind: 'timer' as const,
    key: `t.${name}.${timer.at}`,
    at: typeof zone === 'string' ? outOfQuiet(timer.at, zone, quiet) : timer.at,
    flow: timer.flow,
    timer: name,
  }));
}
