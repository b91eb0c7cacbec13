import type { Adapter, Reply, SendResult } from '../core/types.js';
import type { UserKey } from '../session/store.js';

/** One proactive message burst for one user, produced by a scheduled turn. */
export interface Delivery {
  /** Deduplication id, unique per user and occurrence (a local date, a follow-up); sending it twice does nothing. */
  id: string;
  user: UserKey;
  platform: string;
  /** Opaque to the core: where the platform adapter sends (a chat id, a DM channel...). */
  address: string;
  replies: Reply[];
}

/** Sends proactive messages outside any turn; interactive replies never pass through here. */
export interface Sender {
  /** Queues `delivery`; a delivery with an id already queued or sent in the last two days is dropped. */
  enqueue(delivery: Delivery): Promise<void>;
  /** {@link enqueue} for many deliveries at once (one round trip where the queue is remote); absent, each is enqueued alone. */
  enqueueMany?(deliveries: readonly Delivery[]): Promise<void>;
  /** Drops queued deliveries of `user` with these ids (the user asked to be forgotten). */
  cancel(user: UserKey, ids: readonly string[]): Promise<void>;
  /**
   * Starts sending; refusals of blocked users go to `unreachable`. That is the engine, made after the sender
   * (its schedule hooks cancel deliveries through the sender), so it is handed over here rather than at construction.
   */
  start(unreachable: UnreachableReport): Promise<void>;
  /** Stops taking jobs, waits for sends in hand, and closes connections. */
  stop(): Promise<void>;
}

/** An adapter's send outside a turn. */
export type PlatformSend = (address: string, replies: Reply[]) => Promise<SendResult>;

/** The side of an adapter a sender needs: its platform tag and its send outside a turn. */
export type PlatformSender = Pick<Adapter, 'platform' | 'send'>;

/** Why a scheduled send did not go out: the user blocked the bot, the platform said "slow down", it threw, or the job was unreadable. */
export type SendFailureReason = 'unreachable' | 'rate_limited' | 'error' | 'unreadable';

/** Hears that the platform refused because the user blocked the bot: pause them until they write again. */
export type UnreachableReport = (user: UserKey, platform: string, reason: string) => Promise<void>;

/** Hears that a send attempt failed (for metrics); called for every attempt, so a retried send may report more than once. */
export type FailureReport = (platform: string, reason: SendFailureReason) => void;
