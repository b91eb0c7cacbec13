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
