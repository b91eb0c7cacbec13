import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlowCli } from '../../src/cli/flows-commands.js';

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
    expect(await runFlowCli(['check', 'test/fixtures/flows-valid'], output)).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^3 flows and \d+ catalog messages OK$/)]);
  });

  it('should print each problem and exit 1 when check fails', async () => {
    expect(await runFlowCli(['check', 'test/fixtures/flows-broken/missing-sources'], output)).toBe(1);
    expect(err.join('\n').split('\n')).toEqual([
      '1 problem in the flows:',
      expect.stringMatching(
        /^test\/fixtures\/flows-broken\/missing-sources\/checkin\.yaml: flow 'checkin', step 'tip': .*\[missing-sources\]$/,
      ),
    ]);
  });

  it('should fail on a catalog key that is missing, unused or filled with other placeholders', async () => {
    await cp('test/fixtures/flows-valid', tmp, { recursive: true, dereference: true });
    const engine = join(tmp, 'locales/en/engine.yaml');
    const text = (await readFile(engine, 'utf8'))
      .replace(/^busy: .*$/m, '')
      .replace(/^tooLong: .*$/m, 'tooLong: "Too long, over {$limit} characters."')
      .concat('\nleftOver: "Nobody says this."\n');
    await writeFile(engine, text);
    expect(await runFlowCli(['check', tmp], output)).toBe(1);
    expect(err.join('\n').split('\n')).toEqual([
      'The message catalogs do not match the code:',
      '- engine.busy is said but missing; add it.',
      '- engine.tooLong uses {$limit} but the code fills {$max}; make them match.',
      '- engine.leftOver is never said; remove it.',
    ]);
  });

  it('should fail on a data file the actions cannot read, naming the file', async () => {
    await cp('test/fixtures/flows-valid', tmp, { recursive: true, dereference: true });
    const prompts = join(tmp, 'locales/en/data/prompts.yaml');
    await writeFile(prompts, (await readFile(prompts, 'utf8')).replace(/^ {2}theme: self$/m, '  theme: selfish'));
    expect(await runFlowCli(['check', tmp], output)).toBe(1);
    expect(err.join('\n')).toMatch(/locales\/en\/data\/prompts\.yaml: 0\.theme: /);
  });

  it('should fail on a safety pattern that does not compile, naming its file and rule', async () => {
    await cp('test/fixtures/flows-valid', tmp, { recursive: true, dereference: true });
    const rules = join(tmp, 'locales/en/data/safety-rules-mood.yaml');
    await writeFile(
      rules,
      (await readFile(rules, 'utf8')).replace('    patterns:\n', '    patterns:\n      - (unclosed\n'),
    );
    expect(await runFlowCli(['check', tmp], output)).toBe(1);
    expect(err.join('\n').split('\n')).toEqual([
      '1 problem in the safety patterns:',
      expect.stringMatching(
        /safety-rules-mood\.yaml: rules\[0\] 'thirdParty\.about-someone' patterns\[0\]: does not compile \(.*\); fix the pattern\.$/,
      ),
    ]);
  });

  it('should write one markdown page with a mermaid block per flow', async () => {
    expect(await runFlowCli(['graph', 'test/fixtures/flows-valid', tmp], output)).toBe(0);
    expect((await readdir(tmp)).sort()).toEqual(['breathing.md', 'intake.md', 'menu.md']);
    expect(await readFile(join(tmp, 'menu.md'), 'utf8')).toContain('```mermaid\nflowchart TD\n');
  });

  it('should print usage and exit 2 for an unknown command', async () => {
    expect(await runFlowCli(['draw'], output)).toBe(2);
    expect(err[0]).toMatch(/^usage: /);
  });
});
