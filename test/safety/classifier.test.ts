import naiveBayes from 'wink-naive-bayes-text-classifier';
import { describe, expect, it } from 'vitest';
import { loadClassifier, trainModel, type Example } from '../../src/safety/classifier.js';
import { SAFETY_CLASSIFIER } from '../../src/safety/index.js';
import { readContentData } from '../support/catalogs.js';

const examples: Example[] = [
  { features: ['want', 'die', 'want_to', 'to_die'], label: 'self' },
  { features: ['end', 'life', 'my_life'], label: 'self' },
  { features: ['scared', 'he', 'of_him'], label: 'fear' },
  { features: ['court', 'order', 'no_contact'], label: 'legal' },
  { features: ['coffee', 'kids', 'school'], label: 'harmless' },
  { features: ['house', 'sale', 'the_house'], label: 'harmless' },
];

function withModel(model: string): ReturnType<typeof loadClassifier> {
  const data = new Map(readContentData());
  data.set(SAFETY_CLASSIFIER, { file: 'test', value: { trained: 'test', model } });
  return loadClassifier(data);
}

describe('the safety classifier', () => {
  it('should give the same probabilities as the library it was trained with, word shares summed once', () => {
    const model = trainModel(examples);
    const library = naiveBayes();
    library.definePrepTasks([(input) => input]);
    library.importJSON(model);
    library.consolidate();
    const classifier = withModel(model);
    for (const features of [
      ['want', 'die'],
      ['scared', 'court', 'want_to'],
      ['coffee', 'unknown_word', 'coffee'],
    ]) {
      const ours = classifier.probabilities(features);
      for (const [label, odds] of library.computeOdds(features))
        expect(ours[label as keyof typeof ours]).toBeCloseTo(1 / (1 + 2 ** -odds), 10);
    }
  });

  it('should know nothing of a sentence none of whose words it has seen', () => {
    const classifier = withModel(trainModel(examples));
    expect(Object.values(classifier.probabilities(['zebra', 'quartz'])).every((p) => p === 0)).toBe(true);
  });
});
