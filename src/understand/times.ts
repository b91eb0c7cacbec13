import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { lexiconWords } from './lexicon.js';

// Times of day, ranges of hours and days back as people write them ("8:15pm", "half past eight",
// "10 to 7", "two days ago", "last Tuesday"), read with chrono-node after spelling out what it does not know.

const STRICT_TIME = /^([01]?\d|2[0-3])(?:[:.h]([0-5]\d)?|([0-5]\d))?$/;
const STRICT_RANGE = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:-|–|to|until|till)\s*(\d{1,2})(?:[:.h]?(\d{2}))?$/i;

/** A time of day as `HH:MM`, or undefined when the text names none (or several). */
export function readTimeOfDay(text: string): string | undefined {
  const plain = spellOut(text);
  // A bare "7" could be morning or evening: it is asked again rather than guessed.
  if (/^\d{1,2}$/.test(plain) && Number(plain) <= 12) return undefined;
  const strict = STRICT_TIME.exec(plain.replace(/^at\s+/, '').trim());
  if (strict) return hhmm(Number(strict[1]), Number(strict[2] ?? strict[3] ?? 0));
  const partOfDay = LEXICON_PARTS.find(([pattern]) => pattern.test(plain));
  const found = chrono.parse(plain, REFERENCE).filter((r) => r.start.isCertain('hour'));
  if (found.length !== 1) return found.length === 0 && partOfDay ? partOfDay[1] : undefined;
  const start = (found[0] as chrono.ParsedResult).start;
  const hour = start.get('hour') ?? 0;
  // "After dinner at 7": without am or pm, words about the evening put the hour after noon.
  const evening = !start.isCertain('meridiem') && hour < 12 && EVENING.test(plain);
  return hhmm(evening ? hour + 12 : hour, start.get('minute') ?? 0);
}

/**
 * A range of night-time hours (quiet hours) as two `HH:MM` ends. Without am or pm, a start before noon that
 * is later than the end is read as evening: "10 to 7" is 22:00-07:00, not 10:00-07:00.
 */
export function readNightRange(text: string): { from: string; to: string } | undefined {
  const plain = spellOut(text);
  const strict = STRICT_RANGE.exec(plain.trim());
  const ends = strict ? strictEnds(strict) : chronoEnds(plain);
  if (ends === undefined) return undefined;
  const to = ends[1];
  let from = ends[0];
  if (!from.meridiem && from.hour < 12 && from.hour > to.hour) from = { ...from, hour: from.hour + 12 };
  if (from.hour > 23 || to.hour > 23) return undefined;
  const start = hhmm(from.hour, from.minute);
  const end = hhmm(to.hour, to.minute);
  return start === undefined || end === undefined || start === end ? undefined : { from: start, to: end };
}

/** How many calendar days back the text's date lies, in `zone` (default UTC); undefined when it names no past day. */
export function readDaysAgo(text: string, now: number, zone = 'UTC'): number | undefined {
  const plain = spellOut(text)
    .replace(/\b(days?|weeks?|months?) back\b/, '$1 ago')
    .replace(/\b(?:the )?(?:night|day) before last\b/, '2 days ago')
    .replace(/\ba fortnight\b/, '2 weeks');
  const reference = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone }).offset };
  const found = chrono.parse(plain, reference, { forwardDate: false });
  const date = found[0]?.start;
  if (!date || (!date.isCertain('day') && !date.isCertain('weekday'))) return undefined;
  const then = DateTime.fromObject(
    { year: date.get('year') ?? 0, month: date.get('month') ?? 1, day: date.get('day') ?? 1 },
    { zone },
  );
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Math.round(today.diff(then.startOf('day'), 'days').days);
  return days >= 0 ? days : undefined;
}

interface End {
  hour: number;
  minute: number;
  meridiem: boolean;
}

function strictEnds(match: RegExpExecArray): [End, End] {
  const end = (h?: string, m?: string): End => ({ hour: Number(h), minute: Number(m ?? 0), meridiem: false });
  return [end(match[1], match[2]), end(match[3], match[4])];
}

