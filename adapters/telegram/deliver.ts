import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { assertNever, type Reply, type SendResult } from '../../src/index.js';
import type { PressAction } from './press.js';
import { renderReplies, type Outgoing } from './render.js';

/** How a delivery ended: `blocked` means Telegram refused because the user blocked the bot (403). */
export type Delivery = 'sent' | 'blocked';

/** Sends `messages` to `chatId` in order; stops at the first 403 and says so (a blocked user is never retried). */
export async function deliver(api: Api, chatId: number, messages: readonly Outgoing[]): Promise<Delivery> {
  for (const message of messages) {
    try {
      await sendOne(api, chatId, message);
    } catch (error) {
      if (isBlocked(error)) return 'blocked';
      throw error;
    }
  }
  return 'sent';
}

// Telegram puts `retry_after` on every 429; the fallback only guards against a reply without it.
const FALLBACK_RETRY_AFTER_S = 1;

/**
 * Sends replies outside a turn (the send queue's scheduled prompts); `address` is a private chat id.
 * `api` must not auto-retry: a 403 or a 429 is returned for the queue to act on, anything else rejects.
 * A 429 part-way through a split burst stops it there, so a retried burst repeats the parts already sent.
 */
export async function sendScheduled(api: Api, address: string, replies: readonly Reply[]): Promise<SendResult> {
  const chatId = Number(address);
  for (const message of renderReplies(replies)) {
    try {
      await sendOne(api, chatId, message);
    } catch (error) {
      const refused = refusalOf(error);
      if (refused !== undefined) return refused;
      throw scheduledFailure(error);
    }
  }
  return { status: 'sent' };
}

function refusalOf(error: unknown): SendResult | undefined {
  if (isBlocked(error)) return { status: 'unreachable', reason: 'telegram:403' };
  if (!(error instanceof GrammyError) || error.error_code !== 429) return undefined;
  return { status: 'rateLimited', retryAfterMs: (error.parameters.retry_after ?? FALLBACK_RETRY_AFTER_S) * 1000 };
}

// A fresh error: grammY's keeps the request payload (the message text and chat id) on the object.
function scheduledFailure(error: unknown): Error {
  const { method = 'request', code, description } = describeApiError(error);
  return new Error(
    `Telegram did not take a scheduled message (${method}${code === undefined ? '' : ` ${code}`}: ${description})`,
  );
}

async function sendOne(api: Api, chatId: number, message: Outgoing): Promise<void> {
  switch (message.type) {
    case 'text':
      await api.sendMessage(chatId, message.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
      });
      return;
    case 'document': {
      const file = new InputFile(Buffer.from(message.content, 'utf8'), message.filename);
      await api.sendDocument(chatId, file, message.caption ? { caption: message.caption, parse_mode: 'HTML' } : {});
      return;
    }
    case 'photo': {
      const file = new InputFile(message.png, message.filename);
      await api.sendPhoto(chatId, file, message.caption ? { caption: message.caption, parse_mode: 'HTML' } : {});
      return;
    }
    default:
      assertNever(message);
  }
}

/**
 * Edits the pressed message. A refused edit (too old, already unchanged, deleted by the user) costs
 * nothing but a stale keyboard, so only a 403 is reported; other failures go to `onSoftError`.
 */
export async function applyPressAction(
  api: Api,
  action: PressAction,
  onSoftError: (error: unknown) => void,
): Promise<Delivery> {
  try {
    switch (action.type) {
      case 'none':
        return 'sent';
      case 'edit':
        await api.editMessageText(action.chatId, action.messageId, action.html, {
          parse_mode: 'HTML',
          reply_markup: action.keyboard,
        });
        return 'sent';
      case 'clear':
        // Without reply_markup, Telegram removes the inline keyboard.
        await api.editMessageReplyMarkup(action.chatId, action.messageId);
        return 'sent';
      default:
        return assertNever(action);
    }
  } catch (error) {
    if (isBlocked(error)) return 'blocked';
    onSoftError(error);
    return 'sent';
  }
}

/** True for Telegram's 403: the user blocked the bot, deleted their account, or never opened a chat. */
export function isBlocked(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 403;
}

/**
 * What may be logged about a failed API call: the method and Telegram's description. Never the
 * error object itself, whose `payload` holds the message text and chat id.
 */
export function describeApiError(error: unknown): { method?: string; code?: number; description: string } {
  if (error instanceof GrammyError)
    return { method: error.method, code: error.error_code, description: error.description };
  if (error instanceof HttpError) return { description: error.message };
  return { description: error instanceof Error ? error.message : String(error) };
}
