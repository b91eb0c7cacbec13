import type { ActionContext, ActionFn, ActionResult } from '../engine/actions.js';
import { findCountry, nameCountry, type SupportLines } from '../safety/index.js';
import { answerWords, isWord } from '../understand/index.js';

// The country whose support lines a user sees: what Steady goes by now, and the one they name.

/** The names of the country actions, for the action registry. */
export const COUNTRY_ACTION_NAMES = ['describeCountry', 'chooseCountry'] as const;

/** The country actions over the support lines' data. */
export function countryActions(lines: SupportLines): Record<(typeof COUNTRY_ACTION_NAMES)[number], ActionFn> {
  return { describeCountry: (ctx) => describeCountry(lines, ctx), chooseCountry: (ctx) => chooseCountry(lines, ctx) };
}

/**
 * Sets `vars.countrySource` (chosen, zone, platform or default), `vars.countryName` (empty when Steady goes by the
 * international directories) and `vars.countryListed` (Steady has lines of its own for it).
 */
function describeCountry(lines: SupportLines, ctx: ActionContext): ActionResult {
  const named = nameCountry(lines, ctx.country ?? 'international');
  return {
    set: {
      'vars.countrySource': ctx.countrySource ?? 'default',
      'vars.countryName': named?.name ?? '',
      'vars.countryListed': named?.listed ?? false,
    },
  };
}

/**
 * Reads the country typed in `args.from` ("Ireland", "ie", "I live in the UK") and keeps it in `settings.country`;
 * `vars.countryOk` says whether it was understood, and `vars.countryName` / `vars.countryListed` describe it.
 */
function chooseCountry(lines: SupportLines, ctx: ActionContext): ActionResult {
  const from = typeof ctx.args.from === 'string' ? ctx.args.from.replace(/^vars\./, '') : 'country';
  const typed = ctx.vars[from];
  // "no" is an answer before it is Norway's code.
  const answer = typeof typed === 'string' && [answerWords().no, answerWords().yes].some((w) => isWord(w, typed));
  const found = typeof typed === 'string' && !answer ? findCountry(lines, typed) : undefined;
  if (found === undefined) return { set: { 'vars.countryOk': false } };
  return {
    set: {
      'settings.country': found.code,
      'vars.countryOk': true,
      'vars.countryName': found.name,
      'vars.countryListed': found.listed,
    },
  };
}
