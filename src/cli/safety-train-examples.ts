import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ContentData } from '../core/content.js';
import type { Catalogs } from '../core/catalog.js';
import {
  createSafety,
  featuresOf,
  loadPatterns,
  prepareText,
  SAFETY_CLASSIFIER,
  trainModel,
  type ClassifierLabel,
  type Example,
  type Safety,
} from '../safety/index.js';
import { screen } from '../safety/screen.js';
import { readCorpus, readCorpusDistress, readSetDir, type EvalItem, type Kind } from './safety-eval-sets.js';

// === What the safety classifier learns from: the tuned set (test/safety/corpus and test/safety/tuned, never a
// held-out set), the corpus's distress, and everyday typed answers to Steady's own questions.

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

const ANSWERS_DIR = 'test/safety/training-extra';

const AnswerFileSchema = z.object({
  items: z.array(
    z.object({ question: z.string(), text: z.string(), expect: z.union([z.string(), z.array(z.string())]) }),
  ),
});

/** Typed answers to Steady's questions: everyday talk (or distress where labelled low); what a rule flags stays out. */
function answerTexts(flagged: (text: string) => boolean): Array<{ text: string; label: ClassifierLabel }> {
  if (!existsSync(ANSWERS_DIR)) return [];
  const files = readdirSync(ANSWERS_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  return files
    .flatMap((name) => AnswerFileSchema.parse(parse(readFileSync(join(ANSWERS_DIR, name), 'utf8'))).items)
    .filter((item) => item.question !== 'assess/safety' && !flagged(item.text))
    .map((item) => ({ text: item.text, label: item.expect === 'low' ? 'distress' : 'harmless' }));
}

/** Every example, in a fixed order (corpus, tuned files, the corpus's distress, answers), as features. */
export function trainingExamples(data: ReadonlyMap<string, ContentData>, leaveOut: readonly string[] = []): Example[] {
  const patterns = loadPatterns(data);
  const features = (text: string): string[] => featuresOf(prepareText(patterns, text));
  const flagged = (text: string): boolean => {
    const seen = screen(patterns, text);
    return seen.tier !== undefined || seen.gate !== undefined || seen.categories.length > 0;
  };
  const left = new Set(leaveOut.map((file) => normalize(file)));
  const sets = [readCorpus('test/safety/corpus'), ...readSetDir('test/safety/tuned')];
  const items = sets.filter((set) => !left.has(normalize(set.name))).flatMap((set) => set.items);
  const labelled = [
    ...items.map((item) => ({ text: item.text, label: labelOf(item) })),
    ...readCorpusDistress('test/safety/corpus').map((text) => ({ text, label: 'distress' as const })),
    ...answerTexts(flagged),
  ];
  return labelled.map(({ text, label }) => ({ features: features(text), label }));
}

/** The safety layer with its classifier trained again, in memory, without the tuned files `leaveOut`. */
export function withClassifierLeavingOut(
  registry: { catalogs: Catalogs; data: ReadonlyMap<string, ContentData> },
  leaveOut: readonly string[],
): Safety {
  const model = trainModel(trainingExamples(registry.data, leaveOut));
  const data = new Map(registry.data);
  const file = data.get(SAFETY_CLASSIFIER)?.file ?? SAFETY_CLASSIFIER;
  data.set(SAFETY_CLASSIFIER, { file, value: { trained: `without ${leaveOut.join(', ')}`, model } });
  return createSafety({ catalogs: registry.catalogs, data });
}
