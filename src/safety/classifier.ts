import naiveBayes from 'wink-naive-bayes-text-classifier';
import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';

// === The statistical layer: a naive Bayes classifier over the words of each sentence, trained by
// `npm run safety:train` on the labelled examples and kept as data (flows/locales/en/data/safety-classifier.yaml);
// how much it may decide is in safety-confidence.yaml.

/** The data file the trained classifier is kept in. */
export const SAFETY_CLASSIFIER = 'safety-classifier';
/** The data file of the thresholds that turn the classifier's view into a confidence. */
export const SAFETY_CONFIDENCE = 'safety-confidence';

/** What the classifier tells apart. */
export const CLASSIFIER_LABELS = ['self', 'fear', 'harm', 'child', 'stalks', 'legal', 'distress', 'harmless'] as const;

/** One label. */
export type ClassifierLabel = (typeof CLASSIFIER_LABELS)[number];

const ClassifierFileSchema = z.strictObject({
  /** What it was trained on, for people reading the file. */
  trained: z.string().min(1),
  /** The model as wink-naive-bayes-text-classifier exports it. */
  model: z.string().min(2),
});

const Probability = z.number().min(0).max(1);

const ConfidenceFileSchema = z.strictObject({
  /** A sentence at or over this probability of self or fear: the check-in question. */
  ask: z.strictObject({ self: Probability, fear: Probability }),
  /** At or over these: the answer of that concern on the classifier's word alone. */
  answer: z.strictObject({ self: Probability, child: Probability, harm: Probability }),
  /** At or over these: the contact gate closes on the classifier's word alone. */
  gate: z.strictObject({ fear: Probability, stalks: Probability, legal: Probability }),
  minWords: z.number().int().min(1),
});

/** The thresholds, validated. */
export type Confidence = z.output<typeof ConfidenceFileSchema>;

/** A trained classifier: the probability of each label for one sentence's features. */
export interface Classifier {
  probabilities(features: readonly string[]): Readonly<Record<ClassifierLabel, number>>;
  confidence: Confidence;
}

const NONE: Readonly<Record<ClassifierLabel, number>> = {
  self: 0,
  fear: 0,
  harm: 0,
  child: 0,
  stalks: 0,
  legal: 0,
  distress: 0,
  harmless: 0,
};

/** Reads the trained classifier and its thresholds; throws a FlowParse SteadyError naming a broken file. */
export function loadClassifier(data: ReadonlyMap<string, ContentData>): Classifier {
  const file = readData(data, SAFETY_CLASSIFIER, ClassifierFileSchema);
  const confidence = readData(data, SAFETY_CONFIDENCE, ConfidenceFileSchema);
  const model = naiveBayes();
  model.definePrepTasks([(input) => input]);
  model.importJSON(file.model);
  model.consolidate();
  return {
    confidence,
    probabilities(features) {
      const odds = model.computeOdds([...features]);
      const result = { ...NONE };
      for (const [label, logOdds] of odds) {
        if (label in result) result[label as ClassifierLabel] = 1 / (1 + 2 ** -logOdds);
      }
      return result;
    },
  };
}

/** One labelled example, as features. */
export interface Example {
  features: readonly string[];
  label: ClassifierLabel;
}

/** Trains a classifier on `examples`, in their order (so the same examples give the same model), and exports it. */
export function trainModel(examples: readonly Example[]): string {
  const model = naiveBayes();
  model.definePrepTasks([(input) => input]);
  model.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  for (const example of examples) model.learn([...example.features], example.label);
  model.consolidate();
  return model.exportJSON();
}
