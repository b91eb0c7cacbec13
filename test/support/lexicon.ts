import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readLexicon, UNDERSTANDING_DATA, useLexicon } from '../../src/understand/index.js';

const FILE = `flows/locales/en/data/${UNDERSTANDING_DATA}.yaml`;

/** Puts the English word lists from the real content to use, for tests that read answers without a program. */
export function useEnglishLexicon(): void {
  const value: unknown = parse(readFileSync(FILE, 'utf8'));
  useLexicon(readLexicon(new Map([[UNDERSTANDING_DATA, { file: FILE, value }]])));
}
