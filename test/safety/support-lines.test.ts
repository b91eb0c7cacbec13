import { describe, expect, it } from 'vitest';
import { findCountry, nameCountry, readSupportLines } from '../../src/safety/index.js';
import { readContentData } from '../support/catalogs.js';

// The support lines as data: enough countries with every kind of line, confirmations that match the numbers
// listed, and the names people type for a country.

const lines = readSupportLines(readContentData());
const countries = Object.entries(lines.countries);

describe('support lines', () => {
  it('should list at least 20 countries with an emergency number and crisis, abuse and child-protection lines', () => {
    const complete = countries.filter(
      ([, c]) => c.emergency !== '' && c.crisis.length > 0 && c.abuse.length > 0 && c.child.length > 0,
    );
    expect(complete.length).toBeGreaterThanOrEqual(20);
  });

  it.each(countries.filter(([, c]) => c.confirmed.length > 0))(
    'should confirm only numbers that %s lists, each with its page',
    (_code, country) => {
      const listed = [country.emergency, ...[...country.crisis, ...country.abuse, ...country.child].map((h) => h.how)];
      for (const { number, page } of country.confirmed) {
        expect(listed.some((text) => text.includes(number))).toBe(true);
        expect(page).toMatch(/^https:\/\//);
      }
    },
  );

  it.each([
    ['Ireland', 'ie', 'Ireland', true],
    ['ie', 'ie', 'Ireland', true],
    ['I live in the UK', 'gb', 'the United Kingdom', true],
    ['Deutschland', 'de', 'Germany', true],
    ['España', 'es', 'Spain', true],
    ['the Netherlands', 'nl', 'the Netherlands', true],
    ["I'm in New Zealand.", 'nz', 'New Zealand', true],
    ['Japan', 'jp', 'Japan', false],
    ['south korea', 'kr', 'South Korea', false],
  ])('should read %s as %s', (typed, code, name, listed) => {
    expect(findCountry(lines, typed)).toEqual({ code, name, listed });
  });

  it.each(['Atlantis', 'not now', 'skip', '', 'European Union', 'zz'])('should find no country in %j', (typed) => {
    expect(findCountry(lines, typed)).toBeUndefined();
  });

  it('should name a code as a country, listed or not, and nothing for a code that is no country', () => {
    expect(nameCountry(lines, 'UK')).toEqual({ code: 'gb', name: 'the United Kingdom', listed: true });
    expect(nameCountry(lines, 'jp')).toEqual({ code: 'jp', name: 'Japan', listed: false });
    expect(nameCountry(lines, 'international')).toBeUndefined();
  });
});
