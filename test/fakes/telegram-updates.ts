import type { FakeEntity } from './telegram-html.js';

/** A Telegram user as the fake sends it in updates. */
export interface FakeUser {
  id: number;
  first_name: string;
  language_code?: string;
}

/** A message as the fake keeps it (what Telegram would show in the chat). */
export interface StoredMessage {
  message_id: number;
  chatId: number;
  chatType: string;
  fromBot: boolean;
  date: number;
  text?: string;
  entities?: FakeEntity[];
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] } | undefined;
  document?: { file_name: string; mime_type: string; file_id: string; file_unique_id: string; file_size: number };
  caption?: string;
  /** A photo's sizes, as Telegram lists them; the fake keeps one, the size sent. */
  photo?: { file_id: string; file_unique_id: string; width: number; height: number; file_size: number }[];
  /** The photo's bytes as uploaded; the fake keeps them for tests, and never sends them back. */
  image?: Buffer;
  extra?: Record<string, unknown>;
}

/** The bot the fake pretends to be. */
export const FAKE_BOT = { id: 7000001, is_bot: true, first_name: 'Steady', username: 'SteadyBot' } as const;

/** The user the fake plays by default (private chat id = user id, as on Telegram). */
export const DEFAULT_USER: FakeUser = { id: 5550001, first_name: 'Sam', language_code: 'en' };

/** A stored message in Bot API shape. */
export function toApiMessage(message: StoredMessage, user: FakeUser): Record<string, unknown> {
  const chat =
    message.chatType === 'private'
      ? { id: message.chatId, first_name: user.first_name, type: 'private' }
      : { id: message.chatId, title: 'A group', type: message.chatType };
  const from = message.fromBot
    ? FAKE_BOT
    : { id: user.id, is_bot: false, first_name: user.first_name, ...langOf(user) };
  return {
    message_id: message.message_id,
    from,
    chat,
    date: message.date,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.entities && message.entities.length > 0 ? { entities: message.entities } : {}),
    ...(message.reply_markup && message.reply_markup.inline_keyboard.length > 0
      ? { reply_markup: message.reply_markup }
      : {}),
    ...(message.document ? { document: message.document } : {}),
    ...(message.photo ? { photo: message.photo } : {}),
    ...(message.caption ? { caption: message.caption } : {}),
    ...message.extra,
  };
}

/** The entities Telegram adds to a typed message: a leading bot command, and @mentions. */
export function typedEntities(text: string): FakeEntity[] {
  const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
  const mentions = command
    ? []
    : [...text.matchAll(/@[A-Za-z0-9_]{5,32}/g)].map((m) => ({
        type: 'mention',
        offset: m.index,
        length: m[0].length,
      }));
  return command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : mentions;
}

/** A callback_query update for pressing `button` on `message`. */
export function callbackUpdate(
  updateId: number,
  queryId: string,
  user: FakeUser,
  message: StoredMessage,
  data: string,
): Record<string, unknown> {
  return {
    update_id: updateId,
    callback_query: {
      id: queryId,
      from: { id: user.id, is_bot: false, first_name: user.first_name, ...langOf(user) },
      message: toApiMessage(message, user),
      chat_instance: `-${message.chatId}00`,
      data,
    },
  };
}

function langOf(user: FakeUser): { language_code?: string } {
  return user.language_code ? { language_code: user.language_code } : {};
}
