import type { Classifier } from './classifier.js';
import { sentencesOf } from './nlp.js';
import type { Screening } from './types.js';

// === Rules and classifier combined into one confidence. High: the crisis answer, only on the rules' serious
// or imminent tier (a rule names what it saw, so the answer can say so). Medium: the check-in question, from a
// rule's possible figure of speech or from the classifier alone over its `ask` threshold, on a sentence of the
// user's own (not someone else's crisis, not plain distress, which has its own word). Low: nothing more than
// the rules said. The classifier never lowers what the rules found, and never closes the contact gate.

/** What the classifier makes of a message: the highest probability of each concern over its sentences. */
export interface ClassifierView {
  self: number;
  fear: number;
  ask: number;
}

/** Scores each sentence of `normal` with at least `minWords` words; the best sentence speaks for the message. */
export function classify(classifier: Classifier, normal: string): ClassifierView {
  const { ask, minWords } = classifier.confidence;
  let self = 0;
  let fear = 0;
  for (const sentence of sentencesOf(normal)) {
    const words = sentence.features.filter((feature) => !feature.includes('_')).length;
    if (words < minWords) continue;
    const p = classifier.probabilities(sentence.features);
    self = Math.max(self, p.self);
    fear = Math.max(fear, p.fear);
  }
  return { self, fear, ask };
}

/** The rules' screening, with what the classifier adds. */
export function combine(rules: Screening, view: ClassifierView): Screening {
  if (rules.tier === 'serious' || rules.tier === 'imminent' || rules.gate !== undefined) return rules;
  // Someone else's crisis is theirs, and distress has its own gentle word: the classifier adds no question.
  if (rules.ambiguous || rules.tier === 'distress' || rules.categories.includes('thirdParty')) return rules;
  const asked = view.self >= view.ask ? 'self' : view.fear >= view.ask ? 'fear' : undefined;
  if (asked === undefined) return rules;
  return {
    ...rules,
    categories: [...new Set([...rules.categories, 'ambiguous' as const])],
    ambiguous: true,
    ask: asked,
    rules: [...rules.rules, `classifier.${asked}`],
  };
}