function chronoEnds(plain: string): [End, End] | undefined {
  const found = chrono.parse(plain, REFERENCE).find((r) => r.end !== null);
  if (!found?.end) return undefined;
  const end = (c: chrono.ParsedComponents): End => ({
    hour: c.get('hour') ?? 0,
    minute: c.get('minute') ?? 0,
    meridiem: c.isCertain('meridiem'),
  });
  if (!found.start.isCertain('hour') || !found.end.isCertain('hour')) return undefined;
  return [end(found.start), end(found.end)];
}

const EVENING = /\b(evenings?|nights?|tonight|dinner|supper|after work|bedtime)\b/;

// A fixed day keeps chrono from reading a time as tomorrow's or pulling in today's date.
const REFERENCE = new Date(Date.UTC(2026, 0, 5, 12));

// "Mornings" alone names the part of the day the flows offer as their morning time, and so on.
const LEXICON_PARTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmornings?\b/, '07:30'],
  [/\b(midday|lunch ?time|lunch)\b/, '12:30'],
  [/\bevenings?\b/, '19:00'],
  [/\b(late|nights?|bed ?time)\b/, '21:30'],
];

/** The text in lower case with number words as digits ("two" -> "2"). */
export function spelledNumbers(text: string): string {
  const { digits } = lexiconWords();
  const spelled = text.toLowerCase().replace(/\b[a-z]+\b/g, (word) => digits.get(word) ?? word);
  // "thirty five" and "thirty-five" are 35.
  return spelled.replace(/\b([2-9])0[\s-]([1-9])\b/g, '$1$2');
}

// Number words as digits, and the clock phrases chrono does not read ("half past eight", "quarter to 9",
// "8 in the evening", "7 o'clock").
function spellOut(text: string): string {
  let out = spelledNumbers(text.replace(/[\u2018\u2019]/g, "'"));
  out = out.replace(/\b(\d{1,2})h\b/g, '$1:00').replace(/\b(\d{1,2})\.([0-5]\d)\b/g, '$1:$2');
  out = out.replace(/\btil\b/g, 'till').replace(/\bafter (.+?) and before (.+)$/g, '$1 to $2');
  out = out.replace(/\b(\d{1,2}) (?:o )?([0-5]\d)\b/g, '$1:$2');
  out = out.replace(/\ba (?:2|couple)(?: of)?\b/g, '2').replace(/\ba (?:3|few)\b/g, '3');
  out = out.replace(
    /\b(\d{1,2}) (?:minutes )?(?:past|after) (\d{1,2})\b/g,
    (_, m: string, h: string) => `${h}:${m.padStart(2, '0')}`,
  );
  out = out.replace(/\bhalf (?:past|after) (\d{1,2})\b/g, '$1:30');
  // British "half seven" is half past seven.
  out = out.replace(/\bhalf (\d{1,2})\b/g, '$1:30');
  out = out.replace(/\bbetween (.+?) and (.+)$/g, '$1 to $2');
  out = out.replace(/\bquarter (?:past|after) (\d{1,2})\b/g, '$1:15');
  out = out.replace(/\bquarter (?:to|before|til) (\d{1,2})\b/g, (_, h: string) => `${(Number(h) + 11) % 12 || 12}:45`);
  out = out.replace(/\b(\d{1,2}) ?o'?clock\b/g, '$1:00');
  out = out.replace(/\b(\d{1,2}(?::\d{2})?) ?(?:in the (?:evening|afternoon)|at night|tonight)\b/g, '$1pm');
  out = out.replace(/\b(\d{1,2}(?::\d{2})?) ?in the morning\b/g, '$1am');
  out = out.replace(/\b(noon|midday)\b/g, '12:00').replace(/\bmidnight\b/g, '0:00');
  return out.replace(/\s+/g, ' ').trim();
}

function hhmm(hour: number, minute: number): string | undefined {
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
