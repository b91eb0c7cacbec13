import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDraftData } from '../../src/coach/contact/draft-rules.js';
import { readListenData } from '../../src/coach/daily/listen.js';
import { anyMatch } from '../../src/coach/patterns.js';
import { readContentData } from '../support/catalogs.js';

// anyMatch reads an all-ASCII text with a faster twin of each pattern; it must find exactly what the pattern as
// written (flags `iu`) finds, for every pattern in the data and every kind of text.

const data = readContentData();
const draft = readDraftData(data);
const listen = readListenData(data);
const SOURCES = [
  ...draft.rules.flatMap((rule) => (rule.kind === 'phrases' ? [...rule.patterns, ...rule.unless] : [])),
  ...draft.strengths.flatMap((strength) => strength.patterns ?? []),
  ...listen.rules.flatMap((rule) => [...rule.patterns, ...rule.unless]),
];

// Real answers typed to Steady (the labelled understanding sets), each also in capitals and with its first
// letter of every word raised, so case-insensitivity is exercised both ways.
function texts(): string[] {
  const dir = 'test/nlu/tuned';
  const typed = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => (parse(readFileSync(join(dir, f), 'utf8')) as { items: { text: string }[] }).items)
    .map((item) => item.text)
    .filter((_, i) => i % 7 === 0);
  const examples = [
    "Please, I'm begging you, come home.",
    'YOU HAVE TO ANSWER ME NOW!!',
    'I grateful for the kids',
    'Please don’t give up on me, I’m begging you',
    'We had a café date ☕ and I said thanks for nothing',
  ];
  return [...examples, ...typed].flatMap((t) => [t, t.toUpperCase(), t.replace(/\b\w/g, (c) => c.toUpperCase())]);
}

describe('anyMatch', () => {
  it('should find what every data pattern finds with flags iu, on ASCII and other texts alike', () => {
    const all = texts();
    expect(all.some((t) => /[\u0080-\uFFFF]/.test(t))).toBe(true);
    let matched = 0;
    for (const source of SOURCES) {
      const reference = new RegExp(source, 'iu');
      for (const text of all) {
        const expected = reference.test(text);
        if (expected) matched += 1;
        expect(anyMatch([source], text), `${source} on ${text}`).toBe(expected);
      }
    }
    // The texts do exercise the patterns: some match.
    expect(matched).toBeGreaterThan(50);
  });

  it('should read a pattern that needs Unicode with the pattern as written', () => {
    expect(anyMatch(['^\\p{Lu}{3}$'], 'abc')).toBe(/^\p{Lu}{3}$/iu.test('abc'));
    expect(anyMatch(['^\\p{L}{3}$'], 'a1c')).toBe(false);
    expect(anyMatch(['\\u{53}top'], 'stop')).toBe(true);
    expect(anyMatch(['stop'], 'ſtop')).toBe(true);
  });
});
