import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../src/coach/index.js';
import { hasCode, SteadyError } from '../../src/core/errors.js';
import { buildRegistry, FlowLintError, loadFlows } from '../../src/flow/loader.js';
import type { FlowFile } from '../../src/flow/loader.js';
import { ENGINE_MESSAGES } from '../../src/engine/messages.js';

const ACTIONS: ReadonlySet<string> = new Set(['scoreLevel']);
// Built from the engine's spec so a new message key does not break these tests.
const MESSAGES = Object.keys(ENGINE_MESSAGES.spec)
  .map((key) => `${key}: "ok"`)
  .join('\n');
const SOURCES =
  '"001": { title: A source, kind: article, holds: "A test source that holds one idea about space, silence and kind answers." }';
const GREETING = `
id: greeting
version: 1
title: Greeting
steps:
  - id: name
    type: ask
    text: What should I call you?
    save: profile.name
    reask: Just a first name is fine.
  - { id: thanks, type: say, role: info, text: "Thanks, {$profile.name}." }
`;

function filesWith(...flows: FlowFile[]): FlowFile[] {
  return [{ name: 'locales/en/engine.yaml', text: MESSAGES }, { name: '_sources.yaml', text: SOURCES }, ...flows];
}

function problemsOf(files: FlowFile[]): string[] {
  try {
    buildRegistry(files, ACTIONS);
  } catch (error) {
    if (!(error instanceof SteadyError)) throw error;
    expect(error.code).toBe('STEADY_FLOW_PARSE');
    return error.message.split('\n').slice(1);
  }
  throw new Error('expected parse problems');
}

