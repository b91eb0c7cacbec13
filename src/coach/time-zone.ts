import { assertNever } from '../core/errors.js';
import type { ActionContext, ActionResult } from '../engine/actions.js';
import { parseTimeOfDay } from '../rhythm/clock.js';
import { resolveZone, UNKNOWN_ZONE } from '../rhythm/zones.js';

/**
 * Reads a typed time zone (IANA name, city or UTC offset; see {@link resolveZone}) in `args.from` and stores it in
 * `settings.timezone`; `vars.zoneOk` tells the flow whether it worked so it can ask again, and `vars.zoneFixed`
 * whether it is a fixed offset, which does not follow daylight saving.
 */
export function setTimezone(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const match = typeof raw === 'string' ? resolveZone(raw) : UNKNOWN_ZONE;
  switch (match.kind) {
    case 'unknown':
      return { set: { 'vars.zoneOk': false } };
    case 'zone':
    case 'offset':
      return {
        set: { 'settings.timezone': match.zone, 'vars.zoneOk': true, 'vars.zoneFixed': match.kind === 'offset' },
      };
    default:
      return assertNever(match);
  }
}

/** Validates a typed time of day (`7:30`, `19.00`, `0730`) in `args.from`; stores it as `HH:MM` in `settings.dailyTime`. */
export function setDailyTime(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const time = typeof raw === 'string' ? parseTimeOfDay(raw) : undefined;
  if (time === undefined) return { set: { 'vars.timeOk': false } };
  return { set: { 'settings.dailyTime': time, 'vars.timeOk': true } };
}
