import cityTimezones from 'city-timezones';

// A time zone says where someone lives more surely than a language does: "Europe/Dublin" is Ireland,
// "America/Toronto" is Canada. Read from city-timezones' city list, the same one typed places come from.

/** A zone belongs to the country holding at least this share of its cities' people; otherwise to none. */
const SHARE = 0.8;

let byZone: ReadonlyMap<string, string> | undefined;

/** The lower-case two-letter country of an IANA zone, when one country holds nearly all its cities; else undefined. */
export function countryOfZone(zone: string | undefined): string | undefined {
  if (zone === undefined || zone === '') return undefined;
  byZone ??= zoneCountries();
  return byZone.get(zone);
}

function zoneCountries(): Map<string, string> {
  const people = new Map<string, Map<string, number>>();
  for (const city of cityTimezones.cityMapping) {
    if (!city.timezone || !/^[A-Z]{2}$/.test(city.iso2)) continue;
    const countries = people.get(city.timezone) ?? new Map<string, number>();
    countries.set(city.iso2, (countries.get(city.iso2) ?? 0) + Math.max(1, city.pop));
    people.set(city.timezone, countries);
  }
  const result = new Map<string, string>();
  for (const [zone, countries] of people) {
    const total = [...countries.values()].reduce((sum, n) => sum + n, 0);
    const [top] = [...countries.entries()].sort((a, b) => b[1] - a[1]);
    if (top !== undefined && top[1] >= SHARE * total) result.set(zone, top[0].toLowerCase());
  }
  return result;
}
