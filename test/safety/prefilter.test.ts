import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/safety/compile.js';
import { indexNeeds, mayMatch, needsOf } from '../../src/safety/prefilter.js';
import { loadPatterns } from '../../src/safety/index.js';
import { screen } from '../../src/safety/screen.js';
import { readCorpus, readSetDir } from '../../src/cli/safety-eval-sets.js';
import { readContentData } from '../support/catalogs.js';

const rule = (source: string): RegExp => compilePattern(source, new Map(), 'rule');

describe('the words a rule pattern needs', () => {
  it('should find the pieces a pattern cannot match without, with letter runs written once', () => {
    expect(needsOf(rule('\\bkill myself\\b'))).toEqual(['kil myself']);
    expect(needsOf(rule('\\b(?:end|ending) (?:my|this) life\\b'))).toEqual(
      expect.arrayContaining(['end my life', 'ending this life']),
    );
    expect(needsOf(rule('\\b(?:want|wanna) to\\b[^.]{0,20}\\bdie\\b'))).toEqual(['want to', 'wana to']);
  });

  it('should know nothing, and so always search, where any text could match', () => {
    expect(needsOf(rule('\\b\\w+ed\\b'))).toBeUndefined();
    expect(needsOf(rule('(?:a|b)?'))).toBeUndefined();
    expect(mayMatch(undefined, '')).toBe(true);
  });

  it('should keep every match a stretched or doubled letter allows', () => {
    const pattern = rule('\\bkill myself\\b');
    const needs = needsOf(pattern);
    for (const text of ['i want to killll myselff', 'kill myself', 'and then kiill myself']) {
      expect(new RegExp(pattern.source, 'u').test(text)).toBe(true);
      expect(mayMatch(needs, text)).toBe(true);
    }
    expect(mayMatch(needsOf(rule('\\boff myself\\b')), 'proud of myself')).toBe(true);
  });

  it('should leave what the screen finds unchanged on every item of the tuned set', () => {
    const patterns = loadPatterns(readContentData());
    const searchAll = { ...patterns, needs: indexNeeds(patterns.rules.flatMap((r) => r.needs.map(() => undefined))) };
    // The comparison means something only if the quick test does spare searches.
    expect(patterns.needs.always.length).toBeLessThan(patterns.needs.slots / 10);
    const items = [readCorpus('test/safety/corpus'), ...readSetDir('test/safety/tuned')].flatMap((set) => set.items);
    const changed = items.filter(
      (item) => JSON.stringify(screen(patterns, item.text)) !== JSON.stringify(screen(searchAll, item.text)),
    );
    expect(changed.map((item) => item.text)).toEqual([]);
  }, 120_000);
});
