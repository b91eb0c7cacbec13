import type { Option, StepOf } from '../flow/schema.js';
import { presentQuestion, tokenFor } from './present.js';
import { asideRequest } from './requests.js';
import { understandTyped } from './typed.js';
import { assertNever } from '../core/errors.js';
import { answerWords, isWord, plainName, readTimeOfDay } from '../understand/index.js';
import { assign, currentStep, moveTo, nextOf, startFlow } from './run.js';
import type { Turn } from './turn.js';
import { fill } from '../core/template.js';
import { scopeOf, withScope, writePath } from '../core/vars.js';

type Ask = StepOf<'ask'>;
type Choose = StepOf<'choose'>;

/** Answers the open question with typed text: validates an `ask`, or understands it against the options. */
export function answerText(turn: Turn, text: string): void {
  const { step } = currentStep(turn);
  if (step.type === 'ask') return answerAsk(turn, step, text);
  if (step.type !== 'choose') return;
  if (answerOffer(turn, step, text)) return;
  const understood = understandTyped(turn, step, text);
  switch (understood.kind) {
    case 'done':
      return finishMulti(turn, step);
    case 'take':
      return take(turn, step, optionsOf(step, understood.ids), text);
    case 'confirm':
      return offer(turn, step, optionsOf(step, understood.ids));
    case 'unknown': {
      // Not an answer, but maybe a question back that an aside answers ("who says so?").
      const aside = asideRequest(turn.program, text);
      return aside === undefined ? notUnderstood(turn, step, text) : runAside(turn, aside);
    }
    default:
      return assertNever(understood);
  }
}

/**
 * Runs an aside flow (such as /why), then puts the waiting journey back and asks its question again. The linter
 * makes sure an aside flow never waits itself.
 */
export function runAside(turn: Turn, flowId: string): void {
  const { flow, awaiting } = turn.state;
  startFlow(turn, flowId);
  if (!flow || !awaiting || turn.state.flow) return;
  turn.state = { ...turn.state, flow, awaiting };
  reshowQuestion(turn);
}

/** Answers the open question with a button; false when the button does not belong to it. */
export function answerChoice(turn: Turn, pick: number | 'done'): boolean {
  const { step } = currentStep(turn);
  if (step.type !== 'choose') return false;
  clearOffer(turn);
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

// A story told where onboarding asks its question is heard first; elsewhere the hint shows what kind of answer works.
function notUnderstood(turn: Turn, step: Choose, text: string): void {
  const { flow } = currentStep(turn);
  const story = text.trim().split(/\s+/).length >= 4;
  if (flow.onboarding && story) return hint(turn, turn.program.texts.text('heardYou'));
  hint(turn, turn.program.texts.text('notUnderstood', { examples: examplesOf(step) }));
}

// A "did you mean" is waiting: yes takes the one option offered, "the first" or "the second" one of two, no asks
// again; anything else is a new answer.
function answerOffer(turn: Turn, step: Choose, text: string): boolean {
  const offered = turn.state.awaiting?.offered;
  if (!offered || offered.length === 0) return false;
  clearOffer(turn);
  const [first, second] = offered;
  const yes = offered.length === 1 && isWord(answerWords().yes, text);
  const picked =
    yes || isWord(answerWords().first, text) ? first : isWord(answerWords().second, text) ? second : undefined;
  if (picked !== undefined) {
    take(turn, step, optionsOf(step, [picked]));
    return true;
  }
  if (!isWord(answerWords().no, text)) return false;
  hint(turn, turn.program.texts.text('notUnderstood', { examples: examplesOf(step) }));
  return true;
}

// Taken: a pick-one question moves on with a short echo; a pick-all-that-fit one adds them and waits for Done.
function take(turn: Turn, step: Choose, picks: Option[], typed = ''): void {
  if (picks.length === 0) return;
  if (step.multi) return select(turn, step, picks);
  const option = picks[0] as Option;
  // "7am please" taken as "Another time" is the time itself: the answer saved is the time, not the option.
  const time = option.understands?.includes(ANY_TIME) ? readTimeOfDay(typed) : undefined;
  const answer = time ?? option.label;
  // The label typed as it stands needs no echo; a label ending in its own mark ("Why?") gets no full stop.
  if (plainName(typed) !== plainName(answer)) {
    const key = /[.?!…]$/.test(answer) ? 'understoodMarked' : 'understood';
    turn.effects.push({ type: 'reply', reply: { kind: 'info', text: turn.program.texts.text(key, { answer }) } });
  }
  complete(turn, step, picks, time);
}

/** The phrasing of an option that stands for any typed time of day. */
const ANY_TIME = '{time}';

function offer(turn: Turn, step: Choose, picks: Option[]): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting || picks.length === 0) return;
  turn.state = { ...turn.state, awaiting: { ...awaiting, offered: picks.map((o) => o.id) } };
  const labels = picks.map((o) => o.label);
  const [first = '', second] = labels;
  const { texts } = turn.program;
  const text =
    second === undefined ? texts.text('didYouMeanOne', { first }) : texts.text('didYouMeanTwo', { first, second });
  const choices = picks.map((o) => ({ id: tokenFor(awaiting.seq, step.options.indexOf(o)), label: o.label }));
  turn.effects.push({ type: 'reply', reply: { kind: 'question', text, choices } });
}

function clearOffer(turn: Turn): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting?.offered) return;
  const { offered: _gone, ...rest } = awaiting;
  turn.state = { ...turn.state, awaiting: rest };
}

function optionsOf(step: Choose, ids: readonly string[]): Option[] {
  return ids.flatMap((id) => step.options.filter((o) => o.id === id));
}

// Two labels show the kind of answer that works, in the question's own words.
function examplesOf(step: Choose): string {
  return step.options
    .slice(0, 2)
    .map((o) => `“${o.label}”`)
    .join(', ');
}

function select(turn: Turn, step: Choose, picks: Option[]): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting) return;
  const selected = [...new Set([...awaiting.selected, ...picks.map((o) => o.id)])];
  turn.state = { ...turn.state, awaiting: { ...awaiting, selected } };
  showSelected(turn, step, selected);
}

function toggle(turn: Turn, step: Choose, option: Option): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting) return;
  const has = awaiting.selected.includes(option.id);
  const selected = has ? awaiting.selected.filter((id) => id !== option.id) : [...awaiting.selected, option.id];
  turn.state = { ...turn.state, awaiting: { ...awaiting, selected } };
  showSelected(turn, step, selected);
}

function showSelected(turn: Turn, step: Choose, selected: readonly string[]): void {
  const awaiting = turn.state.awaiting;
  if (!awaiting) return;
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

function complete(turn: Turn, step: Choose, picks: Option[], value?: string): void {
  save(turn, step.save, step.multi ? picks.map((o) => o.id) : (value ?? (picks[0] as Option).id));
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
