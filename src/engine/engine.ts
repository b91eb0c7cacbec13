import type { Engine, EngineOptions, TurnTarget } from './engine-options.js';
import { assertNever, ErrorCode, hasCode, SteadyError } from '../core/errors.js';
import { createState, withoutJourney, type SessionState } from '../core/state.js';
import type { UserKey } from '../session/store.js';
import type { SafetyTier } from '../safety/index.js';
import { advance, type Advanced, type Program } from './advance.js';
import { countryChoice, createProgram } from './turn.js';
import type { Effect, InboundEvent, Reply, TurnOutcome } from '../core/types.js';
import { outboxOf, skipDue, withPlan } from './due.js';
import { dueJobs } from '../rhythm/plan.js';
import { randomUUID } from 'node:crypto';
import { createUserQueue } from './user-queue.js';
import { noMetrics } from '../ops/metrics.js';
import { createInFlight } from '../ops/in-flight.js';
import { createUnreadableTurn, isUnreadable } from './unreadable.js';
import { runLinkEffect } from './link-effects.js';
import { withPickedReach, withPlatformFacts } from './reach.js';
import { createReceipts, outboxItems, repliesOf } from './reply-outbox.js';

export type { Engine, EngineOptions, ScheduleHooks, TurnTarget } from './engine-options.js';

// A conflict means another process just committed for this user, so each retry follows real progress;
// the budget covers a burst of one user's messages split across processes.
const DEFAULT_ATTEMPTS = 30;
const DEFAULT_QUEUE = 32;
/** The in-flight label of turns the scheduler runs (due turns, unreachable marks). */
export const SCHEDULER_TURNS = 'scheduler';

