import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlowCli } from '../../src/cli/flows-commands.js';

// A stand-in for the coach's action registry, so these tests do not depend on which actions exist.
const ACTIONS: ReadonlySet<string> = new Set(['scoreLevel']);

describe('runFlowCli', () => {
  let out: string[];
  let err: string[];
  let tmp: string;
  const output = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeEach(async () => {
    out = [];
    err = [];
    tmp = await mkdtemp(join(tmpdir(), 'steady-flows-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('should print the number of flows and exit 0 when check passes', async () => {
    expect(await runFlowCli(['check', 'test/fixtures/flows-valid'], ACTIONS, output)).toBe(0);
    expect(out).toEqual(['3 flows OK']);
  });

  it('should print each problem and exit 1 when check fails', async () => {
    expect(await runFlowCli(['check', 'test/fixtures/flows-broken/missing-sources'], ACTIONS, output)).toBe(1);
    expect(err.join('\n').split('\n')).toEqual([
      '1 problem in the flows:',
      expect.stringMatching(
        /^test\/fixtures\/flows-broken\/missing-sources\/checkin\.yaml: flow 'checkin', step 'tip': .*\[missing-sources\]$/,
      ),
    ]);
  });

  it('should write one markdown page with a mermaid block per flow', async () => {
    expect(await runFlowCli(['graph', 'test/fixtures/flows-valid', tmp], ACTIONS, output)).toBe(0);
    expect((await readdir(tmp)).sort()).toEqual(['breathing.md', 'intake.md', 'menu.md']);
    expect(await readFile(join(tmp, 'menu.md'), 'utf8')).toContain('```mermaid\nflowchart TD\n');
  });

  it('should print usage and exit 2 for an unknown command', async () => {
    expect(await runFlowCli(['draw'], ACTIONS, output)).toBe(2);
    expect(err[0]).toMatch(/^usage: /);
  });
});