describe('buildRegistry', () => {
  it('should build a registry from texts in memory', () => {
    const registry = buildRegistry(filesWith({ name: 'greeting.yaml', text: GREETING }), ACTIONS);
    expect([...registry.flows.keys()]).toEqual(['greeting']);
    expect(registry.flows.get('greeting')?.steps.map((s) => s.id)).toEqual(['name', 'thanks']);
    expect(registry.sources['001']?.kind).toBe('article');
    expect(registry.catalogs.get('engine')?.get('expired')?.format()).toBe('ok');
  });

  it('should keep catalogs and data files apart by their place under locales/en', () => {
    const registry = buildRegistry(
      filesWith(
        { name: 'greeting.yaml', text: GREETING },
        { name: 'flows/locales/en/data/lines.yaml', text: 'us: { emergency: "911" }' },
      ),
      ACTIONS,
    );
    expect([...registry.catalogs.keys()]).toEqual(['engine']);
    expect(registry.data.get('lines')).toEqual({
      file: 'flows/locales/en/data/lines.yaml',
      value: { us: { emergency: '911' } },
    });
  });

  it('should refuse a catalog message that is not valid MessageFormat 2, naming file and key', () => {
    const problems = problemsOf(
      filesWith(
        { name: 'greeting.yaml', text: GREETING },
        { name: 'locales/en/extra.yaml', text: 'hello: "Hi {$name"' },
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^locales\/en\/extra\.yaml: hello: not a valid MessageFormat 2 message/),
    ]);
  });

  it('should ignore other files starting with _ and files that are not .yaml', () => {
    const registry = buildRegistry(
      filesWith(
        { name: 'greeting.yaml', text: GREETING },
        { name: '_notes.yaml', text: 'not: [a flow' },
        { name: 'README.md', text: '#' },
      ),
      ACTIONS,
    );
    expect([...registry.flows.keys()]).toEqual(['greeting']);
  });

  it('should report a YAML syntax error with its file and line', () => {
    const text = 'id: greeting\nversion: 1\nsteps:\n  - id: a\n   type: say\n';
    expect(problemsOf(filesWith({ name: 'greeting.yaml', text }))).toEqual([
      expect.stringMatching(/^greeting\.yaml:5:\d+: YAML syntax: .+\.$/),
    ]);
  });

  it('should name the file, the step id and what is expected for a schema error', () => {
    const text = GREETING.replace('    reask: Just a first name is fine.\n', '');
    expect(problemsOf(filesWith({ name: 'greeting.yaml', text }))).toEqual([
      "greeting.yaml: step 'name' reask: is required (expected string).",
    ]);
  });

  it('should list every schema problem of every file, one per line', () => {
    const badType = GREETING.replace('type: ask', 'type: aks');
    const badNext = GREETING.replace('role: info,', 'role: info, next: 7,').replace('id: greeting', 'id: other');
    const badRoot = `${GREETING}colour: blue\n`.replace('id: greeting', 'id: third');
    expect(
      problemsOf(
        filesWith(
          { name: 'a.yaml', text: badType },
          { name: 'b.yaml', text: badNext },
          { name: 'c.yaml', text: badRoot },
        ),
      ),
    ).toEqual([
      'a.yaml: step \'name\' type: type must be one of say, ask, choose, branch, set, action, call, goto, timer, end; found "aks".',
      "b.yaml: step 'thanks' next: expected a step id, 'end', or a list of { if, then } cases ending with { else }; found 7.",
      "c.yaml: unknown key 'colour'; remove or respell it.",
    ]);
  });

  it('should use the step position when the step has no usable id', () => {
    const text = GREETING.replace('id: thanks,', 'id: 9,');
    expect(problemsOf(filesWith({ name: 'greeting.yaml', text }))).toEqual([
      'greeting.yaml: step #2 id: expected string, found 9.',
    ]);
  });

  it("should explain the schema's own rules, such as variable paths and source ids", () => {
    const text = GREETING.replace('save: profile.name', 'save: name');
    const problems = problemsOf([
      { name: 'locales/en/engine.yaml', text: MESSAGES },
      { name: '_sources.yaml', text: '"01": { title: A source, kind: article }' },
      { name: 'greeting.yaml', text },
    ]);
    expect(problems).toEqual([
      '_sources.yaml: ["01"]: a source id is three digits, e.g. "001".',
      "greeting.yaml: step 'name' save: expected a path such as vars.answer, profile.living, settings.x, stats.x or flags.x.",
    ]);
  });

  it('should say an empty flow file is empty', () => {
    expect(problemsOf(filesWith({ name: 'greeting.yaml', text: GREETING }, { name: 'blank.yaml', text: '' }))).toEqual([
      'blank.yaml: expected a mapping of keys to values (the file is empty).',
    ]);
  });

  it('should reject the same flow id in two files', () => {
    const problems = problemsOf(filesWith({ name: 'one.yaml', text: GREETING }, { name: 'two.yaml', text: GREETING }));
    expect(problems).toEqual(["two.yaml: flow id 'greeting' is already used by one.yaml; give each flow its own id."]);
  });

  it('should ask for the sources file when it is missing', () => {
    expect(problemsOf([{ name: 'greeting.yaml', text: GREETING }])).toEqual([
      '_sources.yaml is missing; create it beside the flows with the sources steps cite.',
    ]);
  });

  it('should reject a directory without flows', () => {
    expect(problemsOf(filesWith())).toEqual([
      'No flow files found; add at least one <flow-id>.yaml beside _sources.yaml.',
    ]);
  });

  it('should throw a FlowLint error listing every lint problem once parsing succeeds', () => {
    const text = GREETING.replace('role: info, ', '').replace(
      'save: profile.name',
      'save: profile.name\n    next: thnaks',
    );
    let caught: unknown;
    try {
      buildRegistry(filesWith({ name: 'greeting.yaml', text }), ACTIONS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FlowLintError);
    expect(hasCode(caught, 'STEADY_FLOW_LINT')).toBe(true);
    expect((caught as FlowLintError).issues.map((i) => i.code)).toEqual([
      'unknown-step',
      'unreachable-step',
      'missing-sources',
    ]);
    expect((caught as FlowLintError).message.split('\n')).toHaveLength(4);
  });
});

describe('loadFlows', () => {
  it('should load the valid fixture directory', async () => {
    const registry = await loadFlows('test/fixtures/flows-valid', ACTIONS);
    expect([...registry.flows.keys()]).toEqual(['breathing', 'intake', 'menu']);
  });

  it('should load the real flows with the real actions', async () => {
    const registry = await loadFlows('flows', new Set(ACTION_NAMES));
    expect(registry.flows.size).toBeGreaterThan(0);
  });

  it('should report a missing directory as a parse error', async () => {
    await expect(loadFlows('test/fixtures/no-such-dir', ACTIONS)).rejects.toMatchObject({
      code: 'STEADY_FLOW_PARSE',
      message: expect.stringContaining("Cannot read the flows directory 'test/fixtures/no-such-dir'"),
    });
  });

  it('should name files with their directory in problems', async () => {
    await expect(loadFlows('test/fixtures/flows-broken/unknown-action', ACTIONS)).rejects.toThrow(
      "test/fixtures/flows-broken/unknown-action/checkin.yaml: flow 'checkin', step 'score': action 'scoreLevle' is not registered",
    );
  });
});
