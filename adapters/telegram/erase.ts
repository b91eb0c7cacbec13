import type { Api, Transformer } from 'grammy';
import type { Clock, Reply } from '../../src/index.js';
import { createSentLog, type SentLog } from '../shared/sent-log.js';
import type { TelegramTexts } from './texts.js';

// Telegram lets a bot delete its own messages in a private chat for 48 hours after sending them; an id older
// than that is of no use, so none is kept longer.
const DELETABLE_MS = 48 * 3_600_000;

/** The ids of the messages the bot sent, per chat, for as long as Telegram lets it delete them. */
export function createTelegramSentLog(clock: Clock): SentLog {
  return createSentLog({ ttlMs: DELETABLE_MS, perChat: 500, chats: 50_000 }, clock);
}

/** An API transformer that notes the id of every message the bot sends (never its text) in `log`. */
export function recordSent(log: SentLog): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (result.ok && method.startsWith('send') && 'chat_id' in payload) {
      const sent = result.result as { message_id?: unknown };
      if (typeof sent.message_id === 'number') log.note(String(payload.chat_id), String(sent.message_id));
    }
    return result;
  };
}

/** What /erase did in one chat. */
export interface Erased {
  removed: number;
  failed: number;
}

/** Deletes every remembered bot message in `chatId` (deleteMessage, one by one), counting what Telegram refused. */
export async function eraseChat(api: Api, log: SentLog, chatId: string): Promise<Erased> {
  const erased: Erased = { removed: 0, failed: 0 };
  for (const message of log.take(chatId)) {
    try {
      await api.deleteMessage(Number(chatId), Number(message.id));
      erased.removed += 1;
    } catch {
      // Already deleted by the user, or past Telegram's window: either way it is not Steady's to remove now.
      erased.failed += 1;
    }
  }
  return erased;
}

/** The plain report of what /erase removed and what stays. */
export function erasedReply(texts: TelegramTexts, erased: Erased): Reply {
  const lines = [texts.text('eraseRemoved', { count: erased.removed })];
  if (erased.failed > 0) lines.push(texts.text('eraseFailed', { count: erased.failed }));
  lines.push(texts.text('eraseLeft'));
  return { kind: 'info', text: lines.join('\n\n') };
}
