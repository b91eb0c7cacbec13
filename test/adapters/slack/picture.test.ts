import { describe, expect, it } from 'vitest';
import { renderReplies } from '../../../adapters/slack/render.js';
import { SLACK_MESSAGES } from '../../../adapters/slack/texts.js';
import { bindTexts } from '../../../src/core/catalog.js';
import type { Reply } from '../../../src/core/types.js';
import { readCatalogs } from '../../support/catalogs.js';
import { drawProgress, historyOf } from '../../support/progress.js';

// Slack gets the progress chart as text: the summary, a note that says so, and the sparkline as code.
const NOW = Date.parse('2026-12-06T10:00:00Z');
const texts = bindTexts(SLACK_MESSAGES, readCatalogs());

describe('slack: the progress picture', () => {
  it('should show the summary, say the chart comes as text here, and show the sparkline as code', () => {
    const state = historyOf({ now: NOW, days: 30, mood: (i) => (i === 29 ? 5 : undefined) });
    const reply = drawProgress(state, NOW).reply as Reply;
    const [message] = renderReplies([reply], texts);
    const shown = JSON.stringify(message?.blocks);
    expect(message?.text).toContain('A chart of your last 30 days');
    expect(shown).toContain('The chart as text, one mark per day');
    expect(shown).toContain('```\\nMood       ·····························█\\n');
  });
});
