import type { ActionContext, ActionResult } from '../engine/actions.js';
import { readQuietRange } from './typed-values.js';

/**
 * Reads quiet hours typed as a range (`22:00-07:00`, `23-6`, "10pm to 7am", "10 to 7") from `args.from` into
 * `settings.quietFrom` and `settings.quietTo` and turns them on; `vars.quietOk` tells the flow whether it could.
 */
export function setQuietHours(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const range = typeof raw === 'string' ? readQuietRange(raw) : undefined;
  if (range?.kind !== 'value') return { set: { 'vars.quietOk': false } };
  const [from, to] = range.value.split('-');
  return {
    set: {
      'settings.quietFrom': from ?? '',
      'settings.quietTo': to ?? '',
      'settings.quietOff': false,
      'vars.quietOk': true,
    },
  };
}
