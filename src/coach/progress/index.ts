import { z } from 'zod';
import { formatText } from '../../core/messages.js';
import type { Picture } from '../../core/picture.js';
import type { Json } from '../../core/state.js';
import type { ActionFn } from '../../engine/actions.js';
import { zoneOf } from '../daily/dates.js';
import { isEmpty, progressDays, PROGRESS_RANGES } from './series.js';
import { sparklineOf, summaryOf } from './summary.js';
import type { ProgressTexts } from './texts.js';

export { readProgressTexts, type ProgressTexts } from './texts.js';

const Args = z.strictObject({
  /** The range in days, 30 or 90, given directly... */
  days: z.number().int().optional(),
  /** ...or read from a journey variable that holds it (a choice id such as "90"). */
  daysFrom: z
    .string()
    .regex(/^vars\.[A-Za-z_]+$/)
    .optional(),
  /** Say nothing when there is nothing to draw (the Sunday review), instead of saying so. */
  quietIfEmpty: z.boolean().default(false),
});

/**
 * Named action `progressPicture`: a chart of the last 30 or 90 days (mood, check-ins, contacts and how they
 * went), sent as a reply with a picture whose text is the chart's summary. Sets `vars.drawn`. With nothing in
 * the range it says `empty` instead (or nothing, with `quietIfEmpty`); with `settings.consent` false nothing
 * was kept, so there is never anything to draw.
 */
export function progressPicture(texts: ProgressTexts): ActionFn {
  return (ctx) => {
    const args = Args.parse(ctx.args);
    const days = rangeOf(args.days ?? Number(args.daysFrom === undefined ? NaN : ctx.vars[args.daysFrom.slice(5)]));
    const series = progressDays(ctx.state.stats, ctx.now, zoneOf(ctx.state.settings), days);
    if (ctx.state.settings.consent === false || isEmpty(series)) {
      return { set: { 'vars.drawn': false }, say: args.quietIfEmpty ? [] : [formatText(texts.empty, { days })] };
    }
    const alt = summaryOf(series, texts);
    const picture: Picture = {
      alt,
      sparkline: sparklineOf(series, texts),
      chart: {
        kind: 'progress',
        locale: texts.locale,
        title: formatText(texts.title, { days }),
        days: series,
        labels: texts.labels,
      },
    };
    return {
      set: { 'vars.drawn': true as Json },
      emit: [{ type: 'reply', reply: { kind: 'info', text: alt, picture } }],
    };
  };
}

// Anything but a known range (a missing variable, an edited choice) draws the shortest one.
function rangeOf(days: number): number {
  return PROGRESS_RANGES.find((r) => r === days) ?? PROGRESS_RANGES[0];
}
