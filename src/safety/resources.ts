// === Places a user can reach, by country. Only numbers Steady is sure of; everything else
// points to the international directories.

/** One service: its name and how to reach it, in plain words. */
export interface Helpline {
  name: string;
  how: string;
}

/** What Steady lists for one country. */
export interface CountryResources {
  /** The country's name as used in a sentence ("in the United Kingdom"). */
  name: string;
  /** The number for police or ambulance. */
  emergency: string;
  /** Someone to talk to about suicidal thoughts or despair. */
  crisis: readonly Helpline[];
  /** Help with abuse, violence or fear at home; empty where Steady has no number it is sure of. */
  abuse: readonly Helpline[];
}

/** The two-letter codes Steady has a list for. */
export const SAFETY_COUNTRIES = ['us', 'gb', 'ca', 'au', 'ie', 'nz', 'in'] as const;

/** One of {@link SAFETY_COUNTRIES}. */
export type SafetyCountry = (typeof SAFETY_COUNTRIES)[number];

/** The lists per country. */
export const RESOURCES: Readonly<Record<SafetyCountry, CountryResources>> = {
  us: {
    name: 'the United States',
    emergency: '911',
    crisis: [{ name: '988 Suicide & Crisis Lifeline', how: 'call or text 988' }],
    abuse: [{ name: 'National Domestic Violence Hotline', how: 'call 1-800-799-7233, or text START to 88788' }],
  },
  gb: {
    name: 'the United Kingdom',
    emergency: '999',
    crisis: [{ name: 'Samaritans', how: 'call 116 123' }],
    abuse: [{ name: 'National Domestic Abuse Helpline', how: 'call 0808 2000 247' }],
  },
  ca: {
    name: 'Canada',
    emergency: '911',
    crisis: [{ name: '988 Suicide Crisis Helpline', how: 'call or text 988' }],
    abuse: [],
  },
  au: {
    name: 'Australia',
    emergency: '000',
    crisis: [{ name: 'Lifeline', how: 'call 13 11 14' }],
    abuse: [{ name: '1800RESPECT', how: 'call 1800 737 732' }],
  },
  ie: {
    name: 'Ireland',
    emergency: '112 or 999',
    crisis: [{ name: 'Samaritans', how: 'call 116 123' }],
    abuse: [{ name: "Women's Aid", how: 'call 1800 341 900' }],
  },
  nz: {
    name: 'New Zealand',
    emergency: '111',
    crisis: [{ name: 'Need to talk?', how: 'call or text 1737' }],
    abuse: [{ name: "Women's Refuge", how: 'call 0800 733 843' }],
  },
  in: {
    name: 'India',
    emergency: '112',
    crisis: [{ name: 'Tele-MANAS', how: 'call 14416' }],
    abuse: [],
  },
};

/** Directories that list helplines for nearly every country; shown everywhere as the fallback. */
export const INTERNATIONAL: readonly Helpline[] = [
  { name: 'Find A Helpline', how: 'findahelpline.com lists free, confidential helplines by country' },
  { name: 'International Association for Suicide Prevention', how: 'iasp.info keeps a directory of crisis centres' },
];

// Codes people use that are not the ISO ones.
const ALIASES: Readonly<Record<string, SafetyCountry>> = { uk: 'gb' };

/** The list Steady has for `country` (any case, "uk" allowed), or undefined for the international fallback. */
export function resourcesFor(country: string): CountryResources | undefined {
  const code = country.trim().toLowerCase();
  const known = (SAFETY_COUNTRIES as readonly string[]).includes(code) ? (code as SafetyCountry) : ALIASES[code];
  return known === undefined ? undefined : RESOURCES[known];
}

/** The region of a BCP 47 locale as a lower-case country code: 'en-GB' → 'gb', 'pt_BR' → 'br'; undefined without one. */
export function countryFromLocale(locale?: string): string | undefined {
  if (locale === undefined) return undefined;
  const region = locale
    .split(/[-_]/)
    .slice(1)
    .find((part) => /^[a-z]{2}$/i.test(part));
  if (region === undefined) return undefined;
  const code = region.toLowerCase();
  return code === 'uk' ? 'gb' : code;
}
