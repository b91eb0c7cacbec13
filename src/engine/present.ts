import type { StepOf } from '../flow/schema.js';
import type { Choice, Reply } from '../core/types.js';
import { fill } from '../core/template.js';
import type { Scope } from '../core/vars.js';
import type { EngineTexts } from './turn.js';

const TOKEN = /^([0-9a-z]{1,8})\.([0-9a-z]{1,3}|d)$/;

/** A button token decoded: which question it belongs to and which option (or the multi-select `done`). */
export type ParsedToken = { seq: number; pick: number | 'done' };

/** Encodes a button as `<question seq>.<option index>` in base 36: short, opaque, and stale once the question changes. */
export function tokenFor(seq: number, pick: number | 'done'): string {
  return `${seq.toString(36)}.${pick === 'done' ? 'd' : pick.toString(36)}`;
}

/** Decodes a button token; `undefined` for anything that is not one (forged or mangled data). */
export function parseToken(token: string): ParsedToken | undefined {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return undefined;
  const pick = match[2] === 'd' ? 'done' : Number.parseInt(match[2], 36);
  return { seq: Number.parseInt(match[1], 36), pick };
}

/** The message that asks a waiting step's question, with its buttons. */
export function presentQuestion(
  texts: EngineTexts,
  step: StepOf<'ask'> | StepOf<'choose'>,
  scope: Scope,
  seq: number,
): Reply {
  const text = fill(step.text, scope);
  if (step.type === 'ask') return step.form ? { kind: 'question', text, form: step.form } : { kind: 'question', text };
  const choices: Choice[] = step.options.map((option, index) => ({ id: tokenFor(seq, index), label: option.label }));
  if (!step.multi) return { kind: 'question', text, choices };
  choices.push({ id: tokenFor(seq, 'done'), label: step.doneLabel ?? texts.text('multiDone') });
  return { kind: 'question', text, choices, multi: true };
}

/** An informational reply from a messages-file text. */
export function info(text: string, kind: Reply['kind'] = 'info'): Reply {
  return { kind, text };
}
