import type { Reply } from '../../src/index.js';
import { escapeHtml, keyboardOf, TEXT_LIMIT, type InlineKeyboard } from './render.js';
import type { Press, PressedMessage } from './to-inbound.js';

/** What to do with the message whose button was pressed, once the turn is done. */
export type PressAction =
  /** A multi-select toggle: the same question comes back, so it is edited in place with the selection under it. */
  | { type: 'edit'; chatId: number; messageId: number; html: string; keyboard: InlineKeyboard }
  /** Take the keyboard off, so the same question cannot be answered twice. */
  | { type: 'clear'; chatId: number; messageId: number }
  /** Telegram no longer shows that message (or it had no keyboard): nothing to change. */
  | { type: 'none' };

/** The pressed message's fate, and the replies still to send as new messages. */
export interface PressFollowUp {
  action: PressAction;
  replies: Reply[];
}

/**
 * Decides how a button press changes the message it was pressed on. A multi-select question stays
 * on screen until Done: each toggle comes back from the engine as the same question (same token
 * prefix) with a "selected so far" line, which replaces the old one under the question instead of
 * stacking a new message per tap. Any other outcome removes the keyboard.
 */
export function followUpPress(press: Press, replies: readonly Reply[]): PressFollowUp {
  const message = press.message;
  if (message === undefined || message.keyboard.length === 0)
    return { action: { type: 'none' }, replies: [...replies] };
  const target = { chatId: message.chatId, messageId: message.messageId };
  const only = replies.length === 1 ? replies[0] : undefined;
  if (
    only?.multi &&
    only.choices &&
    only.choices.length > 0 &&
    isSameQuestion(
      press.token,
      only.choices.map((c) => c.id),
    )
  ) {
    return {
      action: { type: 'edit', ...target, html: withStatus(message, only.text), keyboard: keyboardOf(only.choices) },
      replies: [],
    };
  }
  return { action: { type: 'clear', ...target }, replies: [...replies] };
}

// Tokens are `<question>.<option>`; the part before the last dot names the question they belong to.
function questionOf(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  return dot > 0 ? token.slice(0, dot) : undefined;
}

function isSameQuestion(pressed: string, tokens: readonly string[]): boolean {
  const question = questionOf(pressed);
  return question !== undefined && tokens.every((token) => questionOf(token) === question);
}

/** The question text with `status` in italics below it, replacing an earlier status line. */
export function withStatus(message: PressedMessage, status: string): string {
  const question = withoutStatus(message);
  const line = `<i>${escapeHtml(status)}</i>`;
  if (question === '' || question.length + 2 + status.length > TEXT_LIMIT) return line;
  return `${escapeHtml(question)}\n\n${line}`;
}

// Reply texts are plain and escaped, so the only italic run that closes the message is our own status line.
function withoutStatus(message: PressedMessage): string {
  const status = message.entities.find((e) => e.type === 'italic' && e.offset + e.length === message.text.length);
  return (status ? message.text.slice(0, status.offset) : message.text).trimEnd();
}
