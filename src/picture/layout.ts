import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';
import type { ChartOutcome, ProgressChart } from '../core/picture.js';

// Where everything sits on the progress chart, in pixels. The SVG is drawn from this, and tests read it back
// to find where a point must be in the rendered image.

/** The image's size in pixels. */
export const SIZE = { width: 960, height: 560 } as const;

/** The rows of the chart, top to bottom: the plot areas of mood, check-ins and contacts. */
export const ROWS = {
  mood: { top: 90, bottom: 300 },
  checkins: { top: 330, bottom: 370 },
  contacts: { top: 400, bottom: 480 },
} as const;

/** The plot's left and right edges; row labels sit left of it, date labels below it. */
export const PLOT = { left: 130, right: SIZE.width - 30, dateLine: 510 } as const;

/** The colours of the chart, so a test can tell a mood point from a done check-in or a bad contact. */
export const COLOURS = {
  background: '#ffffff',
  ink: '#1f2933',
  faint: '#6b7480',
  grid: '#e3e6ea',
  mood: '#2f62d0',
  done: '#1f9d55',
  skip: '#b7bec8',
  outcomes: {
    good: '#1f9d55',
    mixed: '#e3a008',
    bad: '#d33b3b',
    no_reply: '#7b8491',
    pending: '#ffffff',
  } satisfies Record<ChartOutcome, string>,
} as const;

/** The scales of one chart: the day band across, mood up the mood row. */
export interface Layout {
  day: ScaleBand<string>;
  mood: ScaleLinear<number, number>;
  /** Radius of a point, so points never touch on a 90-day chart. */
  radius: number;
}

/** The scales for `chart`'s days. */
export function layoutOf(chart: ProgressChart): Layout {
  const day = scaleBand<string>()
    .domain(chart.days.map((d) => d.date))
    .range([PLOT.left, PLOT.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const inset = 12;
  const mood = scaleLinear()
    .domain([1, 5])
    .range([ROWS.mood.bottom - inset, ROWS.mood.top + inset]);
  return { day, mood, radius: Math.max(2.5, Math.min(7, day.bandwidth() / 2)) };
}

/** The centre of day `date` across the chart. */
export function xOf(layout: Layout, date: string): number {
  return (layout.day(date) ?? PLOT.left) + layout.day.bandwidth() / 2;
}

/** The centre of the `index`-th contact of a day (stacked from the top of the contacts row). */
export function contactY(layout: Layout, index: number): number {
  return ROWS.contacts.top + layout.radius + 2 + index * (2 * layout.radius + 3);
}

/** The centre of the check-ins row. */
export const CHECKIN_Y = (ROWS.checkins.top + ROWS.checkins.bottom) / 2;
