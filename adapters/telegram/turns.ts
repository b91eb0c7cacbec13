import { randomUUID } from 'node:crypto';
import { HttpError, type Api } from 'grammy';
import { mayHaveReached } from './network-retry.js';
import {
  assertNever,
  type Clock,
  type InboundEvent,
  type Logger,
  type Reply,
  type TurnHandler,
  type TurnOutcome,
} from '../../src/index.js';
import { RedeliverLater } from './receive.js';
import { applyPressAction, deliver, describeApiError, type Delivery } from './deliver.js';
import { followUpPress } from './press.js';
import { linkMessage, renderReplies } from './render.js';
import type { TelegramTexts } from './texts.js';
import { erasedReply, type SentLog } from '../shared/sent-log.js';
import { eraseChat } from './erase.js';
import { PLATFORM, toInbound, type Press } from './to-inbound.js';

/** What the update handler works with; it is made when the adapter starts, with the engine's handler. */
export interface TurnDeps {
  api: Api;
  logger: Pick<Logger, 'warn' | 'debug' | 'error'>;
  clock: Clock;
  handle: TurnHandler;
  texts: TelegramTexts;
  botUsername(): string;
  /** The ids of the bot's messages per chat, for /erase. */
  sent: SentLog;
  /**
   * Webhook mode: with the store down, the update is handed back for Telegram to deliver again (a crisis answer
   * still goes out at once) instead of each instance that got it answering "try again".
   */
  redeliver?: boolean;
}

/** Handles Telegram updates for one bot (scheduled sends go through `sendScheduled` instead). */
export interface Turns {
  /** One update, from polling or the webhook: map it, run the turn, send the outcome. */
  onUpdate(update: unknown): Promise<void>;
}

/** Builds the update handler. */
export function createTurns(deps: TurnDeps): Turns {
  const { api, logger } = deps;
  const soft = (error: unknown): void => logger.debug({ err: describeApiError(error) }, 'telegram edit refused');

  async function acknowledge(callbackId: string | undefined): Promise<void> {
    if (callbackId === undefined) return;
    // Answered first, whatever the turn brings, so the client's spinner stops at once.
    await api.answerCallbackQuery(callbackId).catch(soft);
  }

  async function unreachable(userId: string, address: string): Promise<void> {
    const event: InboundEvent = {
      kind: 'signal',
      signal: 'unreachable',
      id: `${PLATFORM}:unreachable:${randomUUID()}`,
      platform: PLATFORM,
      userId,
      address,
      at: deps.clock.now(),
    };
    await deps.handle(event);
  }

  // /erase: the pressed message is among those removed, so nothing is edited; the report is what stays in the chat.
  async function eraseThenReport(event: InboundEvent, outcome: Extract<TurnOutcome, { status: 'ok' }>): Promise<void> {
    const erased = await eraseChat(api, deps.sent, event.address);
    const report = [...outcome.replies, erasedReply(deps.texts, erased)];
    const delivery = await deliver(api, Number(event.address), renderReplies(report));
    if (delivery === 'blocked') return unreachable(event.userId, event.address);
    await outcome.receipt?.sent(outcome.replies.length);
  }

  async function turn(event: InboundEvent, press: Press | undefined): Promise<void> {
    await acknowledge(press?.callbackId);
    const outcome = await deps.handle(event);
    if (outcome.status === 'unavailable' && deps.redeliver === true) return redeliverLater(event, outcome.replies);
    if (outcome.status === 'ok' && outcome.erase === true) return eraseThenReport(event, outcome);
    if (outcome.replies.length === 0) return;
    // Only an applied turn retires the pressed keyboard; after "busy" or "try again" the same button must still work.
    // Replies a redelivery resumes are new messages: the pressed one was dealt with when the turn was applied.
    const fresh = outcome.status === 'ok' && outcome.resumed !== true;
    const follow =
      press && fresh
        ? followUpPress(press, outcome.replies)
        : { action: { type: 'none' as const }, replies: outcome.replies };
    const receipt = outcome.status === 'ok' ? outcome.receipt : undefined;
    let delivery: Delivery = 'blocked';
    let finished = false;
    // A send that failed on the network may have reached Telegram; one Telegram refused did not.
    let inDoubt = false;
    try {
      delivery = await applyPressAction(api, follow.action, soft);
      // An edit in place can carry the turn's only reply; the others go out one by one, each confirmed as it lands.
      const carried = outcome.replies.length - follow.replies.length;
      if (delivery === 'sent' && carried > 0) await receipt?.sent(carried);
      for (const [index, reply] of follow.replies.entries()) {
        if (delivery !== 'sent') break;
        inDoubt = true;
        delivery = await deliver(api, Number(event.address), renderReplies([reply]));
        inDoubt = false;
        if (delivery === 'sent') await receipt?.sent(carried + index + 1);
      }
      finished = delivery === 'sent';
    } catch (error) {
      inDoubt &&= mayHaveReached(error);
      // In webhook mode Telegram delivers an update again when it gets no 200; what never went out is sent then.
      if (deps.redeliver === true && error instanceof HttpError) {
        deps.logger.warn(
          { err: describeApiError(error) },
          'telegram unreachable; the update is left to be delivered again',
        );
        throw new RedeliverLater();
      }
      throw error;
    } finally {
      if (!finished) await receipt?.unsent(inDoubt);
    }
    if (delivery === 'blocked') await unreachable(event.userId, event.address);
  }

  // Answered in full after the outage, once, by whichever instance gets it. A crisis answer cannot wait: it is
  // sent now, and may be sent again with the full answer (twice is better than late).
  async function redeliverLater(event: InboundEvent, replies: readonly Reply[]): Promise<never> {
    const urgent = replies.filter((reply) => reply.kind === 'safety');
    if (urgent.length > 0) await deliver(api, Number(event.address), renderReplies(urgent));
    throw new RedeliverLater();
  }

  async function onUpdate(update: unknown): Promise<void> {
    const inbound = toInbound(update, { botUsername: deps.botUsername(), now: deps.clock.now() });
    switch (inbound.type) {
      case 'ignore':
        return acknowledge(inbound.callbackId);
      case 'group': {
        await acknowledge(inbound.callbackId);
        const { texts } = deps;
        const note = linkMessage(
          texts.text('groupNote'),
          texts.text('groupLinkLabel'),
          `https://t.me/${deps.botUsername()}`,
        );
        await deliver(api, inbound.chatId, [note]);
        return;
      }
      case 'turn':
        return turn(inbound.event, inbound.press);
      default:
        return assertNever(inbound);
    }
  }

  return { onUpdate };
}
