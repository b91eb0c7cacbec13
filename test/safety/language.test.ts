import { describe, expect, it } from 'vitest';
import { loadPatterns } from '../../src/safety/index.js';
import { allMatches } from '../../src/safety/language.js';
import { readContentData } from '../support/catalogs.js';

const { rules, language } = loadPatterns(readContentData());
const { clauseBreak, negation } = language;

const viaMatchAll = (pattern: RegExp, text: string) =>
  [...text.matchAll(pattern)].map((m) => ({ index: m.index, 0: m[0] }));

describe('allMatches', () => {
  const texts = [
    'i want to kill myself, but not tonight. i never said i would hurt her; he sometimes hits me',
    'they love me but want me to change',
    '',
  ];

  it('should find exactly what matchAll finds, for every rule pattern and break pattern', () => {
    const patterns = [...rules.flatMap((rule) => rule.patterns), clauseBreak, negation];
    for (const pattern of patterns) {
      for (const text of texts) expect(allMatches(pattern, text)).toEqual(viaMatchAll(pattern, text));
    }
    expect(allMatches(negation, texts[0] ?? '').map((m) => m[0])).toEqual(['not', 'never']);
  });

  it('should start from the beginning even after an earlier search left lastIndex behind', () => {
    const pattern = /a/g;
    pattern.exec('xxa');
    expect(allMatches(pattern, 'ab a')).toEqual([
      { index: 0, 0: 'a' },
      { index: 3, 0: 'a' },
    ]);
  });

  it('should step over empty matches instead of looping on them', () => {
    expect(allMatches(/x*/g, 'ab')).toEqual(viaMatchAll(/x*/g, 'ab'));
  });
});
