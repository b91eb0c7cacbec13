import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readLexicon, UNDERSTANDING_DATA } from '../../src/understand/index.js';

const FILE = `flows/locales/en/data/${UNDERSTANDING_DATA}.yaml`;
const english = (): Record<string, unknown> => parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const read = (value: unknown) => readLexicon(new Map([[UNDERSTANDING_DATA, { file: FILE, value }]]));

describe('readLexicon', () => {
  it('should read the English word lists from the content', () => {
    const lexicon = read(english());
    expect(lexicon.spouseSubjects).toContain('she');
    expect(lexicon.lemmaFixes.mum).toBe('mom');
  });

  it('should name the file and the field when an entry is not lower case', () => {
    expect(() => read({ ...english(), hedgeWords: ['Maybe'] })).toThrow(/understanding\.yaml: hedgeWords\.0/);
  });

  it('should name a missing list', () => {
    const { yesWords: _gone, ...rest } = english();
    expect(() => read(rest)).toThrow(/yesWords/);
  });
});
