import type { Json, SessionState } from '../core/state.js';
import { localDate, zoneOf } from './daily/dates.js';
import { readCheckins } from './daily/records.js';
import { streakOn } from './daily/streak.js';

/** Where a user stands, as status views (an app home tab) show it. Only neutral facts, never what the user wrote. */
export interface UserSummary {
  /** Whether the user has been through onboarding. */
  onboarded: boolean;
  /** The latest assessment, if any: when (epoch ms) and its one-line plan headline. */
  assessment?: { at: number; headline: string };
  /** Daily check-ins in a row (one missed day forgiven). */
  streak: number;
  /** The daily prompt time as `HH:MM` with its time zone, unless prompts are paused or never set. */
  dailyPrompt?: { time: string; timezone: string };
  paused: boolean;
  /** True once a legal or safety signal switched off help with contacting the spouse. */
  contactBlocked: boolean;
}

/** Reads a {@link UserSummary} out of a session state. */
export function summarize(state: SessionState, now: number): UserSummary {
  const assessment = record(state.profile.assessment);
  const at = assessment?.at;
  const headline = assessment?.headline;
  const time = state.settings.dailyTime;
  const timezone = state.settings.timezone;
  return {
    onboarded: state.settings.onboarded === true,
    ...(typeof at === 'number' && typeof headline === 'string' ? { assessment: { at, headline } } : {}),
    // Computed live: a stored streak would still count days the user has since missed.
    streak: streakOn(readCheckins(state.stats), localDate(now, zoneOf(state.settings))),
    ...(typeof time === 'string' && typeof timezone === 'string' && state.settings.paused !== true
      ? { dailyPrompt: { time, timezone } }
      : {}),
    paused: state.settings.paused === true,
    contactBlocked: state.flags.contactBlocked === true,
  };
}

function record(value: Json | undefined): { [key: string]: Json } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
