import { describe, expect, it } from 'vitest';
import { table, toJsonDocument, toMarkdown, type BenchRun } from '../../bench/report.js';

const run: BenchRun = {
  machine: {
    node: 'v20.0.0',
    cpus: 2,
    cpuModel: 'Test CPU',
    totalMemMB: 4096,
    redisVersion: '7.0.15',
    platform: 'linux x64',
  },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationSeconds: 12.5,
  command: 'npm run bench -- --quick',
  quick: true,
  sections: [
    {
      name: 'fast',
      title: 'A fast section',
      seconds: 1,
      result: {
        figures: { turnsPerSecond: 100 },
        goals: [
          { text: 'throughput >= 50', value: 100, met: true },
          { text: 'p99 <= 1 ms', value: 3, met: false },
        ],
        table: {
          header: ['Measure', 'Value'],
          rows: [
            ['turns/s', 100],
            ['a | b', 'x'],
          ],
        },
        notes: 'Measured on a quiet machine.',
      },
    },
    { name: 'broken', title: 'A broken section', seconds: 0.5, error: 'Error: no redis' },
  ],
};

describe('toJsonDocument', () => {
  it('should report figures, goals met and missed, and failed sections by name', () => {
    const doc = toJsonDocument(run);
    expect(doc).toMatchObject({
      machine: run.machine,
      command: 'npm run bench -- --quick',
      goalsMet: 1,
      goalsMissed: ['fast: p99 <= 1 ms (measured 3)'],
      sectionsFailed: ['broken'],
      sections: {
        fast: { title: 'A fast section', figures: { turnsPerSecond: 100 }, notes: 'Measured on a quiet machine.' },
        broken: { title: 'A broken section', error: 'Error: no redis' },
      },
    });
  });
});

describe('toMarkdown', () => {
  const page = toMarkdown(run);

  it('should say the page is generated, by which command and on which machine', () => {
    expect(page).toContain('written by `npm run bench`');
    expect(page).toContain('Command: `npm run bench -- --quick`');
    expect(page).toContain('| CPUs | 2 × Test CPU |');
  });

  it("should mark goals and show a failed section's error", () => {
    expect(page).toContain('- ✓ throughput >= 50: measured 100');
    expect(page).toContain('- ✗ p99 <= 1 ms: measured 3');
    expect(page).toContain('**Failed:** Error: no redis');
  });
});

describe('table', () => {
  it('should escape pipes and pad short rows', () => {
    expect(table(['A', 'B'], [['a | b'], [1, 2]])).toEqual(['| A | B |', '|---|---|', '| a \\| b |  |', '| 1 | 2 |']);
  });
});
