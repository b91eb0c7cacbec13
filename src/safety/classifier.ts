import naiveBayes from 'wink-naive-bayes-text-classifier';
import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';
import { ErrorCode, SteadyError } from '../core/errors.js';

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
  /** At or over these: the answer of that concern on the classifier's word alone; a concern left out never is. */
  answer: z.strictObject({ self: Probability.optional(), child: Probability.optional(), harm: Probability.optional() }),
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
  const table = oddsTable(file.model);
  return {
    confidence,
    probabilities(features) {
      const odds = table.prior.slice();
      let known = false;
      for (const feature of features) {
        const row = table.rows.get(feature);
        if (row === undefined) continue;
        known = true;
        for (let l = 0; l < odds.length; l += 1) odds[l] = (odds[l] ?? 0) + (row[l] ?? 0);
      }
      const result = { ...NONE };
      if (!known) return result;
      table.labels.forEach((label, l) => {
        result[label] = 1 / (1 + 2 ** -(odds[l] ?? 0));
      });
      return result;
    },
  };
}

/** The model's log odds split into a prior and one row per word, so a sentence costs one addition per word. */
interface OddsTable {
  labels: readonly ClassifierLabel[];
  prior: number[];
  rows: ReadonlyMap<string, Float64Array>;
}

// Naive Bayes log odds are a sum over the words of a sentence plus a prior per label; the library works out each
// word's share again for every sentence, over every pair of labels. Here each word's share is worked out once, by
// the library's own formula (smoothed log likelihood of the word under the label, less that under all the others),
// from the counts it exports; a test checks the sums against the library's computeOdds.
function oddsTable(json: string): OddsTable {
  const [config, samples, count, words, vocabulary] = JSON.parse(json) as ExportedModel;
  const labels = CLASSIFIER_LABELS.filter((label) => (samples[label] ?? 0) > 0);
  const total = labels.reduce((sum, label) => sum + (samples[label] ?? 0), 0);
  const prior = labels.map((label) => Math.log2(samples[label] ?? 0) - Math.log2(total - (samples[label] ?? 0)));
  const smoothing = config.smoothingFactor;
  if (!(smoothing > 0))
    throw new SteadyError(
      ErrorCode.FlowParse,
      `${SAFETY_CLASSIFIER}.yaml: the model has no smoothing; run npm run safety:train.`,
    );
  const spread = vocabulary.length * smoothing;
  const allWords = labels.reduce((sum, label) => sum + (words[label] ?? 0), 0);
  const rows = new Map<string, Float64Array>();
  for (const word of vocabulary) {
    const counts = labels.map((label) => count[label]?.[word] ?? 0);
    const inAll = counts.reduce((sum, c) => sum + c, 0);
    rows.set(
      word,
      Float64Array.from(labels, (label, l) => {
        const own = counts[l] ?? 0;
        const inLabel = Math.log2(own + smoothing) - Math.log2((words[label] ?? 0) + spread);
        const rest = Math.log2(inAll - own + smoothing) - Math.log2(allWords - (words[label] ?? 0) + spread);
        return inLabel - rest;
      }),
    );
  }
  return { labels, prior, rows };
}

/** What wink-naive-bayes-text-classifier's exportJSON writes: config, samples, counts, words per label, vocabulary. */
type ExportedModel = [
  { smoothingFactor: number },
  Record<string, number>,
  Record<string, Record<string, number>>,
  Record<string, number>,
  string[],
];

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
