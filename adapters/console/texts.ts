import { defineMessages, type Texts } from '../../src/index.js';

// Console-only chrome (flows/locales/en/console.yaml): the engine's own words live in flows/, these
// only explain the terminal's numbering and what /erase could do here.

/** What only the terminal chat says. */
export const CONSOLE_MESSAGES = defineMessages('console', { multiNote: [], eraseCleared: [], eraseNotPossible: [] });

/** The console adapter's words, bound to their catalog at construction. */
export type ConsoleTexts = Texts<typeof CONSOLE_MESSAGES.spec>;
