import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { actionRegistry } from '../../src/coach/index.js';
import type { Program } from '../../src/engine/advance.js';
import { FlowSchema, MessagesSchema, SourcesSchema, type Flow } from '../../src/flow/schema.js';

/** The real messages file, so unit tests see the words users see. */
export const messages = MessagesSchema.parse(parse(readFileSync('flows/_messages.yaml', 'utf8')));

/** Builds a program from inline YAML flows (schema-checked, not linted) for interpreter unit tests. */
export function programOf(...flowsYaml: string[]): Program {
  const flows = new Map<string, Flow>();
  for (const text of flowsYaml) {
    const flow = FlowSchema.parse(parse(text));
    flows.set(flow.id, flow);
  }
  const sources = SourcesSchema.parse(parse(readFileSync('flows/_sources.yaml', 'utf8')));
  return { registry: { flows, messages, sources }, actions: actionRegistry };
}

/** A flow that bumps `stats.n` on every answer and says `n=<count>`, so tests can count applied turns. */
export const COUNTER_FLOW = `
id: counter
version: 1
title: Counter
command: count
steps:
  - { id: bump, type: set, add: { stats.n: 1 } }
  - { id: show, type: ask, text: "n={{stats.n}}", save: vars.last, reask: "again", next: bump }
`;

/** The command that starts {@link COUNTER_FLOW}. */
export const count = { kind: 'command', command: 'count', args: '' } as const;

/** Typed text as an input. */
export const say = (text: string) => ({ kind: 'text', text }) as const;
