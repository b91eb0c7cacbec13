import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How many words in a row count as copying. */
export const RUN_LENGTH = 10;

/** Lower-case words the way the copy check counts them (letters, digits and apostrophes). */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/\u2019/g, "'")
      .match(/[a-z0-9']+/g) ?? []
  );
}

/** A short, one-way fingerprint of a run of words, so seed text never has to live in the repo. */
export function fingerprint(words: readonly string[]): string {
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 16);
}

/** Every run of {@link RUN_LENGTH} words in `text`, with its fingerprint. */
export function runsOf(text: string): { words: string; hash: string }[] {
  const words = wordsOf(text);
  const runs: { words: string; hash: string }[] = [];
  for (let i = 0; i + RUN_LENGTH <= words.length; i += 1) {
    const run = words.slice(i, i + RUN_LENGTH);
    runs.push({ words: run.join(' '), hash: fingerprint(run) });
  }
  return runs;
}

/** The sorted fingerprints of every run in the seed documents of `dir`. */
export function seedFingerprints(dir: string): string[] {
  const hashes = new Set<string>();
  for (const file of readdirSync(dir).sort()) {
    for (const run of runsOf(readFileSync(join(dir, file), 'utf8'))) hashes.add(run.hash);
  }
  return [...hashes].sort();
}

const TEXT_FILE = /\.(ts|ya?ml|json|md)$/;

/** Every text file under `root` the copy check reads, skipping dependencies and build output. */
export function textFiles(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...textFiles(path));
    else if (TEXT_FILE.test(name)) found.push(path);
  }
  return found;
}
