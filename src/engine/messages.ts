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
  understood: ['answer'],
  didYouMeanOne: ['first'],
  didYouMeanTwo: ['first', 'second'],
  notUnderstood: ['examples'],
  heardYou: [],
  firstMessage: [],
  canDo: [],
  multiDone: [],
  multiSelected: ['selected'],
  multiEmpty: [],
  empty: [],
  tooLong: ['max'],
  unsupported: [],
  exported: [],
  welcomeBack: [],
});
