import type { Clock, SendResult } from '../core/types.js';
import { assertNever, ErrorCode, SteadyError } from '../core/errors.js';
import type { Logger } from '../ops/logger.js';
import type { Delivery, FailureReport, PlatformSender, Sender, UnreachableReport } from './sender.js';

/** Options of {@link createDirectSender}. */
export interface DirectSenderOptions {
  /** The adapters deliveries can go to (their send side); each sends one delivery at a time. */
  platforms: readonly PlatformSender[];
  /** Hears every failed send (metrics). */
  failed?: FailureReport;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Measures how long a delivery id stays known. */
  clock: Clock;
  /** How long a delivery id stays known after it was queued (default two days). */
  dedupTtlMs?: number;
}

const DEFAULT_DEDUP_TTL_MS = 2 * 24 * 60 * 60 * 1000;

interface Lane {
  platform: string;
  target: PlatformSender;
  pending: Delivery[];
  /** The send in hand, so stop() can wait for it. */
  current?: Promise<void>;
  /** Set while the platform asked us to slow down. */
  timer?: ReturnType<typeof setTimeout>;
}

interface State {
  options: DirectSenderOptions;
  lanes: ReadonlyMap<string, Lane>;
  /** Delivery key (user and id: ids are unique per user only) → when the id may be sent again. */
  seen: Map<string, number>;
  /** Where refusals go while sending; absent before start() and after stop(). */
  running: UnreachableReport | undefined;
}

/**
 * A {@link Sender} without Redis for the embedded and terminal modes: deliveries are sent in this process
 * as soon as it is started, one at a time per platform. Nothing survives a restart; the scheduler re-offers
 * deliveries it has not seen go out.
 */
export function createDirectSender(options: DirectSenderOptions): Sender {
  const lanes = new Map<string, Lane>();
  for (const target of options.platforms)
    lanes.set(target.platform, { platform: target.platform, target, pending: [] });
  const state: State = { options, lanes, seen: new Map(), running: undefined };
  return {
    async enqueue(delivery) {
      const lane = laneFor(lanes, delivery.platform);
      if (!isNew(state, delivery)) {
        return options.logger.debug(
          { user: delivery.user, platform: lane.platform },
          'delivery id seen before; dropped',
        );
      }
      lane.pending.push(delivery);
      pump(state, lane);
    },
    async cancel(user, ids) {
      // The ids are taken (or stay taken), so a cancelled delivery, queued or still to come, is not sent.
      const drop = new Set(ids);
      for (const id of ids) isNew(state, { user, id, platform: '', address: '', replies: [] });
      for (const lane of lanes.values()) lane.pending = lane.pending.filter((d) => d.user !== user || !drop.has(d.id));
    },
    async start(unreachable) {
      state.running = unreachable;
      for (const lane of lanes.values()) pump(state, lane);
    },
    async stop() {
      state.running = undefined;
      for (const lane of lanes.values()) {
        clearTimeout(lane.timer);
        delete lane.timer;
      }
      await Promise.all([...lanes.values()].map((lane) => lane.current));
    },
  };
}

function laneFor(lanes: ReadonlyMap<string, Lane>, platform: string): Lane {
  const lane = lanes.get(platform);
  if (lane) return lane;
  const known = [...lanes.keys()].map((p) => `'${p}'`).join(', ');
  throw new SteadyError(ErrorCode.Config, `No sender for platform '${platform}'; configured: ${known}.`);
}

function isNew(state: State, delivery: Delivery): boolean {
  const now = state.options.clock.now();
  for (const [key, until] of state.seen) if (until <= now) state.seen.delete(key); // keeps the map as small as the window
  const key = `${delivery.user}\0${delivery.id}`;
  if (state.seen.has(key)) return false;
  state.seen.set(key, now + (state.options.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS));
  return true;
}

function pump(state: State, lane: Lane): void {
  const unreachable = state.running;
  if (!unreachable || lane.current || lane.timer) return;
  const delivery = lane.pending.shift();
  if (!delivery) return;
  // The send keeps the report it started with, so one finishing after stop() still reports a blocked user.
  lane.current = sendOne(state, lane, delivery, unreachable).finally(() => {
    delete lane.current;
    pump(state, lane);
  });
}

async function sendOne(state: State, lane: Lane, delivery: Delivery, unreachable: UnreachableReport): Promise<void> {
  const { logger, failed } = state.options;
  const { user, platform } = delivery;
  let result: SendResult;
  try {
    result = await lane.target.send(delivery.address, delivery.replies);
  } catch (error) {
    failed?.(platform, 'error');
    // Nothing is kept across restarts here, so a failed send is dropped; the scheduler offers it again later.
    return logger.error({ user, platform, err: label(error) }, 'proactive send failed; dropped');
  }
  switch (result.status) {
    case 'sent':
      return logger.debug({ user, platform }, 'proactive delivery sent');
    case 'unreachable':
      failed?.(platform, 'unreachable');
      logger.info({ user, platform }, 'user unreachable; proactive delivery dropped');
      return unreachable(user, platform, result.reason).catch((error: unknown) => {
        logger.error({ user, platform, err: label(error) }, 'could not pause an unreachable user');
      });
    case 'rateLimited':
      failed?.(platform, 'rate_limited');
      // The platform's budget is per bot, so the whole lane waits, this delivery first in line.
      logger.warn({ platform, retryAfterMs: result.retryAfterMs }, 'platform rate limit; sends paused');
      lane.pending.unshift(delivery);
      lane.timer = setTimeout(() => {
        delete lane.timer;
        pump(state, lane);
      }, result.retryAfterMs);
      return;
    default:
      return assertNever(result);
  }
}

// Only the error's name and code: platform errors may carry the address or the text.
function label(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return 'code' in error ? `${error.name} ${String(error.code)}` : error.name;
}
