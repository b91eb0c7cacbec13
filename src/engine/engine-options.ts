import type { Logger } from 'pino';
import type { SessionState } from '../core/state.js';
import type { Clock, TurnHandler } from '../core/types.js';
import type { FlowRegistry } from '../flow/schema.js';
import type { InFlight } from '../ops/in-flight.js';
import type { Metrics } from '../ops/metrics.js';
import type { SessionStore, UserKey } from '../session/store.js';
import type { Safety } from '../safety/index.js';
import type { ActionRegistry } from './actions.js';
import type { Advanced } from './advance.js';
import type { LinkPort } from './link-port.js';

// What the engine is made from and what it offers; beside engine.ts so the turn loop reads on its own.

/** Where a turn's user is, handed to effect runners (the scheduler) so they can answer later. */
export interface TurnTarget {
  user: UserKey;
  platform: string;
  address: string;
}

/** What the engine tells the scheduler after a commit. */
export interface ScheduleHooks {
  /** The user's next due time changed: make sure they are looked at no later than `at`. */
  wake(user: UserKey, at: number): Promise<void>;
  /** The user was forgotten: drop their scheduled entry and queued deliveries (`outboxIds` from their outbox). */
  forget(user: UserKey, outboxIds: string[]): Promise<void>;
}

/** Everything the engine is built from; all I/O comes in through here. */
export interface EngineOptions {
  registry: FlowRegistry;
  actions: ActionRegistry;
  /** The safety layer built from the same flows directory; absent, the engine builds its own. */
  safety?: Safety;
  store: SessionStore;
  clock: Clock;
  /** Turns a platform and raw user id into the pseudonymous key used everywhere else. */
  userKey: (platform: string, userId: string) => UserKey;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Tells the scheduler about a user's next due time and about forgotten users; absent, nothing is scheduled. */
  schedule?: ScheduleHooks;
  /** How often a turn that lost a compare-and-set race is recomputed before giving up. */
  maxAttempts?: number;
  /** How many turns of one user may wait in this process before new ones are turned away. */
  maxQueuedPerUser?: number;
  /** Two-letter country for crisis resources when the user has none (`STEADY_COUNTRY`). */
  country?: string;
  /** Links chats of one person across platforms (src/link); absent, every chat is its own user and /link says so. */
  links?: LinkPort;
  /** Counts turns, safety events and flow steps; absent, nothing is counted. */
  metrics?: Pick<Metrics, 'turn' | 'safety'> & Partial<Pick<Metrics, 'flowStep'>>;
}

/** The turn loop: one turn per user at a time, load → advance → commit → effects. */
export interface Engine {
  handle: TurnHandler;
  /**
   * The turns under way, for a graceful stop: counted by platform tag from arrival (time queued included),
   * and under `scheduler` for the scheduler's due turns and unreachable marks.
   */
  readonly inFlight: Pick<InFlight, 'idle' | 'counts'>;
  /** Runs whatever of the user's is due now (the scheduler's turn) and returns their state afterwards. */
  runDue(user: UserKey): Promise<SessionState>;
  /**
   * The due turn on a state the caller loaded (the scheduler's batches), without I/O: undefined when nothing
   * is due. The caller commits it compare-and-set and, if that fails, runs {@link runDue} instead.
   */
  dueStep(user: UserKey, state: SessionState): Advanced | undefined;
  /** Hears that a due turn from {@link dueStep} was committed (counts its flow steps). */
  dueCommitted(next: Advanced): void;
  /** Marks a user unreachable after the platform refused a scheduled send: prompts pause until they write. */
  markUnreachable(user: UserKey): Promise<void>;
  /** Lets a redelivery send at once the replies of applied turns not yet confirmed sent (at shutdown); how many turns. */
  releaseUnsent(): Promise<number>;
}
