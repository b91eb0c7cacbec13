import { randomUUID } from 'node:crypto';
import type { Api } from 'grammy';
import { assertNever, type Clock, type InboundEvent, type Logger, type TurnHandler } from '../../src/index.js';
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

  async function turn(event: InboundEvent, press: Press | undefined): Promise<void> {
    await acknowledge(press?.callbackId);
    const outcome = await deps.handle(event);
    if (outcome.status === 'duplicate') return;
    // The pressed message is among those removed, so nothing is edited; the report is what stays in the chat.
    if (outcome.status === 'ok' && outcome.erase === true) {
      const erased = await eraseChat(api, deps.sent, event.address);
      const report = [...outcome.replies, erasedReply(deps.texts, erased)];
      const delivery = await deliver(api, Number(event.address), renderReplies(report));
      if (delivery === 'blocked') await unreachable(event.userId, event.address);
      return;
    }
    // Only an applied turn retires the pressed keyboard; after "busy" or "try again" the same button must still work.
    const follow =
      press && outcome.status === 'ok'
        ? followUpPress(press, outcome.replies)
        : { action: { type: 'none' as const }, replies: outcome.replies };
    let delivery: Delivery = await applyPressAction(api, follow.action, soft);
    if (delivery === 'sent') delivery = await deliver(api, Number(event.address), renderReplies(follow.replies));
    if (delivery === 'blocked') await unreachable(event.userId, event.address);
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
