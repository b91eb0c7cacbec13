import type { ApiClientOptions, Transformer } from 'grammy';
import type { InlineKeyboardMarkup, Message, Update, UserFromGetMe } from 'grammy/types';

// Offline Telegram for the grammY peers: the bot's identity set by hand (no getMe), API calls answered
// by fakes (no network), and updates built like the ones Telegram sends for a private chat.

/** The identity handed to `new Bot(token, { botInfo })`, so `bot.init()` never calls getMe. */
export const BOT_INFO: UserFromGetMe = {
  id: 7000001,
  is_bot: true,
  first_name: 'Peer',
  username: 'PeerBenchBot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** A token of the right shape; it never leaves the process. */
export const FAKE_TOKEN = '7000001:bench-offline-token';

/** Counts the API calls the fakes answered, by method, so a section can check what the bot really sent. */
export type ApiCalls = Map<string, number>;

/** Options of {@link createFakeApi}. */
export interface FakeApiOptions {
  /** Milliseconds each call takes, like a round trip to Telegram (default 0: answered on the next tick). */
  latencyMs?: number;
  /** Where calls are counted; a fresh map unless given. */
  calls?: ApiCalls;
}

/** A fake Bot API: a transformer for `bot.api.config.use` and a `fetch` for API clients built from the bot's options. */
export interface FakeApi {
  transformer: Transformer;
  /**
   * For `new Bot(token, { client: { fetch } })`. The conversations plugin builds its own `Api` from the
   * token and client options inside a conversation, so transformers installed on `bot.api` never reach
   * it; this is the innermost call, under the plugin's own recording transformer, as a real request would be.
   */
  fetch: NonNullable<ApiClientOptions['fetch']>;
  calls: ApiCalls;
}

/** Builds a {@link FakeApi}: sendMessage answers with a message in the addressed chat, other methods with `true`. */
export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const calls = options.calls ?? new Map<string, number>();
  const latency = options.latencyMs ?? 0;
  let messageId = 0;
  const answer = async (method: string, payload: Record<string, unknown>): Promise<{ ok: true; result: unknown }> => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (method !== 'sendMessage') return { ok: true, result: true };
    // Telegram echoes the sent message, keyboard included; the conversations plugin records that result.
    const markup = payload.reply_markup as Message['reply_markup'];
    return {
      ok: true,
      result: {
        ...botMessage(++messageId, Number(payload.chat_id), String(payload.text ?? '')),
        ...(markup ? { reply_markup: markup } : {}),
      },
    };
  };
  // The fake answers every method with a result of the right shape for what the peers call; the cast
  // is because a transformer is typed per method.
  const transformer = ((_prev, method, payload) => answer(method, payload as Record<string, unknown>)) as Transformer;
  const fetch = (async (url: string, init?: { body?: unknown }) => {
    const method = String(url).slice(String(url).lastIndexOf('/') + 1);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const response = await answer(method, body);
    return { json: async () => response };
  }) as unknown as NonNullable<ApiClientOptions['fetch']>;
  return { transformer, fetch, calls };
}

function botMessage(messageId: number, chatId: number, text: string): Message.TextMessage {
  return {
    message_id: messageId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private', first_name: 'Sam' },
    from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
    text,
  };
}

// === Updates

/** One button per row; button `i` sends callback data `b<i>`. `undefined` when there are no buttons. */
export function inlineKeyboard(buttons: readonly string[]): InlineKeyboardMarkup | undefined {
  if (buttons.length === 0) return undefined;
  return { inline_keyboard: buttons.map((label, index) => [{ text: label, callback_data: `b${index}` }]) };
}

/** Hands out update ids, as Telegram does per bot: increasing and never reused. */
export function createUpdateIds(start = 1): () => number {
  let next = start;
  return () => next++;
}

/** A private-chat text message from `userId` (chat id = user id, as on Telegram); a leading /command gets its entity. */
export function textUpdate(updateId: number, userId: number, text: string): Update {
  const command = /^\/[a-z_]+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Sam' },
      from: { id: userId, is_bot: false, first_name: 'Sam', language_code: 'en' },
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** The bot message a button was pressed on: its text and button labels (callback data `b<index>`). */
export interface PressedMessage {
  text: string;
  buttons: readonly string[];
}

/** A button press (callback query with `data`) on a bot message in `userId`'s private chat. */
export function pressUpdate(
  updateId: number,
  userId: number,
  data: string,
  on: PressedMessage = { text: 'question', buttons: [] },
): Update {
  const markup = inlineKeyboard(on.buttons);
  return {
    update_id: updateId,
    callback_query: {
      id: `cq-${updateId}`,
      from: { id: userId, is_bot: false, first_name: 'Sam', language_code: 'en' },
      chat_instance: `-${userId}00`,
      data,
      message: { ...botMessage(updateId, userId, on.text), ...(markup ? { reply_markup: markup } : {}) },
    },
  };
}
