// `npm run safety:train [-- --check]`: trains the safety classifier on the tuned set (test/safety/corpus and
// test/safety/tuned; never a held-out set) and writes flows/locales/en/data/safety-classifier.yaml. The same
// examples always give the same file. First it prints a five-fold cross-validation, the honest view of how the
// classifier does on sentences it was not trained on, at each threshold. `--check` writes nothing and fails
// when the file in the repository is not what the examples give.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACTION_NAMES } from '../coach/index.js';
import { loadFlows } from '../flow/loader.js';
import { trainingExamples } from './safety-train-examples.js';
import { classifierFile, crossValidate } from './safety-train-lib.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { check: { type: 'boolean' } }, strict: true });
const dir = 'flows';
const registry = await loadFlows(dir, new Set(ACTION_NAMES));
const examples = trainingExamples(registry.data);
if (values.check !== true) console.log(crossValidate(examples, 5));
const file = join(dir, 'locales', 'en', 'data', 'safety-classifier.yaml');
const text = classifierFile(examples);
if (values.check === true) {
  const same = readFileSync(file, 'utf8') === text;
  console.log(same ? `${file} is what the examples give.` : `${file} is out of date: run npm run safety:train.`);
  process.exitCode = same ? 0 : 1;
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file} (${examples.length} examples)`);
}
