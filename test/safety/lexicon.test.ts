import { describe, expect, it } from 'vitest';
import { applyLexicon, loadLexicon, slips } from '../../src/safety/lexicon.js';
import { readContentData } from '../support/catalogs.js';

const lexicon = loadLexicon(readContentData());

describe('safety lexicon', () => {
  it('should count slips: one added, dropped, changed or swapped letter is one', () => {
    expect(slips('sucide', 'suicide', 2)).toBe(1);
    expect(slips('myslef', 'myself', 2)).toBe(1);
    expect(slips('suisidal', 'suicidal', 2)).toBe(1);
    expect(slips('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it.each([
    ['i want to kil myslef', 'i want to kill myself'],
    ['thinking about sucide', 'thinking about suicide'],
    ['im suisidal', 'im suicidal'],
    ['gonna do it tonite', 'going to do it tonight'],
    ['i want to 💀 myself', 'i want to dead myself'],
    ['🔪 in my bag', ' knife in my bag'],
  ])('should read %j as %j', (input, expected) => {
    expect(applyLexicon(lexicon, input)).toBe(expected);
  });

  it.each(['the bills are due', 'my bride', 'the fridge', 'she is giving me space', 'overdoes it'])(
    'should leave %j alone: short words and real words are never corrected',
    (input) => {
      expect(applyLexicon(lexicon, input)).toBe(input);
    },
  );
});
