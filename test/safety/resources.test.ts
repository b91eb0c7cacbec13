import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/safety/rules.js';
import {
  countryFromLocale,
  GATE_TEXTS,
  gateText,
  resourcesText,
  RESOURCES,
  SAFETY_COUNTRIES,
  SAFETY_TEXTS,
} from '../../src/safety/index.js';
import { hasCode, ErrorCode } from '../../src/core/errors.js';

describe('resources', () => {
  it.each([
    ['us', ['988', '1-800-799-7233', 'START to 88788', '911']],
    ['gb', ['116 123', '0808 2000 247', '999']],
    ['ca', ['988', '911']],
    ['au', ['13 11 14', '1800 737 732', '000']],
    ['ie', ['116 123', '1800 341 900', '112 or 999']],
    ['nz', ['1737', '0800 733 843', '111']],
    ['in', ['14416', '112']],
  ] as const)('should list the numbers for %s and the international directories', (country, numbers) => {
    const text = resourcesText(country);
    for (const number of numbers) expect(text).toContain(number);
    expect(text).toContain('findahelpline.com');
    expect(text).toContain('iasp.info');
  });

  it('should have a list for every code it names', () => {
    expect([...SAFETY_COUNTRIES].sort()).toEqual(Object.keys(RESOURCES).sort());
  });

  it('should fall back to the international directories for an unknown or missing country', () => {
    for (const country of ['de', 'international', '']) {
      const text = resourcesText(country);
      expect(text).toContain('findahelpline.com');
      expect(text).toContain('local emergency number');
      expect(text).not.toContain('Samaritans');
    }
  });

  it('should accept upper case and the "uk" alias', () => {
    expect(resourcesText('UK')).toBe(resourcesText('gb'));
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
});

describe('safety texts', () => {
  const all = [
    ...Object.values(SAFETY_TEXTS),
    ...Object.values(GATE_TEXTS),
    ...SAFETY_COUNTRIES.map((c) => resourcesText(c)),
    resourcesText('xx'),
  ];

  it('should never use alarm words, shouting or exclamation marks', () => {
    for (const text of all) {
      expect(text).not.toMatch(/!/);
      expect(text).not.toMatch(/\b(?:warning|alert|alarm|urgent|detected|attention|danger)\b/i);
    }
    // Service names ("Tele-MANAS") and keywords ("text START") are theirs; Steady's own words never shout.
    for (const text of [...Object.values(SAFETY_TEXTS), ...Object.values(GATE_TEXTS)])
      expect(text).not.toMatch(/\b[A-Z]{3,}\b/);
  });

  it('should say in every gate text that Steady will not help with contact, relays included, and where help is', () => {
    for (const reason of ['legal', 'safety', 'stalking'] as const) {
      expect(gateText(reason)).toContain("won't help with contacting your spouse");
      expect(gateText(reason)).toMatch(/friends, family or the children/);
      expect(gateText(reason)).toMatch(/family lawyer/);
    }
  });
});

describe('rule data', () => {
  it('should refuse invalid rules at load with a coded error naming the rule', () => {
    const attempt = (data: Parameters<typeof compileRules>[0]) => {
      try {
        compileRules(data);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const broken = attempt([
      { id: 'suicide.broken', category: 'suicide', tier: 'serious', explicit: true, patterns: ['(unclosed'] },
    ]);
    expect(hasCode(broken, ErrorCode.Config) && (broken as Error).message).toContain("'suicide.broken'");
    const duplicate = {
      id: 'distress.x',
      category: 'distress' as const,
      tier: 'distress' as const,
      explicit: false,
      patterns: ['x'],
    };
    expect(hasCode(attempt([duplicate, duplicate]), ErrorCode.Config)).toBe(true);
    expect(
      hasCode(attempt([{ id: 'stalking.x', category: 'stalking', explicit: true, patterns: ['x'] }]), ErrorCode.Config),
    ).toBe(true);
  });
});
