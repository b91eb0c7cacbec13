import { defineMessages } from '../core/catalog.js';

/** What the engine itself says (flows/locales/en/engine.yaml): errors, help, hints; each with its placeholders. */
export const ENGINE_MESSAGES = defineMessages('engine', {
  expired: [],
  storeDown: [],
  busy: [],
  flowChanged: [],
  internalError: [],
  help: ['commands', 'resources'],
  unknownCommand: [],
  cancelled: [],
  chooseHint: [],
  multiDone: [],
  multiSelected: ['selected'],
  multiEmpty: [],
  empty: [],
  tooLong: ['max'],
  unsupported: [],
  exported: [],
  welcomeBack: [],
  automated: [],
  stillAutomated: [],
  realPersonAnswer: [],
});
