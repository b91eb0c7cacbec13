import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { funnelTables, readStepCounts, FLOW_STEP_SERIES } from '../../src/cli/funnel.js';
import { runFlowsReport } from '../../src/cli/report-command.js';
import type { Input } from '../../src/core/types.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createTestEngine, eventFrom, manualClock } from '../support/engine.js';
import { realProgram } from '../support/real-program.js';

const program = await realProgram();

// Three people use /today over the real flows: one answers everything, one stops at the prompt and opens the
// menu instead, one leaves at the mood question with /cancel. The engine counts, the report reads the scrape.
async function scrape(): Promise<string> {
  const metrics = createMetrics();
  const engine = createTestEngine(program, { clock: manualClock(), metrics });
  const onboarded = { settings: { onboarded: true, consent: true, timezone: 'UTC' } };
  const play = async (user: string, inputs: Array<Input | string>): Promise<void> => {
    await engine.store.commit(
      engine.options.userKey('test', user),
      { ...(await fresh()), ...onboarded },
      0,
      `given-${user}`,
    );
    let offered: { id: string; label: string }[] = [];
    for (const input of inputs) {
      const event =
        typeof input === 'string'
          ? { kind: 'choice' as const, token: offered.find((c) => c.label === input)?.id ?? 'missing' }
          : input;
      const outcome = await engine.handle(eventFrom(user, event));
      offered = [...outcome.replies].reverse().find((r) => r.choices)?.choices ?? offered;
    }
  };
  const today: Input = { kind: 'command', command: 'today', args: '' };
  await play('ann', [today, '3 · so-so', 'Done']);
  await play('bo', [today, '4 · good', { kind: 'command', command: 'menu', args: '' }]);
  await play('cy', [today, { kind: 'command', command: 'cancel', args: '' }]);
  return metrics.render();
}

async function fresh() {
  const { createState } = await import('../../src/core/state.js');
  return createState();
}

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe('steady_flow_step_total and the funnel report', () => {
  it('should count steps entered, answered and left, with label values only from the flow files', async () => {
    const counts = readStepCounts(await scrape());
    const today = counts.get('today');
    expect(today?.get('pick')).toEqual({ entered: 3, answered: 0, left: 0 });
    expect(today?.get('mood')).toEqual({ entered: 3, answered: 2, left: 1 });
    expect(today?.get('prompt')?.entered).toBe(2);
    expect(today?.get('prompt')?.left).toBe(1);
    for (const [flow, steps] of counts)
      for (const step of steps.keys())
        expect(
          program.registry.flows.get(flow)?.steps.some((s) => s.id === step),
          `${flow}/${step}`,
        ).toBe(true);
  });

  it('should print one table per flow, steps in file order, with reach and drop-off', async () => {
    const tables = funnelTables(readStepCounts(await scrape()), program.registry.flows.values());
    expect(tables).toContain("### today: Today's self-work");
    expect(tables).toContain('| step | entered | reached | answered | left | drop-off |');
    expect(tables).toContain('| pick | 3 | 100% | 0 | 0 |  |');
    expect(tables).toContain('| mood | 3 | 100% | 2 | 1 | 33% |');
    const section = tables.split('### ').find((t) => t.startsWith('today:')) ?? '';
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !/^\| (step|---) /.test(l));
    const todaySteps = program.registry.flows.get('today')?.steps.map((s) => s.id) ?? [];
    const shown = rows.map((r) => r.split(' | ')[0]?.slice(2) ?? '');
    expect(shown.length).toBeGreaterThan(4);
    expect(shown).toEqual(todaySteps.filter((s) => shown.includes(s)));
  });

  it('should list steps a scrape has but the flows no longer do as removed, and say when there is nothing', () => {
    const text = `# TYPE ${FLOW_STEP_SERIES} counter\n${FLOW_STEP_SERIES}{flow="today",step="old-step",outcome="entered"} 4\n${FLOW_STEP_SERIES}{flow="today",step="old-step",outcome="entered",instance="b"} 1\n`;
    expect(funnelTables(readStepCounts(text), program.registry.flows.values())).toContain(
      '| old-step (removed) | 5 |  | 0 | 0 |  |',
    );
    expect(funnelTables(readStepCounts('up 1\n'), [])).toBe(`No ${FLOW_STEP_SERIES} samples in this scrape.`);
  });

  it('should read the scrape from a file or from a /metrics URL', async () => {
    const body = await scrape();
    const dir = await mkdtemp(join(tmpdir(), 'steady-report-'));
    made.push(dir);
    await writeFile(join(dir, 'scrape.txt'), body);
    const lines: string[] = [];
    const output = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`err: ${l}`) };
    expect(await runFlowsReport([join(dir, 'scrape.txt')], output)).toBe(0);
    expect(lines.join('\n')).toContain('| mood | 3 | 100% | 2 | 1 | 33% |');

    const server = createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    lines.length = 0;
    expect(await runFlowsReport([`http://127.0.0.1:${port}/metrics`], output)).toBe(0);
    await new Promise((resolve) => server.close(resolve));
    expect(lines.join('\n')).toContain('| mood | 3 | 100% | 2 | 1 | 33% |');
    lines.length = 0;
    expect(await runFlowsReport([], output)).toBe(2);
    expect(lines[0]).toMatch(/^err: usage: flows:report/);
  });
});
