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
import { readCorpus, readCorpusDistress, readSetDir, type EvalItem, type Kind } from './safety-eval-sets.js';

// === Training the safety classifier: the examples (the tuned set only), the file it is kept in, and a k-fold
// cross-validation, where each fold is scored by a model trained on the others, so the figures say how it does
// on examples it has not seen.

const LABEL: Readonly<Record<Kind, ClassifierLabel>> = {
  'explicit-self': 'self',
  'implicit-self': 'self',
  'hidden-self-harm': 'self',
  fear: 'fear',
  'danger-now': 'fear',
  'harm-others': 'harm',
  'child-safety': 'child',
  'user-stalks': 'stalks',
  'legal-order': 'legal',
  'other-language': 'self',
  harmless: 'harmless',
};

function labelOf(item: EvalItem): ClassifierLabel {
  return item.kind === 'other-language' && item.intent === 'order' ? 'legal' : LABEL[item.kind];
}

/** The tuned set as classifier examples, in a fixed order: corpus, tuned files, then the corpus's distress. */
export function trainingExamples(data: ReadonlyMap<string, ContentData>): Example[] {
  const patterns = loadPatterns(data);
  const features = (text: string): string[] => featuresOf(prepareText(patterns, text));
  const items = [readCorpus('test/safety/corpus'), ...readSetDir('test/safety/tuned')].flatMap((set) => set.items);
  return [
    ...items.map((item) => ({ features: features(item.text), label: labelOf(item) })),
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

const THRESHOLDS = [0.5, 0.9, 0.95, 0.98, 0.99, 0.995] as const;

function probabilities(json: string, features: readonly string[]): Record<string, number> {
  const model = naiveBayes();
  model.definePrepTasks([(input) => input]);
  model.importJSON(json);
  model.consolidate();
  return Object.fromEntries(model.computeOdds([...features]).map(([l, odds]) => [l, 1 / (1 + 2 ** -odds)]));
}

/** A table: for each label but harmless, the share of its examples and of harmless ones at or over each threshold. */
export function crossValidate(examples: readonly Example[], folds: number): string {
  const scored: Array<{ label: string; p: Record<string, number> }> = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const json = trainModel(examples.filter((_, i) => i % folds !== fold));
    for (const example of examples.filter((_, i) => i % folds === fold))
      scored.push({ label: example.label, p: probabilities(json, example.features) });
  }
  const lines = [`${folds}-fold cross-validation, share at or over each threshold:`];
  const harmless = scored.filter((s) => s.label === 'harmless');
  for (const label of CLASSIFIER_LABELS.filter((l) => l !== 'harmless' && l !== 'distress')) {
    const own = scored.filter((s) => s.label === label);
    const share = (of: typeof scored, t: number): string =>
      `${((of.filter((s) => (s.p[label] ?? 0) >= t).length / Math.max(1, of.length)) * 100).toFixed(1)}%`;
    const cells = THRESHOLDS.map((t) => `${t}: ${share(own, t)} / ${share(harmless, t)}`);
    lines.push(`  ${label.padEnd(6)} (own / harmless) ${cells.join('  ')}`);
  }
  return lines.join('\n');
}
