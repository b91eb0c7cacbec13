import { describe, expect, it } from 'vitest';
import { readSetFile } from '../../src/cli/safety-eval-sets.js';
import { passes, rows, scoreSet, type Outcome } from '../../src/cli/safety-eval-score.js';
import { safety } from '../support/safety.js';

const DIR = 'test/fixtures/safety-eval';
const none: Outcome = { crisis: false, confidence: 'low' };
const crisis: Outcome = { crisis: true, concern: 'self', confidence: 'high' };
const asked: Outcome = { crisis: false, asked: 'self', confidence: 'medium' };
const gated: Outcome = { crisis: false, gate: 'legal', confidence: 'low' };

describe('safety eval', () => {
  it('should read a set in the held-out format', () => {
    expect(readSetFile(`${DIR}/set.yaml`).map((item) => item.kind)).toEqual([
      'explicit-self',
      'harmless',
      'legal-order',
    ]);
  });

  it('should refuse an other-language item without an intent, and a missing file, naming the file', () => {
    expect(() => readSetFile(`${DIR}/no-intent.yaml`)).toThrow(
      /no-intent\.yaml: items\.0: other-language needs intent/,
    );
    expect(() => readSetFile(`${DIR}/missing.yaml`)).toThrow(/missing\.yaml: no such file/);
  });

  it('should judge each kind by the answer it calls for', () => {
    const item = (kind: Parameters<typeof passes>[0]['kind'], intent?: 'self' | 'order') => ({
      kind,
      lang: 'en',
      text: 'x',
      ...(intent ? { intent } : {}),
    });
    expect(passes(item('explicit-self'), asked)).toBe(false);
    expect(passes(item('explicit-self'), crisis)).toBe(true);
    expect(passes(item('implicit-self'), asked)).toBe(true);
    expect(passes(item('child-safety'), crisis)).toBe(false);
    expect(passes(item('child-safety'), { ...crisis, concern: 'child' })).toBe(true);
    expect(passes(item('legal-order'), gated)).toBe(true);
    expect(passes(item('other-language', 'order'), crisis)).toBe(false);
    expect(passes(item('other-language', 'self'), crisis)).toBe(true);
    expect(passes(item('harmless'), asked)).toBe(true);
    expect(passes(item('harmless'), crisis)).toBe(false);
    expect(passes(item('danger-now'), none)).toBe(false);
  });

  it('should score a set through the real screen and count per kind and language', () => {
    const scored = scoreSet(safety, { name: 'fixture', items: readSetFile(`${DIR}/set.yaml`) }, 'gb');
    expect(scored.map((s) => s.pass)).toEqual([true, true, true]);
    const { kinds, languages } = rows(scored);
    expect(kinds.find((r) => r.label === 'explicit-self')).toMatchObject({ total: 1, passed: 1, high: 1 });
    expect(languages).toEqual([expect.objectContaining({ label: 'en', total: 3, passed: 3 })]);
  });
});
