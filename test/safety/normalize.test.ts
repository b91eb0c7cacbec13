import { describe, expect, it } from 'vitest';
import { normalizeForSafety } from '../../src/safety/index.js';

describe('normalizeForSafety', () => {
  it.each([
    ['lower case and NFKC (fullwidth letters)', 'ＩＷＡＮＴ ＴＯ ＤＩＥ', 'iwant to die'],
    ['zero-width characters inside a word', 'su\u200Bic\u200Did\u2060al', 'suicidal'],
    ['bidi controls', '\u202Ekill\u202C myself', 'kill myself'],
    ['curly apostrophes', 'I don\u2019t want to live', "i don't want to live"],
    ['Cyrillic look-alike letters', 'kіll mysеlf', 'kill myself'],
    ['accents', 'kíll mysélf', 'kill myself'],
    ['stretched letters', 'I want to diiiiie', 'i want to diie'],
    ['stretched doubled letters, kept doubled', 'offfff myself', 'off myself'],
    ['a code with more digits than letters', 'a 209A order', 'a 209a order'],
    ['dotted letters', 'k.i.l.l myself', 'kill myself'],
    ['spaced letters', 's u i c i d e', 'suicide'],
    ['hyphenated letters', 's-e-l-f h-a-r-m', 'selfharm'],
    ['leetspeak', 'k1ll mys3lf', 'kill myself'],
    ['leetspeak with symbols', 'i w@nt to d!e, $uicide', 'i want to die, suicide'],
    ['double ones as double l', 'ki11 me', 'kill me'],
    ['runs of whitespace', 'i   want\n\tto  die', 'i want to die'],
  ])('should handle %s', (_what, input, expected) => {
    expect(normalizeForSafety(input)).toBe(expected);
  });

  it('should leave real numbers alone', () => {
    expect(normalizeForSafety('I take 20mg at 3pm on the 2nd, it cost $50, 1 2 3')).toBe(
      'i take 20mg at 3pm on the 2nd, it cost $50, 1 2 3',
    );
  });

  it('should read a digit that is not a real ordinal as a letter', () => {
    expect(normalizeForSafety('i w4nt to 3nd my l1fe')).toBe('i want to end my life');
  });

  it('should not join ordinary one-letter words into a word', () => {
    expect(normalizeForSafety('I had a bad day')).toBe('i had a bad day');
  });
});

describe('proud of myself', () => {
  it('should never read "of myself" as "off myself"', async () => {
    const { safety } = await import('../support/safety.js');
    expect(safety.screen("I'm so proud of myself today").tier).toBeUndefined();
    expect(safety.screen('i could off myself').tier).toBe('serious');
    expect(safety.screen('gonna offff myself').tier).toBe('serious');
  });
});
