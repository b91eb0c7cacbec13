import { DateTime } from 'luxon';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Input, Reply, SendResult } from '../../src/core/types.js';
import { loadFlows } from '../../src/flow/loader.js';
import { createDirectSender } from '../../src/schedule/direct-sender.js';
import { MEMORY_IDLE_MS } from '../../src/app/scheduler.js';
import { createMemoryDueIndex } from '../../src/schedule/memory-due-index.js';
import { createSchedule, type Scheduler } from '../../src/schedule/scheduler.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { createState, type JsonRecord, type SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { capturedLogger, eventFrom, testSecret } from '../support/engine.js';

/** One scheduled message as the platform received it. */
export interface Sent {
  at: number;
  address: string;
  replies: Reply[];
}

/** The embedded stack (memory store, in-process scheduler and sender) on whatever clock `Date.now` gives. */
export interface EmbeddedApp {
  engine: Engine;
  scheduler: Scheduler;
  store: SessionStore;
  sent: Sent[];
  /** How many sends the platform was asked for, whatever it answered. */
  attempts(): number;
  /** The platform's answer to the next sends (default: sent). */
  answer: (result: SendResult) => void;
  keyOf(userId: string): UserKey;
  /** Seeds a user's state and has them say something, as a returning user would. */
  seed(userId: string, state: Partial<SessionState>): Promise<void>;
  say(userId: string, input: Input): Promise<Reply[]>;
  stop(): Promise<void>;
}

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);

/** Builds and starts the embedded stack; call under `vi.useFakeTimers()` to move time. */
export async function embeddedApp(): Promise<EmbeddedApp> {
  const clock = { now: () => Date.now() };
  const { logger } = capturedLogger();
  const store = createMemoryStore({ clock });
  const sent: Sent[] = [];
  let result: SendResult = { status: 'sent' };
  let attempts = 0;
  const send = async (address: string, replies: Reply[]): Promise<SendResult> => {
    attempts += 1;
    if (result.status === 'sent') sent.push({ at: clock.now(), address, replies });
    return result;
  };
  const schedule = createSchedule({
    index: createMemoryDueIndex(),
    sender: createDirectSender({ platforms: [{ platform: 'test', send }], logger, clock }),
    clock,
    logger,
    worker: { idleMs: MEMORY_IDLE_MS },
  });
  const keyer = createUserKeyer(testSecret());
  const keyOf = (userId: string): UserKey => keyer('test', userId);
  const engine = createEngine({
    registry,
    actions,
    store,
    clock,
    userKey: keyer,
    logger,
    schedule: schedule.hooks,
  });
  const scheduler = schedule.withEngine(engine);
  await scheduler.start();
  const say = async (userId: string, input: Input): Promise<Reply[]> =>
    (await engine.handle(eventFrom(userId, input))).replies;
  return {
    engine,
    scheduler,
    store,
    sent,
    keyOf,
    answer: (next) => void (result = next),
    attempts: () => attempts,
    async seed(userId, state) {
      await store.commit(keyOf(userId), { ...createState(), ...state }, 0, `seed:${userId}`);
      await say(userId, { kind: 'command', command: 'menu', args: '' });
    },
    say,
    stop: () => scheduler.stop(),
  };
}

/** A daily-prompt user in `zone` at `time`, onboarded and consenting. */
export function dailyUser(zone: string, time: string, extra: JsonRecord = {}): Partial<SessionState> {
  return { settings: { onboarded: true, consent: true, timezone: zone, dailyTime: time, ...extra } };
}

/** Local wall-clock time of `at` in `zone`, as `yyyy-MM-dd HH:mm`. */
export function localTime(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Every text of a sent burst, joined. */
export function textOf(sent: Sent): string {
  return sent.replies.map((r) => r.text).join('\n');
}
