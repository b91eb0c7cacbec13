import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { jitterMs } from '../../src/rhythm/local-time.js';
import { dueIndexKeys } from '../../src/schedule/redis-due-index.js';
import { JITTER_SPREAD_MS } from '../../src/schedule/scheduler.js';
import { createState, type JsonRecord, type SessionState } from '../../src/core/state.js';
import type { ScheduleState } from '../../src/core/schedule-state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { redisStore } from '../support/engine.js';

// Shared by the scheduler's end-to-end files (e2e-telegram, e2e-discord, e2e-slack): the real app runs as a
// child process, and the test reaches into the same Redis with the same secret to seed a user who is due now
// and to read back what the app did with them.

/** The first line of the daily prompt (flows/today.yaml). */
export const DAILY_PROMPT = /Your check-in for today is ready/;
/** The question of the follow-up after a contact (flows/contact-followup.yaml). */
export const FOLLOW_UP = /How did your last contact/;

/**
 * A database of the run's redis-server for one file. The due index (`steady:{due}:z`) and the send queues
 * (`{steady-send}`) have fixed names, so apps of other test files with other secrets would otherwise claim
 * this file's users and take its deliveries, fail to decrypt them, and leave them for a minute or lose them.
 */
export function redisDatabase(url: string, db: number): string {
  return `${url.replace(/\/\d*$/, '')}/${db}`;
}

/** The test's view of the app's Redis: its store (same secret) and its due index. */
export interface AppRedis {
  keyOf(platform: string, userId: string): UserKey;
  /** Commits `state` over a fresh one as the user's first revision, as if an earlier turn had left it. */
  seed(user: UserKey, state: Partial<SessionState>): Promise<void>;
  load(user: UserKey): Promise<SessionState>;
  /** The time the user is planned at in the due index, or null when they are not in it. */
  plannedAt(user: UserKey): Promise<number | null>;
  close(): Promise<void>;
}

/** Opens the app's store and due index from the test process. */
export async function openAppRedis(url: string, secret: string): Promise<AppRedis> {
  const store: SessionStore = await redisStore(url, secret);
  const admin = new Redis(url);
  const keyOf = createUserKeyer(secret);
  const { z } = dueIndexKeys();
  return {
    keyOf,
    async seed(user, state) {
      expect(await store.commit(user, { ...createState(), ...state }, 0, `seed:${randomUUID()}`)).toBe('ok');
    },
    load: async (user) => (await store.load(user)).state,
    async plannedAt(user) {
      const score = await admin.zscore(z, user);
      return score === null ? null : Number(score);
    },
    async close() {
      await store.close();
      await admin.quit();
    },
  };
}

/**
 * The first user id from `candidate(0)`, `candidate(1)`, ... whose wake-up jitter (a hash of their key, up to
 * four minutes) is under `maxMs`: the worker then claims them at their due time, not minutes later.
 */
export function punctualUser(secret: string, platform: string, candidate: (i: number) => string, maxMs = 300): string {
  const keyOf = createUserKeyer(secret);
  for (let i = 0; i < 100_000; i++) {
    const userId = candidate(i);
    if (jitterMs(keyOf(platform, userId), JITTER_SPREAD_MS) < maxMs) return userId;
  }
  throw new Error(`no user id with a wake-up jitter under ${maxMs} ms among 100000 candidates`);
}

/**
 * Settings with a daily prompt due this very minute: a fixed-offset zone where today is not Sunday (Sunday's
 * message is the weekly review) and the next minute is still today.
 */
export function dailyDueNow(now = Date.now()): { timezone: string; dailyTime: string } {
  for (const offset of [
    0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9, 10, -10, 11, -11, 12, -12, 13, 14,
  ]) {
    // IANA's Etc zones count the other way: Etc/GMT-3 is three hours ahead of UTC.
    const timezone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    const local = DateTime.fromMillis(now, { zone: timezone });
    if (local.weekday !== 7 && local.hour * 60 + local.minute < 23 * 60 + 58)
      return { timezone, dailyTime: local.toFormat('HH:mm') };
  }
  throw new Error('no zone where it is not Sunday nor midnight; this cannot happen');
}

// Quiet hours off: the zone picked above may well be in its night, which would hold timers until morning.
const ONBOARDED: JsonRecord = { onboarded: true, consent: true, quietOff: true };

/** A user whose daily prompt is due now: the rhythm was set an hour ago (occurrences before that never fire). */
export function dailyPromptDue(now = Date.now(), schedule: ScheduleState = {}): Partial<SessionState> {
  return { settings: { ...ONBOARDED, ...dailyDueNow(now) }, schedule: { anchor: now - 3_600_000, ...schedule } };
}

/** A user whose "how did it go?" follow-up is due at `at`. */
export function followUpDue(at: number): Partial<SessionState> {
  return {
    settings: ONBOARDED,
    schedule: { timers: { 'contact-followup': { at, flow: 'contact-followup' } } },
  };
}

/** Waits `ms`, to give a second (unwanted) delivery the time to show up. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
