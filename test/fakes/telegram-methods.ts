import type { IncomingMessage } from 'node:http';
import { parseTelegramHtml, type FakeEntity } from './telegram-html.js';
import type { FakeParams, FakeUpload } from './telegram-request.js';
import { FAKE_BOT, toApiMessage, type StoredMessage } from './telegram-updates.js';

/** A Bot API response: `{ok:true,result}` or Telegram's error shape. */
export type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** What the fake remembers between calls. */
export interface FakeState {
  messages: StoredMessage[];
  updates: Record<string, unknown>[];
  nextUpdateId: number;
  nextMessageId: number;
  /** Callback query ids the fake sent, and whether they were answered. */
  queries: Map<string, boolean>;
  blocked: Set<number>;
  webhook: string;
  waiters: Set<() => void>;
  now(): number;
}

type Method = (params: FakeParams, req: IncomingMessage) => ApiResult | Promise<ApiResult>;
type Markup = NonNullable<StoredMessage['reply_markup']>;

const ok = (result: unknown): ApiResult => ({ ok: true, result });
const bad = (description: string): ApiResult => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${description}`,
});
const DELETABLE_S = 48 * 3600;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** The Bot API methods the fake speaks, each checking what the real one checks that matters to Steady. */
export function createTelegramMethods(state: FakeState): Record<string, Method> {
  const userOf = (chatId: number) => ({ id: chatId, first_name: 'Sam' });
  const find = (params: FakeParams) =>
    state.messages.find((m) => m.chatId === Number(params.chat_id) && m.message_id === Number(params.message_id));
  const store = (message: Omit<StoredMessage, 'message_id' | 'date' | 'fromBot' | 'chatType'>): ApiResult => {
    const full: StoredMessage = {
      ...message,
      message_id: state.nextMessageId++,
      date: state.now(),
      fromBot: true,
      chatType: message.chatId < 0 ? 'supergroup' : 'private',
    };
    state.messages.push(full);
    return ok(toApiMessage(full, userOf(full.chatId)));
  };

  return {
    getMe: () =>
      ok({ ...FAKE_BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),
    getUpdates: (params, req) => getUpdates(state, params, req),
    setWebhook: (params) =>
      typeof params.url === 'string'
        ? ((state.webhook = params.url), ok(true))
        : bad('bad webhook: URL must be provided'),
    deleteWebhook: () => ((state.webhook = ''), ok(true)),
    setMyCommands: (params) => (validCommands(params.commands) ? ok(true) : bad('BOT_COMMAND_INVALID')),
    answerCallbackQuery(params) {
      const id = String(params.callback_query_id);
      if (state.queries.get(id) !== false)
        return bad('query is too old and response timeout expired or query ID is invalid');
      state.queries.set(id, true);
      return ok(true);
    },
    sendMessage(params) {
      const parsed = parseText(params.text, params.parse_mode);
      if (!parsed.ok) return parsed.error;
      const markup = checkMarkup(params.reply_markup);
      if (markup === 'invalid') return bad('BUTTON_DATA_INVALID');
      return store({
        chatId: Number(params.chat_id),
        text: parsed.text,
        entities: parsed.entities,
        ...(markup ? { reply_markup: markup } : {}),
      });
    },
    editMessageText(params) {
      const message = find(params);
      if (!message) return bad('message to edit not found');
      const parsed = parseText(params.text, params.parse_mode);
      if (!parsed.ok) return parsed.error;
      const markup = checkMarkup(params.reply_markup);
      if (markup === 'invalid') return bad('BUTTON_DATA_INVALID');
      if (message.text === parsed.text && JSON.stringify(message.reply_markup) === JSON.stringify(markup))
        return bad(NOT_MODIFIED);
      Object.assign(message, { text: parsed.text, entities: parsed.entities, reply_markup: markup });
      return ok(toApiMessage(message, userOf(message.chatId)));
    },
    editMessageReplyMarkup(params) {
      const message = find(params);
      if (!message) return bad('message to edit not found');
      const markup = checkMarkup(params.reply_markup);
      if (markup === 'invalid') return bad('BUTTON_DATA_INVALID');
      if (JSON.stringify(message.reply_markup ?? null) === JSON.stringify(markup ?? null)) return bad(NOT_MODIFIED);
      message.reply_markup = markup;
      return ok(toApiMessage(message, userOf(message.chatId)));
    },
    // A bot may delete its own messages for 48 hours after sending them, and in a private chat the user's too.
    deleteMessage(params) {
      const message = find(params);
      if (!message) return bad('message to delete not found');
      if (message.fromBot && state.now() - message.date > DELETABLE_S)
        return bad("message can't be deleted for everyone");
      state.messages.splice(state.messages.indexOf(message), 1);
      return ok(true);
    },
    // Telegram reads the image and refuses what is not one; the fake checks the PNG signature and reads its size.
    sendPhoto(params) {
      const upload = params.photo as FakeUpload | undefined;
      if (typeof upload !== 'object' || upload === null || !Buffer.isBuffer(upload.bytes))
        return bad('there is no photo in the request');
      const size = pngSize(upload.bytes);
      if (!size) return bad('IMAGE_PROCESS_FAILED');
      const caption =
        params.caption === undefined ? undefined : parseText(String(params.caption), params.parse_mode, 1024);
      if (caption && !caption.ok) return caption.error;
      const photo = {
        file_id: `photo-${state.nextMessageId}`,
        file_unique_id: `p${state.nextMessageId}`,
        ...size,
        file_size: upload.bytes.length,
      };
      return store({
        chatId: Number(params.chat_id),
        photo: [photo],
        ...(caption?.text ? { caption: caption.text } : {}),
        image: upload.bytes,
      });
    },
    sendDocument(params) {
      const upload = params.document as FakeUpload | undefined;
      if (typeof upload !== 'object' || upload === null || typeof upload.content !== 'string')
        return bad('there is no document in the request');
      const caption =
        params.caption === undefined ? undefined : parseText(String(params.caption), params.parse_mode, 1024);
      if (caption && !caption.ok) return caption.error;
      const document = {
        file_name: upload.filename,
        mime_type: 'application/octet-stream',
        file_id: `doc-${state.nextMessageId}`,
        file_unique_id: `u${state.nextMessageId}`,
        file_size: Buffer.byteLength(upload.content),
      };
      return store({
        chatId: Number(params.chat_id),
        document,
        ...(caption?.text ? { caption: caption.text } : {}),
        extra: { uploaded: upload.content },
      });
    },
  };
}

type Parsed = { ok: true; text: string; entities: FakeEntity[] } | { ok: false; error: ApiResult };

function parseText(value: unknown, parseMode: unknown, limit = 4096): Parsed {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, error: bad('message text is empty') };
  const parsed = parseMode === 'HTML' ? parseTelegramHtml(value) : { ok: true as const, text: value, entities: [] };
  if (!parsed.ok) return { ok: false, error: { ok: false, error_code: 400, description: parsed.description } };
  if (parsed.text.trim() === '') return { ok: false, error: bad('message text is empty') };
  if (parsed.text.length > limit)
    return { ok: false, error: bad(limit === 4096 ? 'message is too long' : 'message caption is too long') };
  return parsed;
}

// Telegram's rule for inline buttons: a label, and callback data of 1 to 64 bytes (or a URL).
function checkMarkup(value: unknown): Markup | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const rows = (value as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return 'invalid';
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row)) return 'invalid';
    for (const button of row as { text?: unknown; callback_data?: unknown; url?: unknown }[]) {
      if (typeof button.text !== 'string' || button.text === '') return 'invalid';
      if (
        button.url === undefined &&
        (typeof button.callback_data !== 'string' || !between(Buffer.byteLength(button.callback_data), 1, 64))
      )
        return 'invalid';
    }
  }
  return rows.length === 0 ? undefined : (value as Markup);
}

function validCommands(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length <= 100 &&
    value.every(
      (c: { command?: unknown; description?: unknown }) =>
        typeof c.command === 'string' &&
        /^[a-z0-9_]{1,32}$/.test(c.command) &&
        typeof c.description === 'string' &&
        between(c.description.length, 1, 256),
    )
  );
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Width and height from a PNG's IHDR chunk, or undefined when the bytes are no PNG.
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function between(n: number, min: number, max: number): boolean {
  return n >= min && n <= max;
}

// Long polling: answer at once when updates wait, else hold the request until one is pushed or the timeout passes.
async function getUpdates(state: FakeState, params: FakeParams, req: IncomingMessage): Promise<ApiResult> {
  if (state.webhook)
    return {
      ok: false,
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    };
  const offset = Number(params.offset ?? 0);
  if (offset > 0) state.updates = state.updates.filter((u) => Number(u.update_id) >= offset);
  const limit = Number(params.limit ?? 100);
  const timeout = Number(params.timeout ?? 0);
  if (state.updates.length === 0 && timeout > 0) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        state.waiters.delete(done);
        req.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeout * 1000);
      state.waiters.add(done);
      req.socket.once('close', done);
    });
  }
  return ok(state.updates.slice(0, limit));
}
