import type { Api, Transformer } from 'grammy';
import type { Clock } from '../../src/index.js';
import { createSentLog, eraseRemembered, type Erased, type SentLog } from '../shared/sent-log.js';

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

/** Deletes every remembered bot message in `chatId` (deleteMessage, one by one), counting what Telegram refused. */
export function eraseChat(api: Api, log: SentLog, chatId: string): Promise<Erased> {
  return eraseRemembered(log, chatId, async (message) => {
    await api.deleteMessage(Number(chatId), Number(message.id));
  });
}
