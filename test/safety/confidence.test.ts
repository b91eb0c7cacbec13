import { describe, expect, it } from 'vitest';
import type { Classifier } from '../../src/safety/classifier.js';
import { classify, combine, type ClassifierView } from '../../src/safety/confidence.js';
import type { Screening } from '../../src/safety/index.js';
import { safety } from '../support/safety.js';

const nothing: Screening = { categories: [], explicit: false, ambiguous: false, rules: [] };
const confidence = {
  ask: { self: 0.9, fear: 0.9 },
  answer: { self: 0.999, child: 0.99, harm: 0.99 },
  gate: { fear: 0.99, stalks: 0.99, legal: 0.99 },
  minWords: 3,
};
const zero = { self: 0, fear: 0, harm: 0, child: 0, stalks: 0, legal: 0, distress: 0, harmless: 0, spokenSelf: 0 };
const view = (self: number, fear = 0, more: Partial<typeof zero> = {}): ClassifierView => ({
  ...zero,
  self,
  fear,
  ...more,
  confidence,
});

describe('rules and classifier combined', () => {
  it('should ask the check-in question when only the classifier is sure, and nothing below its threshold', () => {
    expect(combine(nothing, view(0.95))).toMatchObject({ ambiguous: true, ask: 'self', rules: ['classifier.self'] });
    expect(combine(nothing, view(0.1, 0.95))).toMatchObject({ ambiguous: true, ask: 'fear' });
    expect(combine(nothing, view(0.5, 0.5))).toEqual(nothing);
  });

  it('should never lower or gate what the rules found, and leave distress and third parties to their own answers', () => {
    const serious: Screening = { ...nothing, tier: 'serious', categories: ['suicide'], rules: ['suicide.x'] };
    expect(combine(serious, view(0))).toEqual(serious);
    const distress: Screening = { ...nothing, tier: 'distress', categories: ['distress'] };
    expect(combine(distress, view(0.99))).toEqual(distress);
    const theirs: Screening = { ...nothing, categories: ['thirdParty'] };
    expect(combine(theirs, view(0.99))).toEqual(theirs);
    expect(combine(nothing, view(0.99)).gate).toBeUndefined();
  });

  it('should answer a child at risk, and close the gate for a legal limit, only over their own thresholds', () => {
    expect(combine(nothing, view(0, 0, { child: 0.995 }))).toMatchObject({
      tier: 'serious',
      categories: ['childSafety'],
    });
    expect(combine(nothing, view(0, 0, { child: 0.9 })).tier).toBeUndefined();
    expect(combine(nothing, view(0, 0, { legal: 0.995 }))).toMatchObject({ gate: 'legal' });
    expect(combine(nothing, view(0, 0, { legal: 0.9 })).gate).toBeUndefined();
  });

  it('should never answer a concern on the classifier alone when its threshold is left out', () => {
    const rulesOnly = { ...confidence, answer: { self: 0.999, harm: 0.99 } };
    const sure: ClassifierView = { ...view(0, 0, { child: 1 }), confidence: rulesOnly };
    expect(combine(nothing, sure)).toEqual(nothing);
  });

  it('should give the crisis answer on the classifier alone only where the user speaks of themselves, over its threshold', () => {
    expect(combine(nothing, view(0.9995, 0, { spokenSelf: 0.9995 }))).toMatchObject({
      tier: 'serious',
      categories: ['suicide'],
      rules: ['classifier.self-answer'],
    });
    expect(combine(nothing, view(0.9995, 0, { spokenSelf: 0.99 }))).toMatchObject({ ask: 'self' });
    expect(combine(nothing, view(0.9995)).tier).toBeUndefined();
  });

  it("should read a sentence for the user's own safety only when it is English, and as spoken of oneself only with I or my", () => {
    const sure: Classifier = {
      confidence,
      probabilities: () => ({ ...zero, self: 0.99, harmless: 0.01 }),
    };
    const words = {
      speaker: /^(?:i|my)$/,
      english: /^(?:i|my|the|and)$/,
      childRisk: /^(?:hit|hurt)$/,
      childEveryday: /^(?:football)$/,
    };
    expect(classify(sure, 'estoy muy cansado hoy', words).self).toBe(0);
    expect(classify(sure, 'the day was long and grey', words)).toMatchObject({ self: 0.99, spokenSelf: 0 });
    expect(classify(sure, 'i cannot go on like this', words)).toMatchObject({ self: 0.99, spokenSelf: 0.99 });
  });

  it('should count a child at risk only in a sentence with a word of harm and no everyday cause', () => {
    const sure: Classifier = { confidence, probabilities: () => ({ ...zero, child: 0.99, harmless: 0.01 }) };
    const words = {
      speaker: /^(?:i|my)$/,
      english: /^(?:i|my|the|and)$/,
      childRisk: /^(?:hit|hurt)$/,
      childEveryday: /^(?:football)$/,
    };
    expect(classify(sure, 'my son came back grumpy', words).child).toBe(0);
    expect(classify(sure, 'my son says he hit him', words).child).toBe(0.99);
    expect(classify(sure, 'my son got hit at football', words).child).toBe(0);
  });

  it('should score a sentence buried in a long message on its own', () => {
    const long = `${'We went over the schedule for the kids and who keeps the car. '.repeat(8)}I keep looking at the pills in the cabinet and thinking it would be easy.`;
    const result = safety.respond(null, long, { now: 0, country: 'gb' });
    expect(['crisis', 'checkIn']).toContain(result.kind);
  });
});
