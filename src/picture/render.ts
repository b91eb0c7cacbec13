import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { Picture } from '../core/picture.js';
import { progressSvg, FONT_FAMILY } from './svg.js';

// The font comes from an npm package, so drawing needs nothing from the system and nothing downloaded.
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** The picture's chart as SVG markup. */
export function pictureSvg(picture: Picture): string {
  switch (picture.chart.kind) {
    case 'progress':
      return progressSvg(picture.chart);
  }
}

/** Draws the picture as a PNG image (sRGB, 8 bits per channel). */
export function renderPicture(picture: Picture): Buffer {
  const resvg = new Resvg(pictureSvg(picture), {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
