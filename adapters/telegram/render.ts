import { renderPicture, type Choice, type Reply } from '../../src/index.js';
import { splitMessage } from '../shared/split.js';

/** Telegram's longest message text, counted after entity parsing (UTF-16 units). */
export const TEXT_LIMIT = 4096;
/** Telegram's longest document or photo caption. */
export const CAPTION_LIMIT = 1024;
/** Telegram's longest `callback_data`, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** One inline keyboard button: a callback button, or a link. */
export type InlineButton = { text: string; callback_data: string } | { text: string; url: string };

/** Telegram's `InlineKeyboardMarkup`. */
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

/** One Bot API message to send; `html` is already escaped for `parse_mode: HTML`. */
export type Outgoing =
  | { type: 'text'; html: string; keyboard?: InlineKeyboard }
  | { type: 'document'; filename: string; content: string; caption?: string }
  | { type: 'photo'; filename: string; png: Uint8Array; caption?: string };

/** Escapes plain text for Telegram's HTML parse mode: every `&`, `<` and `>` becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One button per row, so long labels stay readable on a phone. The engine's token goes out as the
 * callback data unchanged; it is short by design, and a longer one is a bug worth stopping on.
 */
export function keyboardOf(choices: readonly Choice[]): InlineKeyboard {
  return {
    inline_keyboard: choices.map((choice) => {
      if (Buffer.byteLength(choice.id, 'utf8') > CALLBACK_DATA_LIMIT) {
        throw new RangeError(
          `button token '${choice.id}' is longer than Telegram's ${CALLBACK_DATA_LIMIT}-byte callback data`,
        );
      }
      return [{ text: choice.label, callback_data: choice.id }];
    }),
  };
}

/** Renders replies as Bot API messages, in order: long texts split, buttons on a reply's last part, files last. */
export function renderReplies(replies: readonly Reply[]): Outgoing[] {
  return replies.flatMap(renderReply);
}

function renderReply(reply: Reply): Outgoing[] {
  if (reply.picture) return renderPhoto(reply);
  const keyboard = reply.choices && reply.choices.length > 0 ? keyboardOf(reply.choices) : undefined;
  const document = reply.document;
  if (document && keyboard === undefined && reply.text.trim().length <= CAPTION_LIMIT) {
    const caption = reply.text.trim();
    return [
      {
        type: 'document',
        filename: document.filename,
        content: document.content,
        ...(caption ? { caption: escapeHtml(caption) } : {}),
      },
    ];
  }
  const parts = splitMessage(reply.text, TEXT_LIMIT);
  const texts: Outgoing[] = parts.map((part, index) => {
    const last = index === parts.length - 1;
    return { type: 'text', html: escapeHtml(part), ...(last && keyboard ? { keyboard } : {}) };
  });
  return document ? [...texts, { type: 'document', filename: document.filename, content: document.content }] : texts;
}

// A chart goes as a photo with its summary as the caption; a summary too long for a caption goes first as text.
function renderPhoto({ picture, ...reply }: Reply): Outgoing[] {
  if (!picture) return renderReply(reply);
  const png = renderPicture(picture);
  const photo = { type: 'photo' as const, filename: 'progress.png', png };
  const caption = reply.text.trim();
  if (caption.length <= CAPTION_LIMIT) return [{ ...photo, ...(caption ? { caption: escapeHtml(caption) } : {}) }];
  return [...renderReply(reply), photo];
}

/** A message with a single link button, e.g. the group note pointing to a private chat. */
export function linkMessage(text: string, label: string, url: string): Outgoing {
  return { type: 'text', html: escapeHtml(text), keyboard: { inline_keyboard: [[{ text: label, url }]] } };
}
