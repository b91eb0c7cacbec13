import { describe, expect, it } from 'vitest';
import { compileChoices, understandMany, understandOne } from '../../src/understand/index.js';

const NOW = Date.UTC(2026, 11, 7, 15, 0);
const living = compileChoices([
  { id: 'together', phrases: ['Still under one roof', 'we still live together'] },
  { id: 'they_left', phrases: ['They moved out', 'they left'] },
  { id: 'i_left', phrases: ['I moved out', 'i left'] },
]);
const doing = compileChoices([
  { id: 'pleading', phrases: ['Pleading or begging them to stay', 'begging'] },
  { id: 'texting', phrases: ['Texting or calling a lot', 'texting'] },
  { id: 'space', phrases: ['Giving them space'] },
]);
const when = compileChoices([
  { id: 'today', phrases: ['Today', '{days:0}'] },
  { id: 'few', phrases: ['Two or three days ago', '{days:2-4}'] },
  { id: 'longer', phrases: ['Longer ago', '{days:11-}'] },
]);

describe('understandOne', () => {
  it('should take a clear answer in the person own words', () => {
    expect(understandOne(living, 'she moved out last month', { now: NOW })).toEqual({
      kind: 'take',
      ids: ['they_left'],
    });
    expect(understandOne(living, 'I moved out', { now: NOW })).toEqual({ kind: 'take', ids: ['i_left'] });
  });

  it('should take an option by its number', () => {
    expect(understandOne(living, '2', { now: NOW })).toEqual({ kind: 'take', ids: ['they_left'] });
  });

  it('should mend a typo towards a word the options know', () => {
    expect(understandOne(doing, 'beging', { now: NOW })).toEqual({ kind: 'take', ids: ['pleading'] });
  });

  it('should read a relative date against the clock it is given', () => {
    expect(understandOne(when, 'two days ago', { now: NOW })).toEqual({ kind: 'take', ids: ['few'] });
    expect(understandOne(when, 'three weeks ago', { now: NOW })).toEqual({ kind: 'take', ids: ['longer'] });
  });

  it('should never take an option for a question asked back, nor for words that fit nothing', () => {
    expect(understandOne(living, 'what do you mean?', { now: NOW }).kind).not.toBe('take');
    expect(understandOne(living, 'on the moon', { now: NOW })).toEqual({ kind: 'unknown' });
  });
});

describe('understandMany', () => {
  it('should take each option a part of the sentence names', () => {
    expect(understandMany(doing, 'begging her and texting a lot', { now: NOW }, ['done'])).toEqual({
      kind: 'take',
      ids: ['pleading', 'texting'],
    });
  });

  it('should finish on a done word and take a list of numbers', () => {
    expect(understandMany(doing, 'Done', { now: NOW }, ['done'])).toEqual({ kind: 'done' });
    expect(understandMany(doing, '1, 3', { now: NOW }, ['done'])).toEqual({ kind: 'take', ids: ['pleading', 'space'] });
  });
});

describe('ages and names', () => {
  const age = compileChoices([
    { id: 'yes', phrases: ["Yes, I'm 18 or older", '{number:18-120}'], names: ["Yes, I'm 18 or older", 'yes'] },
    { id: 'no', phrases: ["No, I'm under 18", '{number:1-17}'], names: ["No, I'm under 18", 'no'] },
  ]);

  it('should read a number as an age only when the message is about it', () => {
    expect(understandOne(age, "I'm 34", { now: NOW })).toEqual({ kind: 'take', ids: ['yes'] });
    expect(understandOne(age, '16 years old', { now: NOW })).toEqual({ kind: 'take', ids: ['no'] });
    expect(understandOne(age, 'my wife moved out two weeks ago and says she needs space', { now: NOW })).toEqual({
      kind: 'unknown',
    });
  });

  it("should take an option's own label or id typed as it stands, question mark and all", () => {
    const card = compileChoices([
      { id: 'next', phrases: ['Next'], names: ['Next', 'next'] },
      { id: 'why', phrases: ['Why?'], names: ['Why?', 'why'] },
    ]);
    expect(understandOne(card, 'why?', { now: NOW })).toEqual({ kind: 'take', ids: ['why'] });
    expect(understandOne(age, 'yes, i’m 18 or older', { now: NOW })).toEqual({ kind: 'take', ids: ['yes'] });
  });
});
