import { defineMessages, type Texts } from '../../src/index.js';

// Telegram-only chrome (flows/locales/en/telegram.yaml): the note for groups, where Steady never coaches, and
// what /erase could and could not remove.
// The command menu is built from the flows (commands.ts); the coaching words themselves all live in flows/.

/** What only the Telegram adapter says, each with its placeholders. */
export const TELEGRAM_MESSAGES = defineMessages('telegram', {
  groupNote: [],
  groupLinkLabel: [],
  eraseRemoved: ['count'],
  eraseFailed: ['count'],
  eraseLeft: [],
});

/** The Telegram adapter's words, bound to their catalog at construction. */
export type TelegramTexts = Texts<typeof TELEGRAM_MESSAGES.spec>;
