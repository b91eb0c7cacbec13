import { ENGINE_MESSAGES } from '../../src/engine/messages.js';
import { stubCatalogs } from '../support/catalogs.js';
import { describe, expect, it } from 'vitest';
import { FlowLintError, loadFlows } from '../../src/flow/loader.js';
import { formatIssue, lintRegistry, MAX_TEXT_LENGTH } from '../../src/flow/lint.js';
import type { LintCode } from '../../src/flow/lint.js';
import { FlowSchema } from '../../src/flow/schema.js';
import type { FlowRegistry } from '../../src/flow/schema.js';

const ACTIONS: ReadonlySet<string> = new Set(['scoreLevel']);
const BROKEN = 'test/fixtures/flows-broken';

async function lintErrorOf(dir: string): Promise<FlowLintError> {
  try {
    await loadFlows(dir, ACTIONS);
  } catch (error) {
    if (error instanceof FlowLintError) return error;
    throw error;
  }
  throw new Error(`expected lint problems in ${dir}`);
}

// Builds a registry straight from step objects, skipping the linter, so single rules can be tested.
function registryOf(flows: Record<string, unknown[]>, messages: Record<string, string> = {}): FlowRegistry {
  return {
    flows: new Map(
      Object.entries(flows).map(([id, steps]) => [id, FlowSchema.parse({ id, version: 1, title: id, steps })]),
    ),
    catalogs: stubCatalogs(ENGINE_MESSAGES, messages),
    data: new Map(),
    sources: {
      '001': {
        title: 'A source',
        kind: 'article',
        holds: 'A test source that holds one idea about space, silence and answering a spouse kindly.',
      },
    },
  };
}

const ask = (id: string, extra: object = {}): object => ({
  id,
  type: 'ask',
  text: 'Q?',
  save: 'vars.a',
  reask: 'Again?',
  ...extra,
});
const info = (id: string, extra: object = {}): object => ({ id, type: 'say', role: 'info', text: 'Hi.', ...extra });
const codes = (registry: FlowRegistry): string[] => lintRegistry(registry, ACTIONS).map((i) => i.code);

