import naiveBayes from 'wink-naive-bayes-text-classifier';
import { CLASSIFIER_LABELS, trainModel, type Example } from '../safety/index.js';

// === Training the safety classifier: the file it is kept in (examples: safety-train-examples.ts), and a k-fold
// cross-validation, where each fold is scored by a model trained on the others, so the figures say how it does
// on examples it has not seen.

/** The text of safety-classifier.yaml for `examples`: the same examples always give the same text. */
export function classifierFile(examples: readonly Example[]): string {
  const counts = CLASSIFIER_LABELS.map((label) => `${examples.filter((e) => e.label === label).length} ${label}`);
  return [
    '# The safety classifier, written by `npm run safety:train` from the tuned set (test/safety/corpus and',
    '# test/safety/tuned) and everyday answers (test/safety/training-extra). Do not edit: add examples there and',
    '# train again. Thresholds: safety-confidence.yaml.',
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
