import { readNightRange, readPlace, readTimeOfDay, type PlaceCandidate } from '../understand/index.js';
import { parseTimeOfDay, parseTimeRange } from '../rhythm/clock.js';
import { resolveZone } from '../rhythm/zones.js';

// How the settings actions read what people type for a time, a time zone or quiet hours. One place, so the
// actions and `npm run nlu:eval` read every answer the same way.

/** A typed value read: the value, a name shared by several places, or nothing readable. */
export type Reading =
  | { kind: 'value'; value: string; fixed?: boolean }
  | { kind: 'ambiguous'; name: string; candidates: PlaceCandidate[] }
  | { kind: 'unreadable' };

const UNREADABLE: Reading = { kind: 'unreadable' };

/** A daily time: `19:00` and `0730` as before, and "8:15pm", "half past eight", "evenings". */
export function readDailyTime(text: string): Reading {
  const value = parseTimeOfDay(text) ?? readTimeOfDay(text);
  return value === undefined ? UNREADABLE : { kind: 'value', value };
}

/** A time zone: an IANA name or offset, else a city from the city list (or the cities a shared name may mean). */
export function readZone(text: string): Reading {
  const known = resolveZone(text);
  if (known.kind === 'offset') return { kind: 'value', value: known.zone, fixed: true };
  const place = readPlace(text);
  if (place.kind === 'zone') return { kind: 'value', value: place.zone };
  if (known.kind === 'zone') return { kind: 'value', value: known.zone };
  return place.kind === 'ambiguous' ? place : UNREADABLE;
}

/** Quiet hours: `22:00-07:00` as before, and "10 to 7" (read as 22:00-07:00) or "10pm to 7am". */
export function readQuietRange(text: string): Reading {
  const range = readNightRange(text) ?? parseTimeRange(text);
  return range === undefined ? UNREADABLE : { kind: 'value', value: `${range.from}-${range.to}` };
}

/** The reader behind each settings action that takes a typed value, by action name. */
export const TYPED_READERS: Readonly<Record<string, (text: string) => Reading>> = {
  setDailyTime: readDailyTime,
  setTimezone: readZone,
  setQuietHours: readQuietRange,
};