describe('lintRegistry', () => {
  it('should find nothing wrong with the valid fixture, which uses every step type', async () => {
    const registry = await loadFlows('test/fixtures/flows-valid', ACTIONS);
    const types = new Set([...registry.flows.values()].flatMap((f) => f.steps.map((s) => s.type)));
    expect([...types].sort()).toEqual([
      'action',
      'ask',
      'branch',
      'call',
      'choose',
      'end',
      'goto',
      'say',
      'set',
      'timer',
    ]);
    expect(lintRegistry(registry, ACTIONS)).toEqual([]);
  });

  // Each broken fixture holds exactly one problem; the line must name the file, the step and the fix.
  const cases: { code: LintCode; step: string; fix: RegExp }[] = [
    { code: 'duplicate-step', step: 'mood', fix: /used by steps #1 and #2; rename one/ },
    { code: 'unknown-step', step: 'mood', fix: /next\[0\]\.then goes to 'thank'.*did you mean 'thanks'\?/ },
    {
      code: 'unknown-flow',
      step: 'breathe',
      fix: /calls flow 'breathing', which does not exist.*create a flow with that id/,
    },
    { code: 'unreachable-step', step: 'orphan', fix: /can never run.*point a next at it or delete it/ },
    {
      code: 'unknown-action',
      step: 'score',
      fix: /action 'scoreLevle' is not registered; did you mean 'scoreLevel'\?/,
    },
    {
      code: 'wait-free-cycle',
      step: 'tally',
      fix: /steps 'tally', 'check' form a loop.*add an ask or choose step inside the loop/,
    },
    {
      code: 'call-cycle',
      step: 'again',
      fix: /flow 'checkin' calls or goes to itself.*add an ask or choose step before step 'again'/,
    },
    {
      code: 'label-too-long',
      step: 'mood',
      fix: /label of option 'long' is 80 characters, over the limit of 75; shorten it/,
    },
    {
      code: 'text-too-long',
      step: 'essay',
      fix: /text is \d+ characters, over the limit of 2000; shorten it or split it/,
    },
    {
      code: 'too-many-words',
      step: 'essay',
      fix: /text has 136 words, over the limit of 120 for one message; split it into cards/,
    },
    { code: 'missing-sources', step: 'tip', fix: /cites no sources; add 'sources: \["001"\]'.*or set 'role: info'/ },
    {
      code: 'unknown-source',
      step: 'tip',
      fix: /cites source '009', which is not in _sources\.yaml; did you mean '001'\?/,
    },
    { code: 'duplicate-option', step: 'mood', fix: /option id 'calm' is used more than once; give each option/ },
    { code: 'reserved-step-id', step: 'end', fix: /'end' is reserved.*rename the step/ },
  ];

  it.each(cases)('should report $code with the file, the step and the fix', async ({ code, step, fix }) => {
    const error = await lintErrorOf(`${BROKEN}/${code}`);
    const file = `${BROKEN}/${code}/checkin.yaml`;
    expect(error.code).toBe('STEADY_FLOW_LINT');
    expect(error.issues).toEqual([expect.objectContaining({ code, file, flow: 'checkin', step })]);
    const line = error.message.split('\n')[1] ?? '';
    expect(line.startsWith(`${file}: flow 'checkin', step '${step}': `)).toBe(true);
    expect(line).toMatch(fix);
    expect(line.endsWith(`[${code}]`)).toBe(true);
  });

  it('should treat a step without next as falling through, and the last step as finishing the flow', () => {
    expect(codes(registryOf({ a: [ask('one'), info('two'), info('three')] }))).toEqual([]);
  });

  it('should fall through when no case of a conditional next matches and there is no else', () => {
    const first = ask('one', { next: [{ if: { var: 'vars.a', eq: 'x' }, then: 'three' }] });
    expect(codes(registryOf({ a: [first, info('two'), info('three')] }))).toEqual([]);
  });

  it('should not fall through after an else, a goto or an end', () => {
    const withElse = ask('one', { next: [{ if: { var: 'vars.a', eq: 'x' }, then: 'three' }, { else: 'three' }] });
    expect(codes(registryOf({ a: [withElse, info('two'), info('three')] }))).toEqual(['unreachable-step']);
    expect(codes(registryOf({ a: [ask('one'), { id: 'out', type: 'goto', flow: 'a' }, info('two')] }))).toEqual([
      'unreachable-step',
    ]);
    expect(codes(registryOf({ a: [ask('one'), { id: 'bye', type: 'end' }, info('two')] }))).toEqual([
      'unreachable-step',
    ]);
  });

  it('should report cases listed after an else, which can never be taken', () => {
    const first = ask('one', { next: [{ else: 'two' }, { if: { var: 'vars.a', eq: 'x' }, then: 'two' }] });
    const issues = lintRegistry(registryOf({ a: [first, info('two')] }), ACTIONS);
    expect(issues).toEqual([expect.objectContaining({ code: 'dead-case', step: 'one' })]);
    expect(issues[0]?.message).toBe(
      'next[0] is an else, so the 1 case(s) after it can never be taken; move the else to the end of the list.',
    );
  });

  it('should accept end as a target in next, cases and else', () => {
    const branch = { id: 'pick', type: 'branch', cases: [{ if: { var: 'vars.a', eq: 1 }, then: 'end' }], else: 'end' };
    expect(codes(registryOf({ a: [ask('one', { next: 'pick' }), branch] }))).toEqual([]);
  });

  it('should accept a loop that waits, also when the wait is inside a called flow', () => {
    expect(codes(registryOf({ a: [ask('one'), info('two', { next: 'one' })] }))).toEqual([]);
    const calling = [{ id: 'sub', type: 'call', flow: 'b' }, info('two', { next: 'sub' })];
    expect(codes(registryOf({ a: calling, b: [ask('q')] }))).toEqual([]);
  });

  it('should report a loop through a called flow that never waits', () => {
    const calling = [{ id: 'sub', type: 'call', flow: 'b' }, info('two', { next: 'sub' })];
    expect(codes(registryOf({ a: calling, b: [info('hi')] }))).toEqual(['wait-free-cycle']);
  });

  it('should report flows that call each other before waiting, once, naming both', () => {
    const issues = lintRegistry(
      registryOf({
        a: [{ id: 'to-b', type: 'call', flow: 'b' }, ask('q')],
        b: [info('hi'), { id: 'to-a', type: 'goto', flow: 'a' }],
      }),
      ACTIONS,
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'call-cycle', flow: 'a', step: 'to-b' })]);
    expect(issues[0]?.message).toContain("flows 'a', 'b' call or go to each other");
  });

  it('should not report flows that call each other after waiting', () => {
    const registry = registryOf({
      a: [ask('q'), { id: 'to-b', type: 'call', flow: 'b' }],
      b: [{ id: 'to-a', type: 'goto', flow: 'a' }],
    });
    expect(codes(registry)).toEqual([]);
  });

  it('should report unknown flows named by timers and gotos', () => {
    const steps = [
      ask('q'),
      { id: 'later', type: 'timer', timer: 't', after: '1d', flow: 'nope' },
      { id: 'out', type: 'goto', flow: 'gone' },
    ];
    const issues = lintRegistry(registryOf({ a: steps }), ACTIONS);
    expect(issues.map((i) => [i.code, i.step])).toEqual([
      ['unknown-flow', 'later'],
      ['unknown-flow', 'out'],
    ]);
    expect(issues[0]?.message).toMatch(/^starts flow 'nope'/);
  });

  it('should require sources for end text that gives advice, but not for info or an end without text', () => {
    expect(codes(registryOf({ a: [ask('q'), { id: 'bye', type: 'end', text: 'Rest tonight.' }] }))).toEqual([
      'missing-sources',
    ]);
    expect(codes(registryOf({ a: [ask('q'), { id: 'bye', type: 'end', text: 'Bye.', role: 'info' }] }))).toEqual([]);
    expect(codes(registryOf({ a: [ask('q'), { id: 'bye', type: 'end' }] }))).toEqual([]);
  });

  it('should check the doneLabel and the reask text too', () => {
    const choose = {
      id: 'c',
      type: 'choose',
      text: 'Pick',
      save: 'vars.c',
      multi: true,
      doneLabel: 'x'.repeat(76),
      options: [{ id: 'a', label: 'A' }],
    };
    const long = ask('q', { reask: 'y'.repeat(MAX_TEXT_LENGTH + 1) });
    expect(lintRegistry(registryOf({ a: [choose, long] }), ACTIONS).map((i) => i.message)).toEqual([
      'doneLabel is 76 characters, over the limit of 75; shorten it so it fits on a button on every platform.',
      'reask is 2001 characters, over the limit of 2000; shorten it or split it over several say steps.',
    ]);
  });

  it('should report an over-long message against its catalog file, and allow template variables', () => {
    const issues = lintRegistry(
      registryOf({ a: [ask('q')] }, { help: 'h'.repeat(2001), multiSelected: 'So far: {$selected}' }),
      ACTIONS,
    );
    expect(issues).toEqual([
      expect.objectContaining({ code: 'text-too-long', file: 'locales/en/engine.yaml', flow: '', step: 'help' }),
    ]);
    expect(formatIssue(issues[0] ?? { flow: '', code: 'text-too-long', message: '' })).toMatch(
      /^locales\/en\/engine\.yaml: step 'help': message 'help' is 2001 characters/,
    );
  });

  it('should report a catalog message with more words than one screen holds', () => {
    const words = Array.from({ length: 125 }, () => 'calm').join(' ');
    const issues = lintRegistry(registryOf({ a: [ask('q')] }, { help: words }), ACTIONS);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'too-many-words', file: 'locales/en/engine.yaml', step: 'help' }),
    ]);
  });

  it('should report a flow text that is not a valid MessageFormat 2 message', () => {
    const issues = lintRegistry(registryOf({ a: [ask('q', { text: 'Hello {$profile.name' })] }), ACTIONS);
    expect(issues).toEqual([expect.objectContaining({ code: 'bad-message', flow: 'a', step: 'q' })]);
    expect(issues[0]?.message).toMatch(/^text: not a valid MessageFormat 2 message/);
  });

  it('should report two flows claiming the same command', () => {
    const registry = registryOf({ a: [ask('q')], b: [ask('q')] });
    const withCommands: FlowRegistry = {
      ...registry,
      flows: new Map([...registry.flows].map(([id, f]) => [id, { ...f, command: 'go' }])),
    };
    const issues = lintRegistry(withCommands, ACTIONS, new Map([['b', 'b.yaml']]));
    expect(issues).toEqual([expect.objectContaining({ code: 'duplicate-command', flow: 'b', file: 'b.yaml' })]);
    expect(issues[0]?.message).toBe("command '/go' is already used by flow 'a'; give each flow its own command.");
  });

  it('should report a flow claiming a command Steady answers itself', () => {
    const registry = registryOf({ a: [ask('q')], b: [ask('q')] });
    const claimed: FlowRegistry = {
      ...registry,
      flows: new Map([...registry.flows].map(([id, f]) => [id, { ...f, command: id === 'a' ? 'help' : 'go' }])),
    };
    const issues = lintRegistry(claimed, ACTIONS);
    expect(issues).toEqual([expect.objectContaining({ code: 'reserved-command', flow: 'a' })]);
    expect(issues[0]?.message).toMatch(
      /^command '\/help' is answered by Steady itself \(\/start, \/menu, \/help, \/cancel\)/,
    );
  });

  it('should report an aside flow that waits, and accept one that only says', () => {
    const registry = registryOf({ a: [ask('q')], b: [info('hi')] });
    const asides: FlowRegistry = {
      ...registry,
      flows: new Map([...registry.flows].map(([id, f]) => [id, { ...f, aside: true }])),
    };
    const issues = lintRegistry(asides, ACTIONS);
    expect(issues).toEqual([expect.objectContaining({ code: 'aside-waits', flow: 'a', step: 'q' })]);
  });

  it('should count the words of the longest variant of a .match message against the word limit', () => {
    const variant = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');
    const text = `.input {$n :number}\n.match $n\none {{${variant(10)}}}\n* {{${variant(121)}}}`;
    const issues = lintRegistry(registryOf({ a: [info('s', { text })] }), ACTIONS);
    expect(issues).toEqual([expect.objectContaining({ code: 'too-many-words', step: 's' })]);
    expect(issues[0]?.message).toMatch(/text has 121 words, over the limit of 120/);
  });
});
