import { describe, expect, it } from 'vitest';
import { tokensOf } from '../../src/understand/index.js';

const terms = (text: string): string[] => tokensOf(text).map((t) => t.term);

describe('tokensOf', () => {
  it('should read the spouse in any form as they (subject) or them (object)', () => {
    expect(terms('she moved out')).toEqual(['they', 'move', 'out']);
    expect(terms('my husband left')).toEqual(['they', 'husband', 'leave']);
    expect(terms('I left him')).toEqual(['i', 'leave', 'them']);
    expect(terms('Mark moved out')).toEqual(['they', 'mark', 'move', 'out']);
  });

  it('should keep a capitalised place after a preposition as a place', () => {
    expect(terms("I'm in Britain")).toEqual(['i', 'britain']);
  });

  it('should mark negated words and drop the negation word itself', () => {
    expect(terms("we don't have kids")).toEqual(['!kid']);
    expect(terms('no contact')).toEqual(['!contact']);
    expect(terms('none of these')).toEqual(['none']);
  });

  it('should not let a leading no negate what follows', () => {
    expect(terms("no, I'm under 18")).toEqual(['no', 'i', 'under', '18']);
  });

  it('should drop hedges, unless the answer is nothing but hedges', () => {
    expect(terms('I think kind of divorce')).toEqual(['i', 'divorce']);
    expect(terms('sure')).toEqual(['sure']);
  });

  it('should write numbers in words as digits and keep an answer of only small words', () => {
    expect(terms('two kids')).toEqual(['2', 'kid']);
    expect(terms('did it')).toEqual(['did', 'it']);
  });
});
