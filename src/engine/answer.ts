import type { Option, StepOf } from '../flow/schema.js';
import { presentQuestion } from './present.js';
import { assign, currentStep, moveTo, nextOf } from './run.js';
import type { Turn } from './turn.js';
import { fill } from '../core/template.js';
import { scopeOf, withScope, writePath } from '../core/vars.js';

type Ask = StepOf<'ask'>;
type Choose = StepOf<'choose'>;

/** Answers the open question with typed text: validates an `ask`, or matches options by number or label. */
export function answerText(turn: Turn, text: string): void {
  const { step } = currentStep(turn);
  if (step.type === 'ask') return answerAsk(turn, step, text);
  if (step.type !== 'choose') return;
  const picks = step.multi ? matchMany(step, text, turn) : matchOne(step, text);
  if (picks === 'done') return finishMulti(turn, step);
  if (!picks || picks.length === 0) return hint(turn, turn.program.texts.text('chooseHint'));
  complete(turn, step, picks);
}

/** Answers the open question with a button; false when the button does not belong to it. */
export function answerChoice(turn: Turn, pick: number | 'done'): boolean {
  const { step } = currentStep(turn);
  if (step.type !== 'choose') return false;
  if (pick === 'done') {
    if (!step.multi) return false;
    finishMulti(turn, step);
    return true;
  }
  const option = step.options[pick];
  if (!option) return false;
  if (step.multi) toggle(turn, step, option);
  else complete(turn, step, [option]);
  return true;
}

/** Asks the open question again with the same buttons, which stay valid. */
export function reshowQuestion(turn: Turn): void {
  const { step } = currentStep(turn);
  const awaiting = turn.state.awaiting;
  if (!awaiting || (step.type !== 'ask' && step.type !== 'choose')) return;
  const reply = presentQuestion(turn.program.texts, step, scopeOf(turn.state), awaiting.seq);
  turn.effects.push({ type: 'reply', reply });
}

// === ask

function answerAsk(turn: Turn, step: Ask, text: string): void {
  const value = validate(step, text);
  if (value === undefined) return hint(turn, step.reask);
  save(turn, step.save, value);
  leave(turn, step);
}

function validate(step: Ask, text: string): string | number | undefined {
  const rules = step.validate;
  if (rules?.kind === 'number') {
    const number = Number(text.replace(',', '.'));
    if (!Number.isFinite(number)) return undefined;
    if ((rules.min !== undefined && number < rules.min) || (rules.max !== undefined && number > rules.max))
      return undefined;
    return number;
  }
  const length = [...text].length;
  if (length < (rules?.minLength ?? 1) || length > (rules?.maxLength ?? 4000)) return undefined;
  return text;
}

// === choose

function matchOne(step: Choose, text: string): Option[] | undefined {
  const option = matchOption(step, text);
  return option ? [option] : undefined;
}

// "1, 3", "1 3", "pleading and texting" or the done label; every part must match.
function matchMany(step: Choose, text: string, turn: Turn): Option[] | 'done' | undefined {
  const doneLabel = step.doneLabel ?? turn.program.texts.text('multiDone');
  if (normalise(text) === normalise(doneLabel)) return 'done';
  const parts = /^[\d\s,;]+$/.test(text) ? text.split(/[\s,;]+/) : text.split(/\s*(?:[,;]|\band\b)\s*/i);
  const picks = parts.filter((p) => p.trim() !== '').map((p) => matchOption(step, p));
  if (picks.some((p) => p === undefined)) return undefined;
  return [...new Set(picks as Option[])];
}

function matchOption(step: Choose, text: string): Option | undefined {
  const wanted = normalise(text);
  const index = /^\d+$/.test(wanted) ? Number(wanted) - 1 : -1;
  if (index >= 0) return step.options[index];
  const exact = step.options.find((o) => namesOf(o).includes(wanted));
  if (exact || wanted.length < 4) return exact;
  // A longer fragment may pick an option when it occurs in exactly one label.
  const partial = step.options.filter((o) => namesOf(o).some((name) => name.includes(wanted)));
  return partial.length === 1 ? partial[0] : undefined;
}

function namesOf(option: Option): string[] {
  return [option.label, option.id.replace(/[_-]/g, ' '), ...(option.synonyms ?? [])].map(normalise);
}

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function toggle(turn: Turn, step: Choose, option: Option): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting) return;
  const has = awaiting.selected.includes(option.id);
  const selected = has ? awaiting.selected.filter((id) => id !== option.id) : [...awaiting.selected, option.id];
  turn.state = { ...turn.state, awaiting: { ...awaiting, selected } };
  const labels = step.options.filter((o) => selected.includes(o.id)).map((o) => o.label);
  const { texts } = turn.program;
  const text =
    labels.length > 0 ? texts.text('multiSelected', { selected: labels.join(', ') }) : texts.text('multiEmpty');
  turn.effects.push({
    type: 'reply',
    reply: { ...presentQuestion(turn.program.texts, step, scopeOf(turn.state), awaiting.seq), text },
  });
}

function finishMulti(turn: Turn, step: Choose): void {
  const selected = new Set(turn.state.awaiting?.selected ?? []);
  const picks = step.options.filter((o) => selected.has(o.id));
  if (picks.length === 0) return hint(turn, turn.program.texts.text('multiEmpty'));
  complete(turn, step, picks);
}

function complete(turn: Turn, step: Choose, picks: Option[]): void {
  save(turn, step.save, step.multi ? picks.map((o) => o.id) : (picks[0] as Option).id);
  for (const option of picks) assign(turn, option.set, option.add);
  leave(turn, step);
}

// === shared

function save(turn: Turn, path: string, value: string | number | string[]): void {
  turn.state = withScope(turn.state, writePath(scopeOf(turn.state), path, value));
}

function leave(turn: Turn, step: Ask | Choose): void {
  const { flow } = currentStep(turn);
  turn.effects.push({ type: 'step', flow: flow.id, step: step.id, outcome: 'answered' });
  const { awaiting: _answered, ...rest } = turn.state;
  turn.state = rest;
  moveTo(turn, nextOf(flow, step, turn.state));
}

function hint(turn: Turn, text: string): void {
  turn.effects.push({ type: 'reply', reply: { kind: 'info', text: fill(text, scopeOf(turn.state)) } });
  reshowQuestion(turn);
}
