import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainingExamples } from '../../src/cli/safety-train-examples.js';
import { classifierFile } from '../../src/cli/safety-train-lib.js';
import { readContentData } from '../support/catalogs.js';

describe('safety classifier training', () => {
  it('should rebuild the committed classifier exactly from the tuned set', () => {
    const committed = readFileSync('flows/locales/en/data/safety-classifier.yaml', 'utf8');
    expect(classifierFile(trainingExamples(readContentData())) === committed).toBe(true);
  });
});
