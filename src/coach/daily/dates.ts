import { DateTime, Info } from 'luxon';
import type { JsonRecord } from '../../core/state.js';

/** The zone used when the user has not picked one, or picked one luxon does not know. */
export const DEFAULT_ZONE = 'UTC';

/** The user's IANA time zone from `settings.timezone`, or UTC. */
export function zoneOf(settings: Readonly<JsonRecord>): string {
  const zone = settings.timezone;
  return typeof zone === 'string' && Info.normalizeZone(zone)?.isValid === true ? zone : DEFAULT_ZONE;
}

/** The local calendar date (`YYYY-MM-DD`) at `now` in `zone`. */
export function localDate(now: number, zone: string): string {
  return isoDate(DateTime.fromMillis(now, { zone }));
}

const DAY_MS = 86_400_000;

/** The date `days` after `date` (negative goes back). Calendar dates only, so plain UTC arithmetic is exact. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

function isoDate(value: DateTime): string {
  return value.toISODate() ?? '';
}
