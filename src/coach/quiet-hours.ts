import type { ActionContext, ActionResult } from '../engine/actions.js';
import { parseTimeRange } from '../rhythm/clock.js';

/**
 * Reads quiet hours typed as a range (`22:00-07:00`, `23-6`) from `args.from` into `settings.quietFrom`
 * and `settings.quietTo` and turns them on; `vars.quietOk` tells the flow whether it could read them.
 */
export function setQuietHours(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const range = typeof raw === 'string' ? parseTimeRange(raw) : undefined;
  if (range === undefined) return { set: { 'vars.quietOk': false } };
  return {
    set: {
      'settings.quietFrom': range.from,
      'settings.quietTo': range.to,
      'settings.quietOff': false,
      'vars.quietOk': true,
    },
  };
}
