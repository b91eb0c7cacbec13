import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createActions } from '../../src/coach/index.js';
import type { Program } from '../../src/engine/advance.js';
import { ENGINE_MESSAGES } from '../../src/engine/messages.js';
import { createProgram } from '../../src/engine/turn.js';
import { FlowSchema, SourcesSchema, type Flow } from '../../src/flow/schema.js';
import { readCatalogs, readContentData } from './catalogs.js';

/** The real catalogs, so unit tests see the words users see. */
export const catalogs = readCatalogs();

/** The engine's own sentences as users read them (placeholders left empty). */
export const messages = Object.fromEntries(
  Object.keys(ENGINE_MESSAGES.spec).map((key) => [key, catalogs.get('engine')?.get(key)?.format() ?? '']),
) as Record<keyof typeof ENGINE_MESSAGES.spec, string>;

/** Builds a program from inline YAML flows (schema-checked, not linted) for interpreter unit tests. */
export function programOf(...flowsYaml: string[]): Program {
  const flows = new Map<string, Flow>();
  for (const text of flowsYaml) {
    const flow = FlowSchema.parse(parse(text));
    flows.set(flow.id, flow);
  }
  const sources = SourcesSchema.parse(parse(readFileSync('flows/_sources.yaml', 'utf8')));
  const registry = { flows, catalogs, data: readContentData(), sources };
  return createProgram(registry, createActions(registry));
}

/** A flow that bumps `stats.n` on every answer and says `n=<count>`, so tests can count applied turns. */
export const COUNTER_FLOW = `
id: counter
version: 1
title: Counter
command: count
steps:
  - { id: bump, type: set, add: { stats.n: 1 } }
  - { id: show, type: ask, text: "n={$stats.n}", save: vars.last, reask: "again", next: bump }
`;

/** The command that starts {@link COUNTER_FLOW}. */
export const count = { kind: 'command', command: 'count', args: '' } as const;

/** Typed text as an input. */
export const say = (text: string) => ({ kind: 'text', text }) as const;
