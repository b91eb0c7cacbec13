// What people type as a time zone, read into a zone luxon knows; pure, so the time maths can share it.
import { FixedOffsetZone, IANAZone } from 'luxon';

/** What a typed time zone names: a zone (canonical IANA name), a fixed UTC offset (a luxon zone name), or nothing known. */
export type ZoneMatch = { kind: 'zone'; zone: string } | { kind: 'offset'; zone: string } | { kind: 'unknown' };

const ZONE_NAME = /^[a-z]+\/[a-z_+-]+(\/[a-z_+-]+)?$/i;
const OFFSET = /^(?:(utc|gmt)\s*)?(?:([+\-\u2212])\s*(\d{1,2})(?:[:.]?([0-5]\d))?)?$/i;
const MAX_OFFSET_MINUTES = 14 * 60;
/** The match for anything that names no zone. */
export const UNKNOWN_ZONE: ZoneMatch = { kind: 'unknown' };

// Intl in Node 20 (ICU) still spells these zones by their old names; IANA and the people living there use the new ones.
const RENAMED: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

let cities: ReadonlyMap<string, string> | undefined;

/**
 * What a user typed as their time zone: an IANA name in any case (`europe/madrid`), a city (`new york`,
 * `são paulo`) or a UTC offset (`UTC+2`, `GMT-5`, `+05:30`, `UTC`). Bare abbreviations such as `EST` are
 * unknown: they hide daylight saving and map to surprising places.
 */
export function resolveZone(typed: string): ZoneMatch {
  const text = stripAccents(typed.trim());
  if (text === '') return UNKNOWN_ZONE;
  return fixedOffset(text) ?? namedZone(text) ?? cityZone(text) ?? UNKNOWN_ZONE;
}

// === Offsets, names and cities

function fixedOffset(text: string): ZoneMatch | undefined {
  const match = OFFSET.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const minutes = Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
  if (minutes > MAX_OFFSET_MINUTES) return UNKNOWN_ZONE;
  return offsetMatch(match[2] === '+' || match[2] === undefined ? minutes : -minutes);
}

function namedZone(text: string): ZoneMatch | undefined {
  const typed = text.replace(/\s+/g, '_');
  if (!ZONE_NAME.test(typed) || !IANAZone.isValidZone(typed)) return undefined;
  const zone = canonical(new Intl.DateTimeFormat('en', { timeZone: typed }).resolvedOptions().timeZone);
  // Etc/UTC, Etc/GMT+5 and the like are fixed offsets under a zone's name (with the sign reversed).
  if (zone === 'UTC' || zone.startsWith('Etc/')) return offsetMatch(IANAZone.create(zone).offset(0));
  return { kind: 'zone', zone };
}

function cityZone(text: string): ZoneMatch | undefined {
  const key = cityKey(text);
  const map = cityMap();
  // "Mexico City", "Ho Chi Minh City": the zone names the city without the word.
  const zone = map.get(key) ?? (key.endsWith(' city') ? map.get(key.slice(0, -' city'.length)) : undefined);
  return zone === undefined ? undefined : { kind: 'zone', zone };
}

function offsetMatch(minutes: number): ZoneMatch {
  return { kind: 'offset', zone: FixedOffsetZone.instance(minutes).name };
}

// Built once: the last part of every zone name ("Sao_Paulo" -> "sao paulo"), current names first so that
// they win over old spellings of the same city.
function cityMap(): ReadonlyMap<string, string> {
  if (cities !== undefined) return cities;
  const map = new Map<string, string>();
  const add = (name: string, zone: string): void => {
    const key = cityKey(name.split('/').at(-1) ?? name);
    if (!map.has(key)) map.set(key, zone);
  };
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone.includes('/') && !zone.startsWith('Etc/'));
  for (const zone of zones) add(canonical(zone), canonical(zone));
  for (const zone of zones) add(zone, canonical(zone));
  cities = map;
  return map;
}

function canonical(zone: string): string {
  const renamed = RENAMED[zone];
  return renamed !== undefined && IANAZone.isValidZone(renamed) ? renamed : zone;
}

function cityKey(name: string): string {
  return stripAccents(name)
    .toLowerCase()
    .replace(/[.'\u2019]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}
