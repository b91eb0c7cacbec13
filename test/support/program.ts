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
