import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';

// === Places a user can reach, by country, from flows/locales/en/data/support-lines.yaml. Only numbers
// Steady is sure of; everything else points to the international directories.

/** The data file of support lines. */
export const SUPPORT_LINES = 'support-lines';

const Text = z.string().min(1);

/** One service: its name and how to reach it, in plain words. */
const HelplineSchema = z.strictObject({ name: Text, how: Text });

const CountrySchema = z.strictObject({
  /** The country's name as used in a sentence ("in the United Kingdom"). */
  name: Text,
  /** Other names a user may type for it ("uk", "britain", "deutschland"), lower case; its code and name always count. */
  also: z.array(Text).default([]),
  /** The number for police or ambulance. */
  emergency: Text,
  /** Someone to talk to about suicidal thoughts or despair; a country without one is left to the directories. */
  crisis: z.array(HelplineSchema).min(1),
  /** Help with abuse, violence or fear at home; empty where Steady has no number it is sure of. */
  abuse: z.array(HelplineSchema),
  /** Child protection: where to report a child at risk; empty where Steady has no number it is sure of. */
  child: z.array(HelplineSchema).default([]),
  /** The day the list was last reviewed (YYYY-MM-DD). */
  checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'the day the list was checked, as YYYY-MM-DD' }),
  /**
   * Numbers compared with a copy of a public page that states them (the service's own site where one was found),
   * and that page; a number not listed here has not been compared with any page.
   */
  confirmed: z.array(z.strictObject({ number: Text, page: z.url() })).default([]),
});

const Code = z.string().regex(/^[a-z]{2}$/, { message: 'country codes are two lower-case letters, e.g. gb' });

const SupportLinesSchema = z
  .strictObject({
    countries: z.record(Code, CountrySchema),
    /** Codes people use that are not the ISO ones ("uk" for "gb"). */
    aliases: z.record(Code, Code).default({}),
    /** The country whose lines answer a message in another language when the user's own country is not known. */
    languages: z.record(Code, Code).default({}),
    /** Directories that list helplines for nearly every country; shown everywhere as the fallback. */
    international: z.array(HelplineSchema).min(1),
  })
  .superRefine((lines, ctx) => {
    for (const [alias, code] of Object.entries(lines.aliases)) {
      if (!(code in lines.countries))
        ctx.addIssue({ code: 'custom', path: ['aliases', alias], message: `'${code}' has no list under countries` });
      if (alias in lines.countries)
        ctx.addIssue({ code: 'custom', path: ['aliases', alias], message: `'${alias}' already has a list of its own` });
    }
  });

/** The support lines, validated. */
export type SupportLines = z.output<typeof SupportLinesSchema>;

/** One service. */
export type Helpline = z.output<typeof HelplineSchema>;

/** What Steady lists for one country. */
export type CountryResources = z.output<typeof CountrySchema>;

/** Reads and validates support-lines.yaml; throws a FlowParse SteadyError naming the file and field. */
export function readSupportLines(data: ReadonlyMap<string, ContentData>): SupportLines {
  return readData(data, SUPPORT_LINES, SupportLinesSchema);
}

/** The list Steady has for `country` (any case, aliases allowed), or undefined for the international fallback. */
export function resourcesFor(lines: SupportLines, country: string): CountryResources | undefined {
  const code = country.trim().toLowerCase();
  return Object.hasOwn(lines.countries, code)
    ? lines.countries[code]
    : Object.hasOwn(lines.aliases, code)
      ? lines.countries[lines.aliases[code] ?? '']
      : undefined;
}

/** Whether `country` has a list of its own (any case, aliases allowed). */
export function isKnownCountry(lines: SupportLines, country: string): boolean {
  return resourcesFor(lines, country) !== undefined;
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

// Regions ICU names that are not countries a person lives in.
const NOT_COUNTRIES = new Set(['eu', 'ez', 'un', 'qo', 'xa', 'xb', 'zz']);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LEAD_IN =
  /^(?:(?:i(?:'m| am)|we(?:'re| are)|i live|we live|living|based|it's|it is|im)\s+)?(?:(?:in|from)\s+)?(?:the\s+)?/;

/** A country a user may name: its code and its name in a sentence. */
export interface NamedCountry {
  code: string;
  /** "the United Kingdom" for a country with lines; the common English name ("Japan") for any other. */
  name: string;
  /** Whether Steady has lines of its own for it. */
  listed: boolean;
}

/**
 * Finds the country a user typed ("Ireland", "ie", "I live in the UK", "Deutschland"): a listed country by its code,
 * alias, name or `also` names; any other country by its code or English name (from the runtime's region names).
 */
export function findCountry(lines: SupportLines, typed: string): NamedCountry | undefined {
  const text = plain(typed).replace(LEAD_IN, '').trim();
  if (text === '') return undefined;
  const names = countryNames(lines);
  const code = names.get(text) ?? (text.length === 2 ? text : undefined);
  if (code === undefined) return undefined;
  return nameCountry(lines, code);
}

/** The code as a country a user can be told about, or undefined when it names no country. */
export function nameCountry(lines: SupportLines, country: string): NamedCountry | undefined {
  const code = country.trim().toLowerCase();
  const known = resourcesFor(lines, code);
  const listed = Object.hasOwn(lines.aliases, code) ? (lines.aliases[code] ?? code) : code;
  if (known !== undefined) return { code: listed, name: known.name, listed: true };
  const name = regionName(code);
  return name === undefined ? undefined : { code, name, listed: false };
}

function countryNames(lines: SupportLines): Map<string, string> {
  const names = new Map<string, string>();
  for (const a of LETTERS)
    for (const b of LETTERS) {
      const name = regionName(a + b);
      if (name !== undefined) names.set(plain(name), a + b);
    }
  for (const [code, country] of Object.entries(lines.countries))
    for (const name of [country.name.replace(/^the /i, ''), ...country.also]) names.set(plain(name), code);
  for (const [alias, code] of Object.entries(lines.aliases)) names.set(alias, code);
  return names;
}

let regionNames: Intl.DisplayNames | undefined;

function regionName(code: string): string | undefined {
  if (!/^[a-z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return undefined;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  try {
    return regionNames.of(code.toUpperCase());
  } catch {
    return undefined;
  }
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
