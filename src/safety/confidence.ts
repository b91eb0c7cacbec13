import type { Classifier, ClassifierLabel, Confidence } from './classifier.js';
import { sentencesOf } from './nlp.js';
import type { SafetyCategory, Screening } from './types.js';

// === Rules and classifier combined into one confidence. High: the crisis answer, on the rules' serious or
// imminent tier, or on the classifier's word alone for a child at risk or harm to others, each only over a
// threshold that cross-validation shows harmless messages almost never reach. Medium: the check-in question,
// from a rule's possible figure of speech or from the classifier over its `ask` threshold. The contact gate
// closes on the classifier's word only over its own, higher thresholds. Low: nothing. The classifier never
// lowers what the rules found, and adds nothing to someone else's crisis or to plain distress.

/** What the classifier makes of a message: the highest probability of each label over its sentences. */
export type ClassifierView = Readonly<Record<ClassifierLabel, number>> & {
  /** The highest probability of `self` over the sentences in which the user speaks of themselves in English. */
  spokenSelf: number;
  confidence: Confidence;
};

/** Word classes the classifier's view depends on, each matching one whole word. */
export interface ViewWords {
  /** An English word by which the user speaks of themselves. */
  speaker: RegExp;
  /** A common English word no other supported language shares: the sentence is English. */
  english: RegExp;
  /** A word of harm or danger: a child at risk counts only in a sentence with one (see childRisk in the data). */
  childRisk: RegExp;
  /** A word of an everyday cause (sport, a fall, teething): a child at risk never counts in a sentence with one. */
  childEveryday: RegExp;
}

/**
 * Scores each sentence of `normal` with at least `minWords` words; the best sentence speaks for each label.
 * Without `words`, every sentence counts as English and as naming a harm, and none as the user speaking of themselves.
 */
export function classify(classifier: Classifier, normal: string, words?: ViewWords): ClassifierView {
  const best: Record<string, number> = {};
  let spokenSelf = 0;
  for (const sentence of sentencesOf(normal)) {
    if (pairsOf(sentence.features) + 1 < classifier.confidence.minWords) continue;
    const p = classifier.probabilities(sentence.features);
    // The user's own safety is learnt mostly from English: in a sentence of another language, whose words it
    // has seen only in crisis statements, it is not to be trusted (those statements are the rules' part).
    // Asked only when it matters: most sentences are likelier everyday talk than anything else.
    const english = (): boolean => words === undefined || has(sentence.text, words.english);
    // Any talk about the children reads a little like a child at risk to it: it counts only beside a word of harm.
    const risky = (): boolean =>
      words === undefined || (has(sentence.text, words.childRisk) && !has(sentence.text, words.childEveryday));
    // Each label is weighed against all the others, so two can both be likely: a concern counts in a sentence
    // only where it is likelier than everyday talk.
    for (const [label, value] of Object.entries(p))
      if (
        label === 'harmless' ||
        (value > p.harmless && (label !== 'self' || english()) && (label !== 'child' || risky()))
      )
        best[label] = Math.max(best[label] ?? 0, value);
    if (words !== undefined && p.self > p.harmless && p.self > spokenSelf && has(sentence.text, words.speaker))
      spokenSelf = p.self;
  }
  const at = (label: ClassifierLabel): number => best[label] ?? 0;
  return {
    self: at('self'),
    fear: at('fear'),
    harm: at('harm'),
    child: at('child'),
    stalks: at('stalks'),
    legal: at('legal'),
    distress: at('distress'),
    harmless: at('harmless'),
    spokenSelf,
    confidence: classifier.confidence,
  };
}

// Pairs are "a_b"; a sentence of n words has n - 1 of them, whatever its stop words.
const PAIR = /^[^_]+_[^_]+$/;

function pairsOf(features: readonly string[]): number {
  let pairs = 0;
  for (const feature of features) if (PAIR.test(feature)) pairs += 1;
  return pairs;
}

const WORD = /[a-z']+/g;

/** True when one of the words of `text` (runs of a-z and ') is `word`, as splitting at everything else finds them. */
function has(text: string, word: RegExp): boolean {
  // Splitting also yields empty strings (at the ends, say); a word class that takes the empty string is read
  // exactly that way.
  if (word.test('')) return text.split(/[^a-z']+/).some((each) => word.test(each));
  WORD.lastIndex = 0;
  for (let found = WORD.exec(text); found !== null; found = WORD.exec(text)) if (word.test(found[0])) return true;
  return false;
}

function add(rules: Screening, changes: Partial<Screening>, category: SafetyCategory, id: string): Screening {
  return {
    ...rules,
    ...changes,
    categories: [...new Set([...rules.categories, category])],
    rules: [...rules.rules, `classifier.${id}`],
  };
}

/** The rules' screening, with what the classifier adds. */
export function combine(rules: Screening, view: ClassifierView): Screening {
  if (rules.tier === 'serious' || rules.tier === 'imminent') return rules;
  if (rules.categories.includes('thirdParty')) return rules;
  const { ask, answer, gate } = view.confidence;
  const over = (value: number, threshold: number | undefined): boolean => threshold !== undefined && value >= threshold;
  if (over(view.child, answer.child)) return add(rules, { tier: 'serious' }, 'childSafety', 'child');
  if (over(view.harm, answer.harm)) return add(rules, { tier: 'serious', gate: 'safety' }, 'harmOthers', 'harm');
  // A sentence the classifier is all but certain is about the user's own life: the crisis answer, not a question.
  if (over(view.spokenSelf, answer.self)) return add(rules, { tier: 'serious' }, 'suicide', 'self-answer');
  let result = rules;
  if (result.gate === undefined) {
    if (view.legal >= gate.legal) result = add(result, { gate: 'legal' }, 'legalNoContact', 'legal');
    else if (view.stalks >= gate.stalks) result = add(result, { gate: 'stalking' }, 'stalking', 'stalks');
    else if (view.fear >= gate.fear) result = add(result, { gate: 'safety' }, 'abused', 'fear');
  }
  if (result.ambiguous || result.tier === 'distress') return result;
  const asked = view.self >= ask.self ? 'self' : view.fear >= ask.fear ? 'fear' : undefined;
  return asked === undefined ? result : add(result, { ambiguous: true, ask: asked }, 'ambiguous', asked);
}
