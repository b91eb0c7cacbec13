import { createHash } from 'node:crypto';
import { DateTime, Info, type Zone } from 'luxon';

/** Quiet hours as local "HH:MM" times; `from` after `to` spans midnight; equal times mean no quiet hours. */
export interface QuietHours {
  from: string;
  to: string;
}

/** Steady's default quiet hours when the user has chosen none: 22:00 to 07:00. */
export const DEFAULT_QUIET: QuietHours = Object.freeze({ from: '22:00', to: '07:00' });

/** Options of nextOccurrence. */
export interface OccurrenceOptions {
  /** Added to each occurrence before the quiet-hours check (see {@link jitterMs}). */
  jitterMs?: number;
  /** Hours in which nothing is sent; an occurrence inside them waits until they end. */
  quiet?: QuietHours;
  /** ISO weekday (1 = Monday ... 7 = Sunday) for a weekly rhythm; every day when absent. */
  weekday?: number;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// One day before the local date of `after` up to eight after it: a weekly time is always in reach.
const FIRST_DAY = -1;
const LAST_DAY = 8;

// === Dates and clock times

/** True when `time` is a valid "HH:MM" 24-hour time. */
export function isClockTime(time: string): boolean {
  return CLOCK_TIME.test(time);
}

/** The local calendar date (YYYY-MM-DD) of instant `at` in `zone`. */
export function localDateOf(at: number, zone: string): string {
  const date = DateTime.fromMillis(at, { zone: zoneOf(zone) }).toISODate();
  if (date === null) throw new RangeError(`Cannot place the instant ${at} in time zone '${zone}'.`);
  return date;
}

/** `localDate` moved by `days` calendar days. */
export function addDays(localDate: string, days: number): string {
  return isoDateOf(calendarDay(localDate) + days * DAY_MS);
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function weekdayOf(localDate: string): number {
  return new Date(calendarDay(localDate)).getUTCDay() || 7;
}

// === Instants

/**
 * The instant of local `time` ("HH:MM") on `localDate` in `zone`. A time skipped by a spring-forward change
 * moves forward by the gap (02:30 -> 03:30); a time that occurs twice on a fall-back day takes the earlier instant.
 */
export function occurrenceOn(localDate: string, time: string, zone: string): number {
  const tz = zoneOf(zone);
  const [hour, minute] = clockParts(time);
  const wall = calendarDay(localDate) + (hour * 60 + minute) * MINUTE_MS; // the wall-clock reading, as if it were UTC
  const before = tz.offset(wall - DAY_MS);
  const after = tz.offset(wall + DAY_MS);
  const fits = [before, after].filter((offset) => tz.offset(wall - offset * MINUTE_MS) === offset);
  // No offset fits inside a spring-forward gap; the offset from before the change lands just as far past it.
  // Both fit on a fall-back day; the larger offset gives the earlier instant.
  return wall - (fits.length > 0 ? Math.max(...fits) : before) * MINUTE_MS;
}

/** `at` itself, or, if it falls inside quiet hours in `zone`, the instant the quiet hours end. */
export function outOfQuiet(at: number, zone: string, quiet: QuietHours): number {
  const from = minuteOfDay(quiet.from);
  const to = minuteOfDay(quiet.to);
  if (from === to) return at;
  const local = DateTime.fromMillis(at, { zone: zoneOf(zone) });
  const minute = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / MINUTE_MS;
  const spansMidnight = from > to;
  const inside = spansMidnight ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inside) return at;
  const today = local.toISODate() as string; // valid: zoneOf refused invalid zones
  // Late in a window that spans midnight, the window ends tomorrow.
  return occurrenceOn(spansMidnight && minute >= from ? addDays(today, 1) : today, quiet.to, zone);
}

/**
 * The first occurrence strictly after `after` of local `time` in `zone` (only on ISO `weekday` if given), plus
 * `jitterMs`, then moved out of quiet hours. Each local date yields at most one occurrence, so a fall-back day
 * never gives two.
 */
export function nextOccurrence(after: number, time: string, zone: string, options: OccurrenceOptions = {}): number {
  const { jitterMs: jitter = 0, quiet, weekday } = options;
  // Start a day early: jitter or a quiet-hours shift can carry yesterday's occurrence past `after`.
  // Candidates never decrease from one date to the next (a constant jitter, and a quiet-hours shift only
  // moves a time to the end of its window), so the first one past `after` is the earliest: every turn
  // plans with this, so it stops there instead of working out all ten days.
  const start = localDateOf(after, zone);
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    const date = addDays(start, day);
    if (weekday !== undefined && weekdayOf(date) !== weekday) continue;
    const planned = occurrenceOn(date, time, zone) + jitter;
    const at = quiet === undefined ? planned : outOfQuiet(planned, zone, quiet);
    if (at > after) return at;
  }
  throw new RangeError(`No occurrence of ${time} in '${zone}' within ${LAST_DAY} days; is weekday ${weekday} in 1..7?`);
}

/** A deterministic spread in [0, spreadMs) for `member` (e.g. a hash of the user key), so users who chose the same minute are not all sent at once. */
export function jitterMs(member: string, spreadMs: number): number {
  if (!(spreadMs > 0)) return 0;
  const fraction = createHash('sha256').update(member).digest().readUIntBE(0, 6) / 2 ** 48; // 48 bits: exact in a double, < 1
  return Math.floor(fraction * spreadMs);
}

// === Helpers

function zoneOf(zone: string): Zone {
  const tz = Info.normalizeZone(zone);
  // Callers validate zones; failing loudly here keeps a bad one from scheduling at UTC by accident.
  if (tz === null || !tz.isValid)
    throw new RangeError(`Unknown time zone '${zone}'; validate it with resolveZone first.`);
  return tz;
}

// Calendar dates are counted in plain UTC milliseconds: a date has no zone, and every turn plans with these,
// so they skip luxon's parsing (the profile of due turns spent a tenth of its time there). The same few
// dates come up for every user planned on a given day, so both directions are remembered.
function calendarDay(localDate: string): number {
  const known = DAYS.get(localDate);
  if (known !== undefined) return known;
  const [year, month, day] = ISO_DATE.test(localDate) ? localDate.split('-').map(Number) : [];
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
  if (year !== undefined && month !== undefined && day !== undefined) at.setUTCFullYear(year, month - 1, day);
  if (isoDateOf(at.getTime()) !== localDate)
    throw new RangeError(`'${localDate}' is not a calendar date in YYYY-MM-DD form.`);
  return remember(DAYS, localDate, at.getTime());
}

// Midnight UTC of a date as YYYY-MM-DD (years 0 to 9999, the ones ISO_DATE accepts).
function isoDateOf(at: number): string {
  return DATES.get(at) ?? remember(DATES, at, new Date(at).toISOString().slice(0, 10));
}

// A few years of dates either way; past that the memory starts afresh rather than grow.
const REMEMBERED_DATES = 4096;
const DAYS = new Map<string, number>();
const DATES = new Map<number, string>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= REMEMBERED_DATES) map.clear();
  map.set(key, value);
  return value;
}

function clockParts(time: string): [number, number] {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`'${time}' is not a 24-hour "HH:MM" time.`);
  return [Number(match[1]), Number(match[2])];
}

function minuteOfDay(time: string): number {
  const [hour, minute] = clockParts(time);
  return hour * 60 + minute;
}
