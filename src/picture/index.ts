export { pictureSvg, renderPicture } from './render.js';
export { COLOURS, contactY, CHECKIN_Y, layoutOf, PLOT, ROWS, SIZE, xOf } from './layout.js';
