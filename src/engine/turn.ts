import type { FlowRegistry } from '../flow/schema.js';
import type { SessionState } from '../core/state.js';
import type { Effect } from '../core/types.js';
import { bindTexts, type Texts } from '../core/catalog.js';
import { createSafety, type Safety } from '../safety/index.js';
import type { ActionRegistry } from './actions.js';
import { readRealPersonQuestion, type RealPersonQuestion } from './real-person.js';
import { readLexicon, useLexicon } from '../understand/index.js';
import { ENGINE_MESSAGES } from './messages.js';
import { countryOfZone } from '../understand/index.js';

// What a turn works on; its own module so the turn's helpers (run, due) share it without importing each other.

/** The flows and the named actions they call: everything `advance` needs besides state and input. */
export interface Program {
  registry: FlowRegistry;
  actions: ActionRegistry;
  /** What the engine says itself, checked against its catalog when the program is made. */
  texts: EngineTexts;
  /** The safety layer, built from its catalog and data files when the program is made; it needs no store. */
  safety: Safety;
  /** Two-letter country for crisis resources when the user has none set (`STEADY_COUNTRY`). */
  country?: string;
  /** Recognises "am I talking to a real person?", read from its data file when the program is made. */
  realPerson: RealPersonQuestion;
}

/** The engine's own messages. */
export type EngineTexts = Texts<typeof ENGINE_MESSAGES.spec>;

/**
 * A program from loaded flows; throws a Catalog error when the engine's or the safety layer's catalog does not
 * match its messages, and a FlowParse error when the safety data (rules, language, support lines) or the
 * real-person phrasings are broken.
 */
export function createProgram(
  registry: FlowRegistry,
  actions: ActionRegistry,
  country?: string,
  safety: Safety = createSafety(registry),
): Program {
  const texts = bindTexts(ENGINE_MESSAGES, registry.catalogs);
  const realPerson = readRealPersonQuestion(registry.data);
  // The answer reader's word lists come with the content; a broken file stops start-up here.
  useLexicon(readLexicon(registry.data));
  return { registry, actions, texts, safety, realPerson, ...(country ? { country } : {}) };
}

/** The crisis resources' country when neither the user nor the operator chose one. */
export const DEFAULT_COUNTRY = 'international';

/**
 * Where the country of a user's support lines came from: they chose it (`/country`, or the question in `/sos`),
 * their time zone (a city they gave for the daily prompt, or their platform's profile), the region of their
 * platform's language, or the deployment's default.
 */
export type CountrySource = 'chosen' | 'zone' | 'platform' | 'default';

/** The country whose resources a user sees, and where it came from; the surest source wins. */
export function countryChoice(program: Program, state: SessionState): { country: string; source: CountrySource } {
  const { country, timezone, platformCountry } = state.settings;
  if (typeof country === 'string') return { country, source: 'chosen' };
  const zoned = countryOfZone(typeof timezone === 'string' ? timezone : undefined);
  if (zoned !== undefined) return { country: zoned, source: 'zone' };
  if (typeof platformCountry === 'string') return { country: platformCountry, source: 'platform' };
  return { country: program.country ?? DEFAULT_COUNTRY, source: 'default' };
}

/** The country whose resources a user sees: chosen, else from their time zone or platform, else the default. */
export function countryOf(program: Program, state: SessionState): string {
  return countryChoice(program, state).country;
}

/** A turn in progress: the state so far and the effects asked for so far. */
export interface Turn {
  program: Program;
  state: SessionState;
  effects: Effect[];
  now: number;
}
