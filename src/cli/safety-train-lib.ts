import naiveBayes from 'wink-naive-bayes-text-classifier';
import type { ContentData } from '../core/content.js';
import {
  CLASSIFIER_LABELS,
  featuresOf,
  loadPatterns,
  prepareText,
  trainModel,
  type ClassifierLabel,
  type Example,
} from '../safety/index.js';
import { readCorpus, readCorpusDistress, readSetDir, type Kind } from './safety-eval-sets.js';

// === Training the safety classifier: the examples (the tuned set only), the file it is kept in, and a k-fold
// cross-validation, where each fold is scored by a model trained on the others, so the figures say how it does
// on examples it has not seen.

const LABEL: Readonly<Record<Kind, ClassifierLabel>> = {
  'explicit-self': 'self',
  'implicit-self': 'self',
  'hidden-self-harm': 'self',
  fear: 'fear',
  'danger-now': 'fear',
  'harm-others': 'other',
  'child-safety': 'other',
  'user-stalks': 'other',
  'legal-order': 'other',
  'other-language': 'other',
  harmless: 'harmless',
};

/** The tuned set as classifier examples, in a fixed order: corpus, tuned files, then the corpus's distress. */
export function trainingExamples(data: ReadonlyMap<string, ContentData>): Example[] {
  const patterns = loadPatterns(data);
  const features = (text: string): string[] => featuresOf(prepareText(patterns, text));
  const items = [readCorpus('test/safety/corpus'), ...readSetDir('test/safety/tuned')].flatMap((set) => set.items);
  return [
    ...items.map((item) => ({ features: features(item.text), label: LABEL[item.kind] })),
    ...readCorpusDistress('test/safety/corpus').map((text) => ({
      features: features(text),
      label: 'distress' as const,
    })),
  ];
}

/** The text of safety-classifier.yaml for `examples`: the same examples always give the same text. */
export function classifierFile(examples: readonly Example[]): string {
  const counts = CLASSIFIER_LABELS.map((label) => `${examples.filter((e) => e.label === label).length} ${label}`);
  return [
    '# The safety classifier, written by `npm run safety:train` from the tuned set (test/safety/corpus and',
    '# test/safety/tuned). Do not edit: add examples there and train again. Thresholds: safety-confidence.yaml.',
    `trained: ${JSON.stringify(`${examples.length} examples: ${counts.join(', ')}`)}`,
    `model: ${JSON.stringify(trainModel(examples))}`,
    '',
  ].join('\n');
}

const THRESHOLDS = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99] as const;

function probability(json: string, features: readonly string[], label: string): number {
  const model = naiveBayes();
  model.definePrepTasks([(input) => input]);
  model.importJSON(json);
  model.consolidate();
  const found = model.computeOdds([...features]).find(([l]) => l === label);
  return found === undefined ? 0 : 1 / (1 + 2 ** -found[1]);
}

/** A table: for `self` and `fear`, the share of their examples and of harmless ones at or over each threshold. */
export function crossValidate(examples: readonly Example[], folds: number): string {
  const scored: Array<{ label: string; self: number; fear: number }> = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const json = trainModel(examples.filter((_, i) => i % folds !== fold));
    for (const example of examples.filter((_, i) => i % folds === fold)) {
      scored.push({
        label: example.label,
        self: probability(json, example.features, 'self'),
        fear: probability(json, example.features, 'fear'),
      });
    }
  }
  const lines = [`${folds}-fold cross-validation (${CLASSIFIER_LABELS.join(', ')}):`];
  for (const concern of ['self', 'fear'] as const) {
    const own = scored.filter((s) => s.label === concern);
    const harmless = scored.filter((s) => s.label === 'harmless');
    for (const t of THRESHOLDS) {
      const share = (of: typeof scored): string =>
        `${((of.filter((s) => s[concern] >= t).length / Math.max(1, of.length)) * 100).toFixed(1)}%`;
      lines.push(`  p(${concern}) >= ${t}: ${share(own)} of ${concern} examples, ${share(harmless)} of harmless`);
    }
  }
  return lines.join('\n');
}
