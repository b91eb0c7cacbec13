import { line } from 'd3-shape';
import type { ChartDay, ChartOutcome, ProgressChart } from '../core/picture.js';
import { CHECKIN_Y, COLOURS, contactY, layoutOf, PLOT, ROWS, SIZE, xOf, type Layout } from './layout.js';

/** The font the chart is drawn in; src/picture/render.ts ships it. */
export const FONT_FAMILY = 'DejaVu Sans';

/** The progress chart as an SVG document: mood as a line with points, check-ins as squares, contacts as dots. */
export function progressSvg(chart: ProgressChart): string {
  const layout = layoutOf(chart);
  const parts = [
    `<rect width="${SIZE.width}" height="${SIZE.height}" fill="${COLOURS.background}"/>`,
    text(PLOT.left, 40, chart.title, { size: 22, weight: 'bold' }),
    ...legend(chart),
    ...moodRow(chart, layout),
    ...checkinRow(chart, layout),
    ...contactRow(chart, layout),
    ...dateLabels(chart, layout),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}" viewBox="0 0 ${SIZE.width} ${SIZE.height}" font-family="${FONT_FAMILY}">`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function moodRow(chart: ProgressChart, layout: Layout): string[] {
  const grid = [1, 2, 3, 4, 5].flatMap((score) => {
    const y = layout.mood(score);
    return [
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}" stroke="${COLOURS.grid}" stroke-width="1"/>`,
      text(PLOT.left - 12, y + 5, String(score), { size: 13, anchor: 'end', fill: COLOURS.faint }),
    ];
  });
  const path = line<ChartDay>()
    .defined((d) => d.mood !== undefined)
    .x((d) => xOf(layout, d.date))
    .y((d) => layout.mood(d.mood ?? 1))(chart.days);
  const points = chart.days.flatMap((d) =>
    d.mood === undefined ? [] : [circle(xOf(layout, d.date), layout.mood(d.mood), layout.radius, COLOURS.mood)],
  );
  return [
    rowLabel(chart.labels.mood, (ROWS.mood.top + ROWS.mood.bottom) / 2),
    ...grid,
    path ? `<path d="${path}" fill="none" stroke="${COLOURS.mood}" stroke-width="2.5" stroke-linejoin="round"/>` : '',
    ...points,
  ];
}

function checkinRow(chart: ProgressChart, layout: Layout): string[] {
  const side = Math.min(layout.day.bandwidth(), 18);
  const squares = chart.days.flatMap((d) => {
    if (d.checkin === undefined) return [];
    const x = xOf(layout, d.date) - side / 2;
    const y = CHECKIN_Y - side / 2;
    return d.checkin === 'done'
      ? [`<rect x="${x}" y="${y}" width="${side}" height="${side}" rx="2" fill="${COLOURS.done}"/>`]
      : [
          `<rect x="${x + 1}" y="${y + 1}" width="${side - 2}" height="${side - 2}" rx="2" fill="none" stroke="${COLOURS.skip}" stroke-width="2"/>`,
        ];
  });
  return [rowLabel(chart.labels.checkins, CHECKIN_Y), baseline(CHECKIN_Y), ...squares];
}

function contactRow(chart: ProgressChart, layout: Layout): string[] {
  const dots = chart.days.flatMap((d) =>
    d.contacts.map((outcome, index) => outcomeDot(xOf(layout, d.date), contactY(layout, index), layout, outcome)),
  );
  return [rowLabel(chart.labels.contacts, contactY(layout, 0)), ...dots];
}

function outcomeDot(x: number, y: number, layout: Layout, outcome: ChartOutcome): string {
  if (outcome !== 'pending') return circle(x, y, layout.radius, COLOURS.outcomes[outcome]);
  return `<circle cx="${x}" cy="${y}" r="${layout.radius - 1}" fill="${COLOURS.outcomes.pending}" stroke="${COLOURS.faint}" stroke-width="2"/>`;
}

// Outcome colours, then done and skipped check-ins, in one line under the title.
function legend(chart: ProgressChart): string[] {
  const { outcomes } = chart.labels;
  const entries: Array<{ word: string; mark: (x: number, y: number) => string }> = [
    {
      word: chart.labels.done,
      mark: (x, y) => `<rect x="${x - 6}" y="${y - 6}" width="12" height="12" rx="2" fill="${COLOURS.done}"/>`,
    },
    {
      word: chart.labels.skip,
      mark: (x, y) =>
        `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" rx="2" fill="none" stroke="${COLOURS.skip}" stroke-width="2"/>`,
    },
    ...(['good', 'mixed', 'bad', 'no_reply', 'pending'] as const).map((o) => ({
      word: outcomes[o],
      mark: (x: number, y: number) => outcomeDot(x, y, { radius: 6 } as Layout, o),
    })),
  ];
  let x = PLOT.left + 6;
  return entries.flatMap(({ word, mark }) => {
    const drawn = [mark(x, 66), text(x + 12, 71, word, { size: 13, fill: COLOURS.faint })];
    x += 12 + 24 + word.length * 7.5;
    return drawn;
  });
}

// About six dates under the plot, always including the first and the last day.
function dateLabels(chart: ProgressChart, layout: Layout): string[] {
  const format = new Intl.DateTimeFormat(chart.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const last = chart.days.length - 1;
  const every = Math.max(1, Math.ceil(chart.days.length / 6));
  return chart.days.flatMap((d, i) => {
    if (i !== last && (i % every !== 0 || last - i < every / 2)) return [];
    const x = xOf(layout, d.date);
    return [
      `<line x1="${x}" x2="${x}" y1="${ROWS.contacts.bottom + 6}" y2="${ROWS.contacts.bottom + 12}" stroke="${COLOURS.faint}"/>`,
      text(x, PLOT.dateLine, format.format(new Date(`${d.date}T00:00:00Z`)), {
        size: 13,
        anchor: 'middle',
        fill: COLOURS.faint,
      }),
    ];
  });
}

function rowLabel(word: string, y: number): string {
  return text(20, y + 5, word, { size: 15, weight: 'bold' });
}

function baseline(y: number): string {
  return `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}" stroke="${COLOURS.grid}" stroke-width="1"/>`;
}

function circle(x: number, y: number, r: number, fill: string): string {
  return `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>`;
}

interface TextStyle {
  size: number;
  weight?: 'bold';
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const weight = style.weight ? ` font-weight="${style.weight}"` : '';
  return `<text x="${x}" y="${y}" font-size="${style.size}"${weight} text-anchor="${style.anchor ?? 'start'}" fill="${style.fill ?? COLOURS.ink}">${escapeXml(content)}</text>`;
}

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
