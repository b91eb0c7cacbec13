import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/index.js';
import { createTestEngine, manualClock } from '../../support/engine.js';
import { historyOf } from '../../support/progress.js';
import { realProgram } from '../../support/real-program.js';

// The terminal chat, end to end over the real flows: /progress shows the chart's summary and its sparkline.
const NOW = Date.parse('2026-12-06T10:00:00Z');

describe('console: the progress picture', () => {
  it('should show the summary and a sparkline of mood, check-ins and contacts, one mark per day', async () => {
    const clock = manualClock(NOW);
    const engine = createTestEngine(await realProgram(), { clock });
    const history = historyOf({
      now: NOW,
      days: 30,
      mood: (i) => (i >= 27 ? i - 26 : undefined),
      checkin: (i) => (i === 29 ? 'done' : i === 28 ? 'skip' : undefined),
      contacts: [{ daysAgo: 0, outcome: 'good' }],
    });
    const state = { ...history, settings: { ...history.settings, onboarded: true } };
    await engine.store.commit(engine.options.userKey('console', 'local'), state, 0, 'given');

    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const adapter = createConsoleAdapter({
      input,
      output,
      interactive: false,
      clock,
      catalogs: engine.options.registry.catalogs,
    });
    await adapter.start(engine.handle);
    input.end('/progress\n1\n');
    await adapter.closed;

    expect(written).toContain('1) The last 30 days');
    expect(written).toContain('A chart of your last 30 days, 2026-11-07 to 2026-12-06.');
    expect(written).toMatch(/^Mood\s+·{27}▁▂▄$/m);
    expect(written).toMatch(/^Check-ins\s+·{28}□■$/m);
    expect(written).toMatch(/^Contacts\s+·{29}\+$/m);
    expect(written).toContain('you keep showing up for yourself');
  });
});
