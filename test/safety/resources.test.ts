import { describe, expect, it } from 'vitest';
import { ErrorCode, hasCode } from '../../src/core/errors.js';
import { countryFromLocale, readSupportLines, SUPPORT_LINES } from '../../src/safety/index.js';
import { readCatalogs, readContentData } from '../support/catalogs.js';
import { safety } from '../support/safety.js';

const data = readContentData();
const lines = readSupportLines(data);

// The numbers as checked on each service's own website; change them here and in support-lines.yaml together.
const NUMBERS = {
  us: ['988', '1-800-799-7233', 'START to 88788', '911'],
  gb: ['116 123', '0808 2000 247', '999'],
  ca: ['988', '911'],
  au: ['13 11 14', '1800 737 732', '000'],
  ie: ['116 123', '1800 341 900', '112 or 999'],
  nz: ['1737', '0800 733 843', '111'],
  in: ['14416', '112'],
} as const;

describe('resources', () => {
  it.each(Object.entries(NUMBERS))(
    'should list the numbers for %s and the international directories',
    (country, numbers) => {
      const text = safety.resourcesText(country);
      for (const number of numbers) expect(text).toContain(number);
      expect(text).toContain('findahelpline.com');
      expect(text).toContain('iasp.info');
    },
  );

  it('should have the numbers of every country it lists checked above', () => {
    expect(Object.keys(lines.countries).sort()).toEqual(Object.keys(NUMBERS).sort());
  });

  it('should lead with the abuse line for abuse and list only crisis lines for a crisis', () => {
    const abuse = safety.resourcesText('gb', 'abuse');
    expect(abuse.indexOf('0808 2000 247')).toBeLessThan(abuse.indexOf('116 123'));
    expect(safety.resourcesText('gb', 'crisis')).not.toContain('0808 2000 247');
    expect(safety.resourcesText('gb')).toBe(
      [
        'People you can reach in the United Kingdom:',
        '- Samaritans: call 116 123',
        '- National Domestic Abuse Helpline: call 0808 2000 247',
        '- If you or someone else could be hurt right now: 999',
        'Somewhere else? These directories list helplines in most countries:',
        '- Find A Helpline: findahelpline.com lists free, confidential helplines by country',
        '- International Association for Suicide Prevention: iasp.info keeps a directory of crisis centres',
      ].join('\n'),
    );
  });

  it('should fall back to the international directories for an unknown or missing country', () => {
    for (const country of ['de', 'international', '', 'constructor']) {
      const text = safety.resourcesText(country);
      expect(text).toContain('findahelpline.com');
      expect(text).toContain('local emergency number');
      expect(text).not.toContain('Samaritans');
    }
  });

  it('should accept upper case and the "uk" alias', () => {
    expect(safety.resourcesText('UK')).toBe(safety.resourcesText('gb'));
  });

  it.each([
    ['en-GB', 'gb'],
    ['en_US', 'us'],
    ['zh-Hant-TW', 'tw'],
    ['en-uk', 'gb'],
    ['en', undefined],
    [undefined, undefined],
  ])('should read the country of locale %s as %s', (locale, country) => {
    expect(countryFromLocale(locale)).toBe(country);
  });

  it.each([
    ['an alias to a country without a list', { aliases: { uk: 'zz' } }, 'aliases.uk'],
    [
      'a country without a crisis line',
      { countries: { ...lines.countries, gb: { ...lines.countries.gb, crisis: [] } } },
      'countries.gb.crisis',
    ],
    ['a code that is not two letters', { countries: { ...lines.countries, gbr: lines.countries.gb } }, 'countries'],
  ])('should refuse %s, naming the file and the field', (_, change, field) => {
    const broken = new Map(data);
    broken.set(SUPPORT_LINES, { file: 'support-lines.yaml', value: { ...lines, ...change } });
    let error: unknown;
    try {
      readSupportLines(broken);
    } catch (caught) {
      error = caught;
    }
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    expect((error as Error).message).toContain(`support-lines.yaml: ${field}`);
  });
});

describe('safety texts', () => {
  const catalog = readCatalogs().get('safety');
  const sentences = [...(catalog?.values() ?? [])].map((message) => message.format());
  const all = [
    ...sentences,
    ...Object.keys(lines.countries).map((c) => safety.resourcesText(c)),
    safety.resourcesText('xx'),
  ];

  it('should never use alarm words, shouting or exclamation marks', () => {
    expect(sentences.length).toBeGreaterThan(20);
    for (const text of all) {
      expect(text).not.toMatch(/!/);
      expect(text).not.toMatch(/\b(?:warning|alert|alarm|urgent|detected|attention|danger)\b/i);
    }
    // Service names ("Tele-MANAS") and keywords ("text START") are theirs; Steady's own words never shout.
    for (const text of sentences) expect(text).not.toMatch(/\b[A-Z]{3,}\b/);
  });

  it('should say in every gate text that Steady will not help with contact, relays included, and where help is', () => {
    for (const reason of ['legal', 'safety', 'stalking'] as const) {
      expect(safety.gateText(reason)).toContain("won't help with contacting your spouse");
      expect(safety.gateText(reason)).toMatch(/friends, family or the children/);
      expect(safety.gateText(reason)).toMatch(/family lawyer/);
    }
  });
});
