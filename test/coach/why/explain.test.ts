import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainText, lastSources, readWhyData } from '../../../src/coach/why/explain.js';
import { SourcesSchema } from '../../../src/flow/schema.js';
import { readContentData } from '../../support/catalogs.js';

const data = readWhyData(readContentData());
const sources = SourcesSchema.parse(parse(readFileSync('flows/_sources.yaml', 'utf8')));

describe('explainText', () => {
  it('should give one line per cited source with what it holds, then who says what where they disagree', () => {
    const [first, second] = explainText(['000', '002'], sources, data);
    expect(first).toContain(`• 000 (${sources['000']?.kind}): ${sources['000']?.holds}`);
    expect(first).toContain(`• 002 (${sources['002']?.kind}): ${sources['002']?.holds}`);
    expect(first).not.toContain('• 001');
    expect(second).toContain(data.texts.disagreeIntro);
    expect(second).toContain('On space: 000 says never go silent');
  });

  it('should name no disagreement when the cited sources agree, or only one is cited', () => {
    const [, second] = explainText(['004'], sources, data);
    expect(second).toBe(data.texts.outro);
  });

  it('should leave out disagreements about contact once the contact gate is closed, and say why', () => {
    const [, second] = explainText(['000', '001', '004'], sources, data, true);
    expect(second).toContain(data.texts.gated);
    expect(second).not.toContain('On space');
    expect(second).toContain('On living apart');
  });

  it('should say there is nothing to explain before any advice that cites a source', () => {
    expect(explainText(lastSources({}), sources, data)).toEqual([data.texts.none]);
    expect(explainText(lastSources({ lastAdvice: { sources: 'nope' } }), sources, data)).toEqual([data.texts.none]);
  });
});
