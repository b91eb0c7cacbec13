import type { InboundEvent, Input } from '../../src/index.js';
import { UpdateSchema, type TgButton, type TgEntity, type TgMessage, type TgUpdate } from './update-schema.js';

/** The platform tag on every Telegram event. */
export const PLATFORM = 'telegram';

/** The message a button was pressed on, as Telegram reports it, so the adapter can edit it afterwards. */
export interface PressedMessage {
  chatId: number;
  messageId: number;
  /** Visible text (no markup) and its entities. */
  text: string;
  entities: TgEntity[];
  keyboard: TgButton[][];
}

/** A button press: the callback to acknowledge and, when Telegram still shows it, the message it came from. */
export interface Press {
  callbackId: string;
  token: string;
  message?: PressedMessage;
}

/** What one update means to Steady. */
export type TelegramInbound =
  /** A private-chat turn for the engine; `press` is set for button presses. */
  | { type: 'turn'; event: InboundEvent; press?: Press }
  /** Something addressed to the bot in a group: answered with a note pointing to a private chat, never stored. */
  | { type: 'group'; chatId: number; callbackId?: string }
  /** Nothing to do (edits, service messages, other bots, group chatter); a callback is still acknowledged. */
  | { type: 'ignore'; callbackId?: string };

/** What the mapper needs besides the update. */
export interface InboundContext {
  /** The bot's own username (without `@`), to recognise `/cmd@Bot` and mentions in groups. */
  botUsername: string;
  /** Epoch ms, for callback queries, which carry no date of their own. */
  now: number;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;
// Media and other non-text content the engine answers with "I can only read text".
const UNREADABLE = [
  'sticker',
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'story',
  'game',
  'paid_media',
] as const;

/**
 * Maps a raw Telegram update (validated here) to what Steady does with it. An edited message is an `edited`
 * turn: its new words are screened for safety, but never taken as an answer, since the original was already
 * answered and a corrected typo must not feed the next question.
 */
export function toInbound(raw: unknown, context: InboundContext): TelegramInbound {
  const parsed = UpdateSchema.safeParse(raw);
  if (!parsed.success) return { type: 'ignore' };
  const update = parsed.data;
  if (update.callback_query) return fromCallback(update, context);
  if (update.message) return fromMessage(update, update.message, context);
  if (update.edited_message) return fromEdit(update, update.edited_message);
  return { type: 'ignore' };
}

// Only a private chat's words are read; an edited command is not run again.
function fromEdit(update: TgUpdate, message: TgMessage): TelegramInbound {
  const from = message.from;
  const words = (message.text ?? message.caption ?? '').trim();
  if (from === undefined || from.is_bot || message.chat.type !== 'private') return { type: 'ignore' };
  if (words === '' || COMMAND.test(words)) return { type: 'ignore' };
  const at = (message.edit_date ?? message.date) * 1000;
  return { type: 'turn', event: eventOf(update, { kind: 'edited', text: words }, from, message.chat.id, at) };
}

function fromCallback(update: TgUpdate, context: InboundContext): TelegramInbound {
  const query = update.callback_query;
  if (!query) return { type: 'ignore' };
  const callbackId = query.id;
  const chat = query.message?.chat;
  if (query.from.is_bot || query.data === undefined) return { type: 'ignore', callbackId };
  if (chat !== undefined && chat.type !== 'private') return { type: 'group', chatId: chat.id, callbackId };
  const input: Input = { kind: 'choice', token: query.data };
  const event = eventOf(update, input, query.from, query.message?.chat.id ?? query.from.id, context.now);
  const message = query.message && query.message.date > 0 ? pressedMessage(query.message) : undefined;
  return { type: 'turn', event, press: { callbackId, token: query.data, ...(message ? { message } : {}) } };
}

function fromMessage(update: TgUpdate, message: TgMessage, context: InboundContext): TelegramInbound {
  const from = message.from;
  if (from === undefined || from.is_bot) return { type: 'ignore' };
  if (message.chat.type !== 'private')
    return addressedToBot(message, context.botUsername)
      ? { type: 'group', chatId: message.chat.id }
      : { type: 'ignore' };
  const input = inputOf(message);
  if (input === undefined) return { type: 'ignore' };
  return { type: 'turn', event: eventOf(update, input, from, message.chat.id, message.date * 1000) };
}

function inputOf(message: TgMessage): Input | undefined {
  if (message.text !== undefined) {
    const command = COMMAND.exec(message.text.trim());
    if (command?.[1]) return { kind: 'command', command: command[1].toLowerCase(), args: command[3]?.trim() ?? '' };
    return { kind: 'text', text: message.text };
  }
  if (!UNREADABLE.some((key) => key in message)) return undefined;
  return message.caption !== undefined ? { kind: 'unsupported', text: message.caption } : { kind: 'unsupported' };
}

function eventOf(
  update: TgUpdate,
  input: Input,
  from: { id: number; language_code?: string | undefined },
  chatId: number,
  at: number,
): InboundEvent {
  return {
    ...input,
    id: `${PLATFORM}:${update.update_id}`,
    platform: PLATFORM,
    userId: String(from.id),
    address: String(chatId),
    ...(from.language_code ? { locale: from.language_code } : {}),
    at,
  };
}

function pressedMessage(message: TgMessage): PressedMessage {
  return {
    chatId: message.chat.id,
    messageId: message.message_id,
    text: message.text ?? '',
    entities: message.entities ?? [],
    keyboard: message.reply_markup?.inline_keyboard ?? [],
  };
}

// In groups the bot only speaks when spoken to: a command meant for it, an @mention, or a reply to it.
function addressedToBot(message: TgMessage, botUsername: string): boolean {
  const text = message.text?.trim() ?? '';
  const me = botUsername.toLowerCase();
  const command = COMMAND.exec(text);
  if (command) return command[2] === undefined || command[2].toLowerCase() === me;
  if (message.reply_to_message?.from?.username?.toLowerCase() === me) return true;
  return mentions(message.text ?? '', message.entities ?? []).some((name) => name.toLowerCase() === `@${me}`);
}

function mentions(text: string, entities: readonly TgEntity[]): string[] {
  return entities.filter((e) => e.type === 'mention').map((e) => text.slice(e.offset, e.offset + e.length));
}
