import { describe, expect, it } from 'vitest';
import { readPrompts } from '../../../src/coach/daily/prompts.js';
import {
  MAX_ACTION,
  MAX_REFLECTION,
  THEME_ORDER,
  THEMES,
  type PromptInput,
} from '../../../src/coach/daily/prompt-schema.js';
import { hasCode, ErrorCode } from '../../../src/core/errors.js';
import { contentDataOf, readContentData } from '../../support/catalogs.js';

const PROMPTS = readPrompts(readContentData());
const loadPrompts = (prompts: readonly PromptInput[]) => readPrompts(contentDataOf({ prompts }));

const valid: PromptInput = {
  id: 'self-test',
  theme: 'self',
  sources: ['003'],
  reflection: 'A reflection long enough to pass.',
  action: 'An action long enough.',
};

describe('daily prompt data', () => {
  it('should hold at least 40 prompts and at least 5 per theme', () => {
    expect(PROMPTS.length).toBeGreaterThanOrEqual(40);
    for (const theme of THEME_ORDER)
      expect(PROMPTS.filter((p) => p.theme === theme).length, theme).toBeGreaterThanOrEqual(5);
  });

  it('should cite only source ids 000 to 004, and only those of the theme', () => {
    for (const prompt of PROMPTS) {
      expect(prompt.sources.length, prompt.id).toBeGreaterThan(0);
      for (const source of prompt.sources) {
        expect(source, prompt.id).toMatch(/^00[0-4]$/);
        expect(THEMES[prompt.theme].sources as readonly string[], prompt.id).toContain(source);
      }
    }
  });

  it('should have unique ids and no repeated texts', () => {
    const ids = PROMPTS.map((p) => p.id);
    const texts = PROMPTS.flatMap((p) => [p.reflection.toLowerCase(), p.action.toLowerCase()]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('should keep texts short enough for a phone', () => {
    for (const prompt of PROMPTS) {
      expect(prompt.reflection.length, prompt.id).toBeLessThanOrEqual(MAX_REFLECTION);
      expect(prompt.action.length, prompt.id).toBeLessThanOrEqual(MAX_ACTION);
    }
  });

  it('should show change prompts only for the intervention stance and family prompts only with children', () => {
    for (const prompt of PROMPTS.filter((p) => p.theme === 'change'))
      expect(prompt.when?.stance, prompt.id).toEqual(['intervention']);
    for (const prompt of PROMPTS.filter((p) => p.theme === 'family'))
      expect(prompt.when?.children, prompt.id).toBe(true);
  });

  it('should keep enough general prompts for a user without an assessment', () => {
    const general = PROMPTS.filter((p) => p.when === undefined);
    expect(general.length).toBeGreaterThanOrEqual(30);
  });

  it('should reject a duplicate id, a foreign source and a family prompt for everyone, naming each', () => {
    const broken: PromptInput[] = [
      valid,
      { ...valid, reflection: 'Another reflection long enough.', action: 'Another action long enough.' },
      {
        ...valid,
        id: 'self-other',
        reflection: 'A third reflection, also long.',
        action: 'A third action, long too.',
        sources: ['001'],
      },
      {
        ...valid,
        id: 'family-all',
        theme: 'family',
        sources: ['004'],
        reflection: 'Family reflection long enough.',
        action: 'Family action long enough.',
      },
    ];
    let error: unknown;
    try {
      loadPrompts(broken);
    } catch (caught) {
      error = caught;
    }
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain('flows/locales/en/data/prompts.yaml');
    expect(message).toContain("'id:self-test' is used twice");
    expect(message).toContain("theme 'self' rests on 003, 004");
    expect(message).toContain('family prompts need when');
  });

  it('should ask for the prompts file by its path when it is missing', () => {
    expect(() => readPrompts(new Map())).toThrow('locales/en/data/prompts.yaml is missing');
  });

  it('should reject a reflection over the length limit', () => {
    expect(() => loadPrompts([{ ...valid, reflection: 'x'.repeat(MAX_REFLECTION + 1) }])).toThrow(/reflection/);
  });
});
