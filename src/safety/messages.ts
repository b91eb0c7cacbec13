import { defineMessages, type Texts } from '../core/catalog.js';

/**
 * Every sentence the safety layer says (flows/locales/en/safety.yaml), each with its placeholders:
 * `emergency` is the country's emergency number (or `localEmergency`), `country` its name.
 */
export const SAFETY_MESSAGES = defineMessages('safety', {
  openSelf: [],
  openAbused: [],
  openHarmOthers: [],
  openChild: ['emergency'],
  now: ['emergency'],
  askSafe: [],
  whatSteadyIs: [],
  more: [],
  stillHere: [],
  askAgain: [],
  notSafe: ['emergency'],
  closed: [],
  askSelf: [],
  askFear: [],
  answeredNo: [],
  distress: [],
  thirdParty: ['emergency'],
  resourcesIn: ['country'],
  helpline: ['name', 'how'],
  resourcesAnywhere: [],
  emergencyLine: ['emergency'],
  localEmergency: [],
  emergencyAnywhere: [],
  elsewhere: [],
  'gate.legal': [],
  'gate.safety': [],
  'gate.stalking': [],
});

/** The safety layer's messages, bound to their catalog. */
export type SafetyTexts = Texts<typeof SAFETY_MESSAGES.spec>;
