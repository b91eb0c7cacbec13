import { describe, expect, it } from 'vitest';
import { ErrorCode, hasCode } from '../../src/core/errors.js';
import { countryFromLocale, readSupportLines, SUPPORT_LINES } from '../../src/safety/index.js';
import { readCatalogs, readContentData } from '../support/catalogs.js';
import { safety } from '../support/safety.js';

const data = readContentData();
const lines = readSupportLines(data);

// The numbers as support-lines.yaml lists them (its `confirmed` entries say which were compared with a page, and
// which); change them here and in support-lines.yaml together.
const NUMBERS = {
  us: ['988', '1-800-799-7233', 'START to 88788', '1-800-422-4453', '911'],
  gb: ['116 123', '0808 2000 247', '0808 800 5000', '0800 1111', '999'],
  ca: ['988', '1-800-668-6868', '911'],
  au: ['13 11 14', '1800 737 732', '1800 55 1800', '000'],
  ie: ['116 123', '1800 341 900', '1800 66 66 66', '112 or 999'],
  nz: ['1737', '0800 733 843', '0508 326 459', '111'],
  in: ['14416', '181', '1098', '112'],
  de: ['0800 111 0 111', '116 016', '116 111', '112'],
  at: ['142', '0800 222 555', '147', '112'],
  ch: ['143', '147', '112'],
  fr: ['3114', '3919', '119', '112'],
  es: ['024', '016', '900 20 20 10', '112'],
  it: ['02 2327 2327', '1522', '19696', '112'],
  pt: ['213 544 545', '800 202 148', '116 111', '112'],
  br: ['188', '180', '100', '190'],
  nl: ['113', '0800 2000', '0800 0432', '112'],
  be: ['1813', '0800 32 123', '1712', '0800 30 030', '102', '103', '112'],
  se: ['90101', '020-50 50 50', '116 111', '112'],
  no: ['116 123', '116 006', '116 111', '112'],
  dk: ['70 201 201', '1888', '116 111', '112'],
  pl: ['116 123', '800 120 002', '116 111', '112'],
  za: ['0800 567 567', '0800 428 428', '116', '10111'],
  mx: ['800 911 2000', '911'],
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

  it('should have the numbers of every country it lists checked above, at least 20 countries, each with a date', () => {
    expect(Object.keys(lines.countries).sort()).toEqual(Object.keys(NUMBERS).sort());
    expect(Object.keys(lines.countries).length).toBeGreaterThanOrEqual(20);
    for (const country of Object.values(lines.countries)) expect(country.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('should lead a child-safety answer with child protection, and answer another language with its country', () => {
    const child = safety.respond(null, 'her new boyfriend hits my son', { now: 0, country: 'gb' });
    const text = child.kind === 'crisis' ? child.replies.map((r) => r.text).join('\n') : '';
    expect(text).toContain('0808 800 5000');
    expect(text.indexOf('0808 800 5000')).toBeLessThan(text.indexOf('0808 2000 247'));
    const spanish = safety.respond(null, 'quiero morir', { now: 0, country: 'international' });
    expect(spanish.kind === 'crisis' ? spanish.replies.map((r) => r.text).join('\n') : '').toContain('024');
    const known = safety.respond(null, 'quiero morir', { now: 0, country: 'gb' });
    expect(known.kind === 'crisis' ? known.replies.map((r) => r.text).join('\n') : '').toContain('116 123');
  });

  it('should know the countries it has lines for, so an unknown deployment country can be refused', () => {
    expect(safety.knowsCountry('DE')).toBe(true);
    expect(safety.knowsCountry('uk')).toBe(true);
    expect(safety.knowsCountry('zz')).toBe(false);
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
        '- NSPCC Helpline (worried about a child): call 0808 800 5000',
        '- Childline (for children and young people): call 0800 1111',
        '- If you or someone else could be hurt right now: 999',
        'Somewhere else? These directories list helplines in most countries:',
        '- Find A Helpline: findahelpline.com lists free, confidential helplines by country',
        '- International Association for Suicide Prevention: iasp.info keeps a directory of crisis centres',
      ].join('\n'),
    );
  });

  it('should fall back to the international directories for an unknown or missing country', () => {
    for (const country of ['zz', 'international', '', 'constructor']) {
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
    // Service names are theirs ("Allô Enfance en Danger"); everything around them is Steady's.
    const names = Object.values(lines.countries).flatMap((c) =>
      [...c.crisis, ...c.abuse, ...c.child].map((h) => h.name),
    );
    for (const text of all) {
      const own = names.reduce((rest, name) => rest.split(name).join(''), text);
      expect(own).not.toMatch(/!/);
      expect(own).not.toMatch(/\b(?:warning|alert|alarm|urgent|detected|attention|danger)\b/i);
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