/** Builds the engine. Nothing is written for a turn until its state commits, and effects run only after. */
export function createEngine(options: EngineOptions): Engine {
  const program = createProgram(options.registry, options.actions, options.country, options.safety);
  const queue = createUserQueue(options.maxQueuedPerUser ?? DEFAULT_QUEUE);
  const { texts } = program;
  const inFlight = createInFlight();
  const metrics = options.metrics ?? noMetrics;
  const unreadable = createUnreadableTurn({ ...options, texts });
  const linkDeps = { ...options, texts };
  const receipts = createReceipts(options.store.outbox, options.logger);

  // Timed from arrival, so time spent queued behind the user's earlier turns counts too.
  async function handle(event: InboundEvent): Promise<TurnOutcome> {
    const started = options.clock.now();
    const outcome = await queueTurn(event);
    const status = outcome.status === 'ok' && outcome.resumed === true ? 'resumed' : outcome.status;
    metrics.turn(event.platform, status, (options.clock.now() - started) / 1000);
    return outcome;
  }

  async function queueTurn(event: InboundEvent): Promise<TurnOutcome> {
    const own = options.userKey(event.platform, event.userId);
    let user = own;
    try {
      // A linked chat turns to the conversation it joined (src/link); every other chat is its own user.
      if (options.links) user = await options.links.resolve(event.platform, event.userId);
    } catch (error) {
      return failed({ user: own, platform: event.platform, address: event.address }, error, event);
    }
    const target: TurnTarget = { user, platform: event.platform, address: event.address };
    const queued = queue.run(target.user, () => turnSafely(target, event));
    if (!queued) return { status: 'busy', replies: [errorReply(texts.text('busy'))] };
    return queued;
  }

  async function turnSafely(target: TurnTarget, event: InboundEvent): Promise<TurnOutcome> {
    const started = options.clock.now();
    try {
      const outcome = await turn(target, event);
      options.logger.info(
        { user: target.user, platform: event.platform, status: outcome.status, ms: options.clock.now() - started },
        'turn',
      );
      return outcome;
    } catch (error) {
      return failed(target, error, event);
    }
  }

  async function turn(target: TurnTarget, event: InboundEvent, retried = false): Promise<TurnOutcome> {
    let done: Committed;
    try {
      done = await commitTurn(target.user, event, (state) => compute(target, state, event), true);
    } catch (error) {
      if (retried || !isUnreadable(error)) throw error;
      const restart = { ...event, kind: 'command', command: 'start', args: '' } as const;
      return unreadable(target, event, error, () => turn(target, restart, true));
    }
    switch (done.status) {
      case 'ok': {
        const replies = await runEffects(target, done, event);
        const recorded = outboxItems(done.next.effects) !== undefined;
        return {
          status: 'ok',
          replies,
          refreshStatus: statusChanged(done.before, done.next),
          ...(recorded ? { receipt: receipts.issue(target.user, event.id, 0, replies.length) } : {}),
          ...(done.next.effects.some((e) => e.type === 'erase') ? { erase: true } : {}),
        };
      }
      case 'duplicate':
        return resume(target, event);
      case 'gaveUp':
      case 'skipped':
        return { status: 'busy', replies: [errorReply(texts.text('busy'))] };
      default:
        return assertNever(done);
    }
  }

  // Load, compute, compare-and-set; a lost race is recomputed on fresh state, within a budget.
  // A step that returns undefined has nothing to do on this state, and nothing is written.
  async function commitTurn(
    user: UserKey,
    event: { id: string },
    step: (state: SessionState, rev: number) => Advanced | undefined,
    recordReplies = false,
  ): Promise<Committed> {
    const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const loaded = await options.store.load(user);
      const computed = step(loaded.state, loaded.rev);
      if (computed === undefined) return { status: 'skipped', state: loaded.state };
      const next = await planned(user, loaded.state, computed);
      const replies = recordReplies ? outboxItems(next.effects) : undefined;
      const result = await options.store.commit(user, next.state, loaded.rev, event.id, replies);
      if (result === 'ok') return { status: 'ok', before: loaded.state, next };
      if (result === 'duplicate') return { status: 'duplicate' };
      await pause(attempt);
    }
    options.logger.warn({ user, attempts }, 'turn gave up after repeated conflicts');
    return { status: 'gaveUp' };
  }

  // The due index hears of a new due time before the commit: a wake-up for a turn that then loses its
  // race costs one early look, while one missed after a commit would leave the user unscheduled. If the
  // index cannot be told, the old time is kept in the state, so the user's next turn tries again.
  async function planned(user: UserKey, before: SessionState, next: Advanced): Promise<Advanced> {
    const at = next.state.schedule?.planned;
    const previous = before.schedule?.planned;
    if (options.schedule === undefined || at === undefined || at === null || at === previous) return next;
    try {
      await options.schedule.wake(user, at);
      return next;
    } catch (error) {
      options.logger.warn({ user, err: describe(error) }, 'could not plan the next due time');
      return { ...next, state: { ...next.state, schedule: { ...next.state.schedule, planned: previous ?? null } } };
    }
  }

  // A flow or action bug must not strand the user: the journey is dropped (profile and flags kept)
  // and that reset is what gets committed, so the next message starts clean.
  function compute(target: TurnTarget, state: SessionState, event: InboundEvent): Advanced {
    try {
      const next = advance(program, withPlatformFacts(state, event), event, options.clock.now());
      return { ...next, state: withPickedReach(next.state, event) };
    } catch (error) {
      options.logger.error(
        { user: target.user, flow: state.flow?.id, step: state.flow?.step, err: describe(error) },
        'advance failed',
      );
      return {
        state: { ...withoutJourney(state), turns: state.turns + 1 },
        effects: [{ type: 'reply', reply: errorReply(texts.text('internalError')) }],
      };
    }
  }

  async function runEffects(
    target: TurnTarget,
    done: Extract<Committed, { status: 'ok' }>,
    event: InboundEvent,
  ): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (const effect of done.next.effects) {
      if (effect.type === 'reply') replies.push(effect.reply);
      else if (effect.type === 'link') replies.push(await runLinkEffect(linkDeps, effect, target.user, event));
      else if (effect.type === 'export') replies.push(await exportReply(target));
      else if (effect.type === 'forget') await forget(target, done.before);
      else if (effect.type === 'safety') metrics.safety(effect.tier);
      else if (effect.type === 'step') countStep(effect);
    }
    return replies;
  }

  // A redelivery of an applied turn: whatever of its replies no live process holds and none confirmed sent.
  async function resume(target: TurnTarget, event: InboundEvent): Promise<TurnOutcome> {
    const claimed = await options.store.outbox.claim(target.user, event.id);
    if (claimed === undefined || claimed === 'held') return { status: 'duplicate', replies: [] };
    const first = claimed.sent + (claimed.inDoubt ? 1 : 0);
    const replies = await repliesOf(claimed.items.slice(first), () => exportReply(target));
    const { user } = target;
    options.logger.info(
      { user, owed: replies.length, inDoubt: claimed.inDoubt },
      'redelivery sends replies never sent',
    );
    const receipt = receipts.issue(user, event.id, first, claimed.items.length);
    if (replies.length > 0) return { status: 'ok', replies, resumed: true, receipt };
    await receipt.sent(0);
    return { status: 'duplicate', replies: [] };
  }

  // Only ids the flow files define become label values, whatever an effect says.
  function countStep(effect: Extract<Effect, { type: 'step' }>): void {
    const flow = program.registry.flows.get(effect.flow);
    if (flow?.steps.some((s) => s.id === effect.step)) metrics.flowStep?.(effect.flow, effect.step, effect.outcome);
  }

  async function exportReply(target: TurnTarget): Promise<Reply> {
    const data = await options.store.export(target.user);
    const content = JSON.stringify({ exportedAt: new Date(options.clock.now()).toISOString(), data }, null, 2);
    return {
      kind: 'info',
      text: texts.text('exported'),
      document: { filename: 'steady-export.json', mimeType: 'application/json', content },
    };
  }

  async function forget(target: TurnTarget, before: SessionState): Promise<void> {
    await options.schedule?.forget(
      target.user,
      outboxOf(before).map((entry) => entry.id),
    );
    await options.store.forget(target.user);
    await options.links?.forget(target.user);
  }

  function failed(target: TurnTarget, error: unknown, event: InboundEvent): TurnOutcome {
    if (hasCode(error, ErrorCode.StoreUnavailable)) {
      options.logger.warn({ user: target.user, err: describe(error) }, 'store unavailable');
      const safety = safetyWithoutStore(event, program, options.clock.now());
      if (safety.judged !== undefined) metrics.safety(safety.judged);
      return { status: 'unavailable', replies: [...safety.replies, errorReply(texts.text('storeDown'))] };
    }
    options.logger.error({ user: target.user, err: describe(error) }, 'turn failed');
    return { status: 'failed', replies: [errorReply(texts.text('internalError'))] };
  }

  // Nothing due (an early wake-up) reads once and writes nothing.
  async function runDue(user: UserKey): Promise<SessionState> {
    // Re-checked on every attempt: a user forgotten meanwhile has nothing due, and no state is re-created.
    const ran = await queue.run(user, async () => {
      const event = { id: `due:${randomUUID()}` };
      const done = await commitTurn(user, event, (s) => dueStep(user, s));
      if (done.status === 'ok') {
        dueCommitted(done.next);
        return done.next.state;
      }
      return done.status === 'skipped' ? done.state : (await options.store.load(user)).state;
    });
    if (ran === undefined)
      throw new SteadyError(
        ErrorCode.Busy,
        'Too many turns are queued for this user; the scheduler tries again shortly.',
      );
    return ran;
  }

  function dueStep(user: UserKey, state: SessionState): Advanced | undefined {
    return dueJobs(state, options.clock.now()).length === 0 ? undefined : computeDue(user, state);
  }

  function dueCommitted(next: Advanced): void {
    for (const effect of next.effects) if (effect.type === 'step') countStep(effect);
  }

  // A flow bug in a scheduled message must not make it due again every minute: the jobs count as handled.
  function computeDue(user: UserKey, state: SessionState): Advanced {
    const now = options.clock.now();
    try {
      return advance(program, state, { kind: 'due' }, now);
    } catch (error) {
      options.logger.error({ user, err: describe(error) }, 'scheduled turn failed; its jobs are skipped');
      return { state: withPlan(state, skipDue(state, now), now), effects: [] };
    }
  }

  // Throws when the mark could not be written, so the send queue retries rather than lose the pause.
  async function markUnreachable(user: UserKey): Promise<void> {
    const event = { id: `unreachable:${randomUUID()}` };
    // A user with no stored state (forgotten while the send was under way) is not brought back.
    const signal = (s: SessionState, rev: number): Advanced | undefined =>
      rev === 0 ? undefined : advance(program, s, { kind: 'signal', signal: 'unreachable' }, options.clock.now());
    const done = await queue.run(user, () => commitTurn(user, event, signal));
    if (done === undefined || done.status === 'gaveUp') {
      throw new SteadyError(
        ErrorCode.Busy,
        'The user could not be marked unreachable (busy or racing turns); the send is retried.',
      );
    }
  }

  // Every turn is tracked from arrival, so time spent queued behind the user's earlier turns counts as in flight.
  return {
    handle: (event) => inFlight.track(() => handle(event), event.platform),
    inFlight: { idle: () => inFlight.idle(), counts: () => inFlight.counts() },
    runDue: (user) => inFlight.track(() => runDue(user), SCHEDULER_TURNS),
    dueStep,
    dueCommitted,
    markUnreachable: (user) => inFlight.track(() => markUnreachable(user), SCHEDULER_TURNS),
    releaseUnsent: () => receipts.releaseAll(),
  };
}

