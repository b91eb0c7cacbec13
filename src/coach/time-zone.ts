import { IANAZone } from 'luxon';
import type { ActionContext, ActionResult } from './actions.js';

const HH_MM = /^([01]?\d|2[0-3])[:.h]?([0-5]\d)$/;

/**
 * Validates a typed IANA time zone (`Europe/Berlin`, case-insensitive) in `args.from` and stores it in
 * `settings.timezone`; `vars.zoneOk` tells the flow whether it worked so it can ask again.
 */
export function setTimezone(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const zone = typeof raw === 'string' ? canonicalZone(raw.trim().replace(/ /g, '_')) : undefined;
  if (zone === undefined) return { set: { 'vars.zoneOk': false } };
  return { set: { 'settings.timezone': zone, 'vars.zoneOk': true } };
}

/** Validates a typed time of day (`7:30`, `19.00`, `0730`) in `args.from`; stores it as `HH:MM` in `settings.dailyTime`. */
export function setDailyTime(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const match = typeof raw === 'string' ? HH_MM.exec(raw.trim()) : null;
  if (!match?.[1] || !match[2]) return { set: { 'vars.timeOk': false } };
  return { set: { 'settings.dailyTime': `${match[1].padStart(2, '0')}:${match[2]}`, 'vars.timeOk': true } };
}

// Users type zone names in any case; Intl gives back the canonical spelling. Bare abbreviations
// such as EST are refused: they hide daylight saving and map to surprising places.
function canonicalZone(typed: string): string | undefined {
  if (!IANAZone.isValidZone(typed) || !/^[A-Za-z]+\/[A-Za-z_+-]+(\/[A-Za-z_+-]+)?$|^utc$/i.test(typed)) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: typed }).resolvedOptions().timeZone;
}
