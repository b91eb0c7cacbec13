import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_LENGTH, runsOf, seedFingerprints, textFiles } from '../support/shingles.js';

// Steady's texts are written in its own words: no run of ten words may match a source document.
// The sources themselves stay outside the repo; a fingerprint of their ten-word runs is committed
// (test/fixtures/seed-fingerprint.txt, regenerated with `npm run seeds:fingerprint`).
const FINGERPRINT_FILE = 'test/fixtures/seed-fingerprint.txt';
const SEEDS_DIR = '../shared/seeds';
const SCANNED = ['flows', 'src', 'adapters', 'docs', 'test', 'slack', 'README.md'];
const seedRuns = new Set(readFileSync(FINGERPRINT_FILE, 'utf8').split('\n').filter(Boolean));
const seedsHere = existsSync(SEEDS_DIR);

function scannedFiles(): string[] {
  return SCANNED.filter((path) => existsSync(path))
    .flatMap((path) => (path.endsWith('.md') ? [path] : textFiles(path)))
    .filter((file) => file !== FINGERPRINT_FILE);
}

describe('no copying from the source documents', () => {
  it('should have a fingerprint of the sources to compare against', () => {
    expect(seedRuns.size).toBeGreaterThan(5000);
  });

  it(`should find no run of ${RUN_LENGTH} words shared with a source in flows, code, tests or docs`, () => {
    const hits: string[] = [];
    for (const file of scannedFiles()) {
      const copied = runsOf(readFileSync(file, 'utf8')).find((run) => seedRuns.has(run.hash));
      if (copied) hits.push(`${file}: "${copied.words}"`);
    }
    expect(hits, 'rewrite these in your own words').toEqual([]);
  });

  it.runIf(seedsHere)('should have a fingerprint that matches the source documents next to the repo', () => {
    expect(seedFingerprints(SEEDS_DIR)).toEqual([...seedRuns].sort());
  });

  it.runIf(seedsHere)('should catch a sentence copied from a source', () => {
    const seed = readdirSync(SEEDS_DIR).sort()[0] ?? '';
    const copied = `Steady says: ${readFileSync(join(SEEDS_DIR, seed), 'utf8').slice(2000, 2400)}`;
    expect(runsOf(copied).some((run) => seedRuns.has(run.hash))).toBe(true);
  });
});
