import cityTimezones from 'city-timezones';
import { IANAZone } from 'luxon';

// A typed place read as a time zone from city-timezones' city list (some 7,000 cities with their zones).
// "Portland" names cities in three zones, so the person is asked which; "Portland, Oregon" does not.

/** One city a name may mean: its zone, and words that tell it apart ("Oregon, US"). */
export interface PlaceCandidate {
  zone: string;
  where: string;
}

/** What a typed place names. */
export type PlaceMatch =
  | { kind: 'zone'; zone: string }
  | { kind: 'ambiguous'; name: string; candidates: PlaceCandidate[] }
  | { kind: 'unknown' };

/** A city this many times larger than every other of its name is the one meant. */
const DOMINANT = 20;
const LEAD_IN =
  /^(?:(?:i(?:'m| am)|we(?:'re| are)|i live|we live|living|based|it's|it is|im)\s+)?(?:(?:in|near|from|at|around|outside|close to)\s+)?/i;

/** The zone of the place in `typed`, or the candidates when the name is shared by cities in different zones. */
export function readPlace(typed: string): PlaceMatch {
  const text = typed
    .trim()
    .replace(/[.!?]+$/, '')
    .replace(LEAD_IN, '')
    .replace(/^the\s+/i, '')
    .trim();
  if (text === '') return { kind: 'unknown' };
  const qualified = /[, ]/.test(text) ? fromCityStateProvince(text) : [];
  const read = qualified.length > 0 ? fromCities(text, qualified) : undefined;
  // "Manchester, UK": when the words alone leave it open, the part after the comma says where it is.
  if (read?.kind === 'ambiguous' && text.includes(',')) {
    const byQualifier = withQualifier(text);
    if (byQualifier.kind === 'zone') return byQualifier;
  }
  if (read !== undefined) return read;
  const whole = lookup(text);
  return whole.length > 0 ? fromCities(text, whole) : withQualifier(text);
}

/** Picks among the candidates of an ambiguous name by what the person typed ("Oregon", "the one in Maine"). */
export function pickPlace(candidates: readonly PlaceCandidate[], typed: string): string | undefined {
  const words = typed.toLowerCase();
  const index = /^\s*(\d)\s*$/.exec(words);
  if (index) return candidates[Number(index[1]) - 1]?.zone;
  const hits = candidates.filter((c) =>
    c.where
      .toLowerCase()
      .split(/,\s*/)
      .some((part) => part.length > 1 && new RegExp(`\\b${escape(part)}\\b`).test(words)),
  );
  return new Set(hits.map((h) => h.zone)).size === 1 ? hits[0]?.zone : undefined;
}

// "Glasgow, Scotland", "Auckland NZ", "Perth WA": a city, then words that say where it is.
function withQualifier(text: string): PlaceMatch {
  const match = /^(.+?)(?:\s*,\s*|\s+)([^,]+)$/.exec(text);
  if (!match?.[1] || !match[2]) return { kind: 'unknown' };
  const cities = lookup(match[1].trim());
  const where = match[2].trim().toLowerCase();
  const fits = cities.filter((c) =>
    [c.iso2, c.iso3, c.country, c.province, c.state_ansi, ...(QUALIFIERS[where] ?? [])].some(
      (name) => typeof name === 'string' && (name.toLowerCase() === where || name === c.iso2),
    ),
  );
  return fromCities(match[1], fits.length > 0 ? fits : cities);
}

// Common short names for where a city is, beyond the ISO codes the city list carries.
const QUALIFIERS: Readonly<Record<string, string[]>> = {
  uk: ['GB'],
  england: ['GB'],
  scotland: ['GB'],
  wales: ['GB'],
  bc: ['British Columbia'],
  usa: ['US'],
};

// city-timezones scans its whole list on every call; the same searches over an index built once.
let index: { byName: Map<string, cityTimezones.CityData[]>; joined: string[] } | undefined;

function cityIndex(): { byName: Map<string, cityTimezones.CityData[]>; joined: string[] } {
  if (index !== undefined) return index;
  const byName = new Map<string, cityTimezones.CityData[]>();
  for (const city of cityTimezones.cityMapping) {
    const key = city.city.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), city]);
  }
  const joined = cityTimezones.cityMapping.map((c) =>
    [c.city, c.state_ansi, c.province, c.country].join().toLowerCase(),
  );
  index = { byName, joined };
  return index;
}

/** What `findFromCityStateProvince` finds: cities whose name, state, province or country hold every typed word. */
function fromCityStateProvince(text: string): cityTimezones.CityData[] {
  const words = text.split(' ').map((w) => w.toLowerCase());
  const { joined } = cityIndex();
  return cityTimezones.cityMapping.filter((_, i) => words.every((w) => (joined[i] ?? '').includes(w)));
}

// Short names people use for a few big cities, which the city list spells out.
const ALIASES: Readonly<Record<string, string>> = {
  nyc: 'new york',
  'new york city': 'new york',
  la: 'los angeles',
  sf: 'san francisco',
  dc: 'washington, d.c.',
  bangalore: 'bengaluru',
  joburg: 'johannesburg',
};

function lookup(typed: string): cityTimezones.CityData[] {
  const name = ALIASES[typed.toLowerCase()] ?? typed;
  const found = cityIndex().byName.get(name.toLowerCase()) ?? [];
  if (found.length > 0) return found;
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '');
  return ascii === name ? [] : (cityIndex().byName.get(ascii.toLowerCase()) ?? []);
}

function fromCities(name: string, cities: cityTimezones.CityData[]): PlaceMatch {
  if (cities.length === 0) return { kind: 'unknown' };
  const sorted = [...cities].sort((a, b) => b.pop - a.pop);
  const zones = new Set(sorted.map((c) => c.timezone));
  const [first, second] = sorted;
  if (!first) return { kind: 'unknown' };
  if (sameClocks([...zones]) || !second || first.pop >= DOMINANT * second.pop)
    return { kind: 'zone', zone: first.timezone };
  const seen = new Set<string>();
  const candidates: PlaceCandidate[] = [];
  for (const city of sorted) {
    const where = [city.province, city.iso2 === 'US' ? 'US' : city.country].filter(Boolean).join(', ');
    if (seen.has(city.timezone + where)) continue;
    seen.add(city.timezone + where);
    candidates.push({ zone: city.timezone, where });
  }
  return { kind: 'ambiguous', name: first.city, candidates: candidates.slice(0, 5) };
}

/** True when the zones' clocks agree in winter and in summer. */
// Zones whose clocks agree in winter and in summer (Vancouver, Canada and Vancouver, Washington) need no question.
export function sameClocks(zones: string[]): boolean {
  return new Set(zones.map(offsetsOf)).size === 1;
}

// A zone's winter and summer offsets, worked out once per zone: luxon asks Intl for them, which is slow.
const OFFSETS = new Map<string, string>();

function offsetsOf(zone: string): string {
  const known = OFFSETS.get(zone);
  if (known !== undefined) return known;
  const offsets = SEASONS.map((at) => (IANAZone.isValidZone(zone) ? IANAZone.create(zone).offset(at) : NaN)).join('/');
  OFFSETS.set(zone, offsets);
  return offsets;
}

const SEASONS = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
