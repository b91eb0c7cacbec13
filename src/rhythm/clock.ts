// Times of day as people type them, read into `HH:MM`; pure time maths shared by the settings actions.

const HH_MM = /^([01]?\d|2[0-3])[:.h]?([0-5]\d)$/;
// `22:00-07:00`, `22-7`, `21.30 to 6.30`: two times of day with a dash or "to" between them.
const RANGE = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:-|–|to|until)\s*(\d{1,2})(?:[:.h]?(\d{2}))?$/i;

/** A typed time of day (`7:30`, `19.00`, `0730`) as `HH:MM`, or undefined when it is not one. */
export function parseTimeOfDay(typed: string): string | undefined {
  const match = HH_MM.exec(typed.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/** A typed range of hours (`22:00-07:00`, `23-6`) as two `HH:MM` ends, or undefined; equal ends are refused. */
export function parseTimeRange(typed: string): { from: string; to: string } | undefined {
  const match = RANGE.exec(typed.trim());
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
