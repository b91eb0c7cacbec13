import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Picture } from '../../src/core/picture.js';
import {
  CHECKIN_Y,
  COLOURS,
  pictureSvg,
  contactY,
  layoutOf,
  PLOT,
  renderPicture,
  ROWS,
  SIZE,
  xOf,
} from '../../src/picture/index.js';
import { drawProgress, historyOf } from '../support/progress.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');

// A real history: mood climbs from 1 to 5 over the month with gaps, check-ins most days, three contacts.
const state = historyOf({
  now: NOW,
  days: 30,
  mood: (i) => (i % 3 === 2 ? undefined : 1 + Math.floor((i * 5) / 30)),
  checkin: (i) => (i % 4 === 0 ? 'skip' : i % 4 === 3 ? undefined : 'done'),
  contacts: [{ daysAgo: 29, outcome: 'good' }, { daysAgo: 10, outcome: 'bad' }, { daysAgo: 10 }],
});

function picture(): Picture {
  const drawn = drawProgress(state, NOW, { days: 30 }).reply?.picture;
  if (!drawn) throw new Error('nothing drawn');
  return drawn;
}

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function rgbAt(image: PNG, x: number, y: number): string {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return `#${[0, 1, 2].map((c) => (image.data[i + c] ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

// Anti-aliasing blurs edges only; the centre of a mark is its own colour.
const near = (a: string, b: string): boolean =>
  [1, 3, 5].every(
    (k) => Math.abs(Number.parseInt(a.slice(k, k + 2), 16) - Number.parseInt(b.slice(k, k + 2), 16)) < 24,
  );

describe('renderPicture', () => {
  const pic = picture();
  const png = renderPicture(pic);
  const image = decode(png);
  const layout = layoutOf(pic.chart);
  const days = pic.chart.days;

  it('should make a PNG of the chart size', () => {
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([image.width, image.height]).toEqual([SIZE.width, SIZE.height]);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('should put each mood point at its day and score, higher scores higher up', () => {
    const scored = days.filter((d) => d.mood !== undefined);
    expect(scored.length).toBe(20);
    for (const day of scored) {
      const x = xOf(layout, day.date);
      const y = layout.mood(day.mood ?? 0);
      expect(rgbAt(image, x, y), `${day.date} mood ${day.mood}`).toBe(COLOURS.mood);
      expect(x).toBeGreaterThan(PLOT.left);
      expect(x).toBeLessThan(PLOT.right);
      expect(y).toBeGreaterThan(ROWS.mood.top);
      expect(y).toBeLessThan(ROWS.mood.bottom);
    }
    const first = scored[0];
    const last = scored.at(-1);
    expect(first?.mood).toBe(1);
    expect(last?.mood).toBe(5);
    expect(layout.mood(5)).toBeLessThan(layout.mood(1));
    expect(xOf(layout, last?.date ?? '')).toBeGreaterThan(xOf(layout, first?.date ?? ''));
  });

  it('should leave the mood row empty where a day has no score (away from the line between neighbours)', () => {
    // Day 2 has no mood; days 1 and 3 both score 1, so the line passes at score 1: score 4 there is empty.
    const gap = days[2];
    expect(gap?.mood).toBeUndefined();
    expect(rgbAt(image, xOf(layout, gap?.date ?? ''), layout.mood(4))).toBe(COLOURS.background);
  });

  it('should mark done check-ins filled and skipped ones only outlined', () => {
    for (const day of days) {
      const centre = rgbAt(image, xOf(layout, day.date), CHECKIN_Y);
      if (day.checkin === 'done') expect(centre, day.date).toBe(COLOURS.done);
      else expect(near(centre, COLOURS.background) || near(centre, COLOURS.grid), `${day.date}: ${centre}`).toBe(true);
    }
    expect(days.filter((d) => d.checkin === 'done')).toHaveLength(15);
  });

  it('should colour each contact by how it went, stacking a day’s contacts', () => {
    const good = days[0];
    const busy = days[19];
    expect(good?.contacts).toEqual(['good']);
    expect(busy?.contacts).toEqual(['bad', 'pending']);
    expect(rgbAt(image, xOf(layout, good?.date ?? ''), contactY(layout, 0))).toBe(COLOURS.outcomes.good);
    expect(rgbAt(image, xOf(layout, busy?.date ?? ''), contactY(layout, 0))).toBe(COLOURS.outcomes.bad);
    // A contact not rated yet is a hollow ring: white in the middle, below the first.
    expect(rgbAt(image, xOf(layout, busy?.date ?? ''), contactY(layout, 1))).toBe(COLOURS.outcomes.pending);
    expect(rgbAt(image, xOf(layout, days[5]?.date ?? ''), contactY(layout, 0))).toBe(COLOURS.background);
  });

  it('should draw something in every row of the plot and text in the title band', () => {
    const inked = (top: number, bottom: number): number => {
      let count = 0;
      for (let y = top; y < bottom; y += 1)
        for (let x = PLOT.left; x < PLOT.right; x += 1) if (rgbAt(image, x, y) !== COLOURS.background) count += 1;
      return count;
    };
    expect(inked(0, 50)).toBeGreaterThan(200);
    expect(inked(ROWS.mood.top, ROWS.mood.bottom)).toBeGreaterThan(2000);
    expect(inked(ROWS.checkins.top, ROWS.checkins.bottom)).toBeGreaterThan(1000);
    expect(inked(ROWS.contacts.top, ROWS.contacts.bottom)).toBeGreaterThan(100);
  });

  it('should draw a 90-day chart with every point inside the plot', () => {
    const wide = drawProgress(historyOf({ now: NOW, days: 90, mood: () => 3 }), NOW, { days: 90 }).reply?.picture;
    if (!wide) throw new Error('nothing drawn');
    const wideImage = decode(renderPicture(wide));
    const wideLayout = layoutOf(wide.chart);
    const xs = wide.chart.days.map((d) => xOf(wideLayout, d.date));
    expect(Math.min(...xs)).toBeGreaterThan(PLOT.left);
    expect(Math.max(...xs)).toBeLessThan(PLOT.right);
    for (const d of wide.chart.days)
      expect(rgbAt(wideImage, xOf(wideLayout, d.date), wideLayout.mood(3))).toBe(COLOURS.mood);
  });

  it('should write the words it is given, escaped, in the picture', () => {
    const words = { ...pic, chart: { ...pic.chart, title: 'Mood & <check-ins>' } };
    expect(pictureSvg(words)).toContain('>Mood &amp; &lt;check-ins&gt;</text>');
    expect(decode(renderPicture(words)).width).toBe(SIZE.width);
  });
});