/** How one compare-and-set turn ended. */
type Committed =
  | { status: 'ok'; before: SessionState; next: Advanced }
  | { status: 'duplicate' }
  | { status: 'skipped'; state: SessionState }
  | { status: 'gaveUp' };

function statusChanged(before: SessionState, next: Advanced): boolean {
  return (
    next.effects.some((e) => e.type === 'profileChanged') ||
    (before.flow !== undefined && next.state.flow === undefined)
  );
}

// With the store down there is no memory to read, but a crisis still gets its answer first, with the lines of
// the country the platform tells of (its time zone or its language's region), and the words of a caption too.
function safetyWithoutStore(
  event: InboundEvent,
  program: Program,
  now: number,
): { replies: Reply[]; judged?: SafetyTier } {
  const text =
    event.kind === 'text' || event.kind === 'unsupported' || event.kind === 'edited' ? event.text : undefined;
  if (text === undefined || text.trim() === '') return { replies: [] };
  const { country } = countryChoice(program, withPlatformFacts(createState(), event));
  const result = program.safety.respond(null, text, { now, country });
  const replies = result.kind === 'crisis' ? result.replies : [];
  return result.judged === undefined ? { replies } : { replies, judged: result.judged };
}

function errorReply(text: string): Reply {
  return { kind: 'error', text };
}

// Short, growing, jittered waits keep racing processes from colliding again in lockstep.
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(error: unknown): { code?: string; message: string } {
  if (error instanceof Error)
    return { message: error.message, ...('code' in error ? { code: String(error.code) } : {}) };
  return { message: String(error) };
}
