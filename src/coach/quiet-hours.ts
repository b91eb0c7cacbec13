import type { ActionContext, ActionResult } from '../engine/actions.js';

// `22:00-07:00`, `22-7`, `21.30 to 6.30`: two times of day with a dash or "to" between them.
const RANGE = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:-|–|to|until)\s*(\d{1,2})(?:[:.h]?(\d{2}))?$/i;

/**
 * Reads quiet hours typed as a range (`22:00-07:00`, `23-6`) from `args.from` into `settings.quietFrom`
 * and `settings.quietTo` and turns them on; `vars.quietOk` tells the flow whether it could read them.
 */
export function setQuietHours(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const range = typeof raw === 'string' ? parseRange(raw.trim()) : undefined;
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

function parseRange(text: string): { from: string; to: string } | undefined {
  const match = RANGE.exec(text);
  if (!match) return undefined;
  const from = clock(match[1], match[2]);
  const to = clock(match[3], match[4]);
  // Equal ends would mean no quiet hours at all; the flow has its own option for that.
  if (from === undefined || to === undefined || from === to) return undefined;
  return { from, to };
}

function clock(hours: string | undefined, minutes: string | undefined): string | undefined {
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (!Number.isInteger(h) || h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
