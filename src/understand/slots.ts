import { IANAZone } from 'luxon';
import { readPlace, sameClocks } from './places.js';
import {
  readDaysAgo as daysAgo,
  readNightRange as nightRange,
  readTimeOfDay as timeOfDay,
  spelledNumbers,
} from './times.js';

// One answer is read against several slots of the same kind in a row; the last reading of each kind is kept.
function lastOf<A extends unknown[], R>(read: (...args: A) => R): (...args: A) => R {
  let key: string | undefined;
  let value: R;
  return (...args: A): R => {
    const next = JSON.stringify(args);
    if (next !== key) {
      value = read(...args);
      key = next;
    }
    return value;
  };
}

const readTimeOfDay = lastOf(timeOfDay);
const readNightRange = lastOf(nightRange);
const readDaysAgo = lastOf(daysAgo);

// A typed place or zone name as a zone, for the zone slots.
const readZoneName = lastOf((text: string): string | undefined => {
  const place = readPlace(text);
  if (place.kind === 'zone') return place.zone;
  const typed = text.trim().replace(/\s+/g, '_');
  return /^[A-Za-z]+\/[A-Za-z_]+/.test(typed) && IANAZone.isValidZone(typed) ? typed : undefined;
});

// A phrasing in braces stands for a kind of value rather than words: `{at:07:30}` a time of day,
// `{time}` any time of day, `{range:22:00-07:00}` a range of hours, `{range}` any range,
// `{days:2-4}` a date that many days back (`{days:11-}` for eleven or more), `{number:18-}` a number in that range, `{zone:Europe/Berlin}` a place or zone whose clocks run with that one,
// `{zone}` any place or zone.

/** A value-phrasing, read from its braces. */
export type Slot =
  | { kind: 'at'; time: string }
  | { kind: 'time' }
  | { kind: 'range'; range?: string }
  | { kind: 'days'; from: number; to: number }
  | { kind: 'number'; from: number; to: number }
  | { kind: 'zone'; zone?: string };

const SLOT = /^\{(at|time|range|days|number|zone)(?::([^}]+))?\}$/;

/** The slot a phrasing names, or undefined for ordinary words. */
export function slotOf(phrase: string): Slot | undefined {
  const match = SLOT.exec(phrase.trim());
  if (!match) return undefined;
  const value = match[2];
  switch (match[1]) {
    case 'at':
      return value === undefined ? undefined : { kind: 'at', time: value };
    case 'time':
      return { kind: 'time' };
    case 'range':
      return value === undefined ? { kind: 'range' } : { kind: 'range', range: value };
    case 'zone':
      return value === undefined ? { kind: 'zone' } : { kind: 'zone', zone: value };
    default:
      return { kind: match[1] === 'number' ? 'number' : 'days', ...bounds(value ?? '') };
  }
}

// `2-4`, `11-` (eleven or more), `-17` (up to seventeen), `0` (exactly zero).
function bounds(value: string): { from: number; to: number } {
  const [from = '', to] = value.split('-');
  const low = from === '' ? -Infinity : Number(from);
  if (to === undefined) return { from: low, to: low };
  return { from: low, to: to === '' ? Infinity : Number(to) };
}

// A number that is only a bound ("under 18", "not 18") names no value of its own.
// Only a message about the number itself counts ("34", "I'm 34", "34 years old", "yes, 41"): a number inside a
// story ("she moved out two weeks ago") is not an age.
function numberIn(text: string): number | undefined {
  const spelled = spelledNumbers(text.replace(/[\u2018\u2019]/g, "'"));
  const match = ABOUT_NUMBER.exec(spelled.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

const ABOUT_NUMBER =
  /^(?:(?:yes|yeah|yep|no|nope|ok)[,.!]?\s*)?(?:(?:i'?m|i am|im|age|aged|my age is|i turned)\s+)?(\d{1,3})(?:\s*(?:years?|yrs?)(?:\s+old)?|\s*y\.?o\.?)?\s*[.!]*$/;

/** How well a slot fits: 1 for the exact value, OPEN_SLOT for an open slot's any-value, 0 for no fit. */
export function readSlot(slot: Slot, text: string, context: { now: number; zone?: string }): number {
  switch (slot.kind) {
    case 'at':
      return readTimeOfDay(text) === slot.time ? 1 : 0;
    case 'time':
      return readTimeOfDay(text) === undefined ? 0 : OPEN_SLOT;
    case 'range': {
      const range = readNightRange(text);
      if (range === undefined) return 0;
      if (slot.range === undefined) return OPEN_SLOT;
      return `${range.from}-${range.to}` === slot.range ? 1 : 0;
    }
    case 'number': {
      const n = numberIn(text);
      return n !== undefined && n >= slot.from && n <= slot.to ? 1 : 0;
    }
    case 'zone': {
      const zone = readZoneName(text);
      if (zone === undefined) return 0;
      if (slot.zone === undefined) return OPEN_SLOT;
      return sameClocks([zone, slot.zone]) ? 1 : 0;
    }
    case 'days': {
      const days = readDaysAgo(text, context.now, context.zone);
      return days !== undefined && days >= slot.from && days <= slot.to ? 1 : 0;
    }
  }
}

/** The score of an open slot: below an exact value, so a listed time wins over "another time". */
export const OPEN_SLOT = 0.85;

/** True when the phrasing is a slot that `slotOf` reads. */
export function isSlot(phrase: string): boolean {
  return SLOT.test(phrase.trim());
}
