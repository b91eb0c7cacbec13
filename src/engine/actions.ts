import type { Json, JsonRecord, SessionState } from '../core/state.js';
import type { LinkEffect, Reply } from '../core/types.js';

/** What an action sees: a read-only view of the state, the journey's variables and its arguments. */
export interface ActionContext {
  state: Readonly<SessionState>;
  vars: Readonly<JsonRecord>;
  args: Readonly<JsonRecord>;
  now: number;
  /** Two-letter country for crisis resources (the user's, or the operator's default). */
  country?: string;
  /** Where `country` came from: chosen by the user, their time zone, their platform's language, or the default. */
  countrySource?: 'chosen' | 'zone' | 'platform' | 'default';
  /**
   * The support lines for a country as plain text, from the safety layer's data (the engine's safety handle,
   * narrowed to what an action may need); the same list a crisis answer shows.
   */
  resourcesText(country: string): string;
}

/**
 * What an action returns: values to write (same paths as a `set` step) and message texts to say.
 * Actions are pure; words they say come from their arguments or data files, never from code.
 */
export interface ActionResult {
  set?: Record<string, Json>;
  say?: string[];
  /**
   * Effects the engine runs after the commit: delete the user's data, send them a copy, remove Steady's messages
   * from the chat (`erase`, which the adapter carries out), make or enter a link code, or send a reply made
   * by the action (one with a picture, which a plain text to say cannot carry).
   */
  emit?: Array<
    { type: 'forget' } | { type: 'export' } | { type: 'erase' } | LinkEffect | { type: 'reply'; reply: Reply }
  >;
}

/** A named, pure function a flow can call with `type: action`. */
export type ActionFn = (ctx: ActionContext) => ActionResult;

/** Every action flows may name; the loader rejects any other name. */
export type ActionRegistry = ReadonlyMap<string, ActionFn>;
