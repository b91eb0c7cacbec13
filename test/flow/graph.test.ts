import { describe, expect, it } from 'vitest';
import { describeCondition, toMermaid, toMermaidPage } from '../../src/flow/graph.js';
import { loadFlows } from '../../src/flow/loader.js';
import { FlowSchema } from '../../src/flow/schema.js';
import type { Flow } from '../../src/flow/schema.js';

function flowOf(steps: unknown[]): Flow {
  return FlowSchema.parse({ id: 'demo', version: 2, title: 'Demo', command: 'demo', steps });
}

const DEMO = flowOf([
  {
    id: 'mood',
    type: 'choose',
    text: 'How are you?',
    save: 'vars.mood',
    options: [
      { id: 'ok', label: 'OK' },
      { id: 'low', label: 'Low' },
    ],
    next: [{ if: { var: 'vars.mood', eq: 'low' }, then: 'care' }],
  },
  { id: 'plain', type: 'say', role: 'info', text: 'Say "hi" <b>now</b>.', next: 'end' },
  { id: 'care', type: 'branch', cases: [{ if: { var: 'stats.score', gt: 3 }, then: 'help' }], else: 'bye' },
  { id: 'help', type: 'goto', flow: 'breathing' },
  { id: 'bye', type: 'end', role: 'info', text: 'Take care.' },
]);

describe('toMermaid', () => {
  it('should draw a top-down flowchart with one node per step and a finish node', () => {
    const lines = toMermaid(DEMO).split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  s0(["choose: mood<br/>How are you?<br/>OK / Low"])');
    expect(lines).toContain('  s2{"branch: care"}');
    expect(lines).toContain('  s3[["goto: help<br/>→ breathing"]]');
    expect(lines).toContain('  s4(("end: bye<br/>Take care."))');
    expect(lines).toContain('  finish(((end)))');
  });

  it('should label conditional edges, else edges and leave plain edges bare', () => {
    const lines = toMermaid(DEMO).split('\n');
    expect(lines).toContain('  s0 -->|"mood = #quot;low#quot;"| s2');
    expect(lines).toContain('  s0 -->|otherwise| s1');
    expect(lines).toContain('  s1 --> finish');
    expect(lines).toContain('  s2 -->|"stats.score #gt; 3"| s3');
    expect(lines).toContain('  s2 -->|else| s4');
    // goto and end lead nowhere inside the flow
    expect(lines.filter((l) => l.startsWith('  s3 -->') || l.startsWith('  s4 -->'))).toEqual([]);
  });

  it('should mark waiting steps with their own class', () => {
    expect(toMermaid(DEMO)).toContain('  class s0 waiting\n');
    expect(toMermaid(DEMO)).toContain('classDef waiting ');
  });

  it('should escape quotes and angle brackets in step text', () => {
    expect(toMermaid(DEMO)).toContain('s1["say: plain<br/>Say #quot;hi#quot; #lt;b#gt;now#lt;/b#gt;."]');
  });

  it('should leave out the finish node when nothing reaches it', () => {
    expect(toMermaid(flowOf([{ id: 'only', type: 'end' }]))).not.toContain('finish');
  });

  it('should draw every flow of the valid fixture', async () => {
    const registry = await loadFlows('test/fixtures/flows-valid', new Set(['scoreLevel']));
    const intake = toMermaid(registry.flows.get('intake') as Flow);
    expect(intake).toContain('>"timer: remind<br/>follow-up after 1d → breathing"]');
    // Long conditions are cut to keep the chart readable.
    expect(intake).toContain('  s5 -->|"feelings has #quot;worry#quot; and (not profile.n…"| s8');
  });
});

describe('describeCondition', () => {
  it('should render each operator briefly', () => {
    expect(describeCondition({ var: 'vars.a', in: ['x', 1] })).toBe('a in "x", 1');
    expect(describeCondition({ var: 'vars.n', lte: 2 })).toBe('n ≤ 2');
    expect(describeCondition({ var: 'flags.seen', exists: true })).toBe('flags.seen is set');
    expect(describeCondition({ any: [{ var: 'vars.a', eq: true }, { not: { var: 'vars.b', gte: 1 } }] })).toBe(
      'a = true or (not b ≥ 1)',
    );
  });
});

describe('toMermaidPage', () => {
  it('should wrap the diagram in a titled markdown page with a mermaid block', () => {
    const page = toMermaidPage(DEMO);
    expect(page.startsWith('# Demo\n\nStarted with `/demo`. Flow `demo`, version 2.')).toBe(true);
    expect(page).toContain('```mermaid\nflowchart TD\n');
    expect(page.endsWith('```\n')).toBe(true);
  });
});
