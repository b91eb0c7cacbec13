// One labelled item judged through the real flows: the engine's own reader for choose steps, the settings
// actions' readers for ask steps, the request table for free text and a whole turn for a first message.
import { TYPED_READERS } from '../coach/typed-values.js';
import { createState } from '../core/state.js';
import { advance } from '../engine/advance.js';
import { routeRequest } from '../engine/requests.js';
import { understandTyped } from '../engine/typed.js';
import type { Program } from '../engine/turn.js';
import type { Flow, Step } from '../flow/schema.js';

/** How an item went: taken (right or wrong), offered in a "did you mean", or asked again. */
export interface Outcome {
  correct: boolean;
  how: 'direct' | 'confirm' | 'wrong' | 'reask';
  got: string;
}

const NOW = Date.UTC(2026, 11, 7, 15, 0);
/** The label of an answer that fits no option. */
const NO_FIT = 'no-fit';

/** Judges one item; an unknown question id is an error that names it. */
export function judgeItem(
  program: Program,
  item: { question: string; text: string; expect: string | string[] },
): Outcome {
  if (item.question === 'first-message') return firstMessage(program, item.text);
  if (item.question === 'free') return free(program, item.text, String(item.expect));
  const [flowId, stepId] = item.question.split('/');
  const flow = program.registry.flows.get(flowId ?? '');
  const step = flow?.steps.find((s) => s.id === stepId);
  if (!flow || !step) throw new Error(`No question ${item.question} in the flows.`);
  const expected = Array.isArray(item.expect) ? item.expect : [item.expect];
  if (step.type === 'choose') {
    // `no-fit` marks an answer that fits no option; `none` does too where no option has that id.
    const noFit = expected[0] === NO_FIT || (expected[0] === 'none' && !step.options.some((o) => o.id === 'none'));
    return choose(program, step, item.text, noFit ? [] : expected);
  }
  if (step.type === 'ask') return ask(flow, step, item.text, expected[0] === 'none' ? NO_FIT : (expected[0] ?? NO_FIT));
  throw new Error(`${item.question} is a ${step.type} step, not a question.`);
}

// A first message that draws the safety screen's check-in question counts when answering it ("no") starts
// onboarding; it is counted as `confirm`, one question away.
function firstMessage(program: Program, text: string): Outcome {
  const first = advance(program, createState(), { kind: 'text', text }, NOW);
  const onboarding = [...program.registry.flows.values()].find((f) => f.onboarding)?.id;
  const asked =
    first.state.flow === undefined && first.effects.some((e) => e.type === 'reply' && e.reply.kind === 'safety');
  const { state } = asked ? advance(program, first.state, { kind: 'text', text: 'no' }, NOW + 60_000) : first;
  const started = state.flow?.id === onboarding;
  const got = `${asked ? 'check-in, then ' : ''}${state.flow?.id ?? 'no journey'}`;
  return { correct: started, how: started ? (asked ? 'confirm' : 'direct') : 'wrong', got };
}

function free(program: Program, text: string, expected: string): Outcome {
  const got = routeRequest(program, text)?.id ?? 'other';
  const correct = got === expected;
  return { correct, how: correct ? 'direct' : got === 'other' ? 'reask' : 'wrong', got };
}

function choose(program: Program, step: Extract<Step, { type: 'choose' }>, text: string, expected: string[]): Outcome {
  const turn = { program, state: createState(), effects: [], now: NOW };
  const understood = understandTyped(turn, step, text);
  const none = expected.length === 0;
  switch (understood.kind) {
    case 'take': {
      const got = understood.ids.join(',');
      if (none) return { correct: false, how: 'wrong', got };
      if (understood.ids.some((id) => !expected.includes(id))) return { correct: false, how: 'wrong', got };
      const all = expected.every((id) => understood.ids.includes(id));
      return { correct: all, how: all ? 'direct' : 'reask', got };
    }
    case 'confirm': {
      const got = `confirm ${understood.ids.join('|')}`;
      const offered = none || expected.some((id) => understood.ids.includes(id));
      return { correct: offered, how: 'confirm', got };
    }
    case 'done':
    case 'unknown':
      return { correct: none, how: 'reask', got: understood.kind };
  }
}

// An ask step's answer is read by the action that follows it, exactly as the flow runs it.
function ask(flow: Flow, step: Extract<Step, { type: 'ask' }>, text: string, expected: string): Outcome {
  const after = flow.steps[flow.steps.indexOf(step) + 1];
  const reader = after?.type === 'action' ? TYPED_READERS[after.action] : undefined;
  if (reader === undefined) {
    const kept = text.trim().length > 0;
    return { correct: kept === (expected !== NO_FIT), how: kept ? 'direct' : 'reask', got: kept ? 'kept' : 'empty' };
  }
  const reading = reader(text);
  switch (reading.kind) {
    case 'value': {
      const correct = reading.value === expected;
      return { correct, how: correct ? 'direct' : 'wrong', got: reading.value };
    }
    case 'ambiguous': {
      const correct =
        expected === 'ambiguous' || expected === 'none' || reading.candidates.some((c) => c.zone === expected);
      return { correct, how: 'confirm', got: `ambiguous ${reading.candidates.map((c) => c.zone).join('|')}` };
    }
    case 'unreadable':
      return { correct: expected === NO_FIT, how: 'reask', got: 'unreadable' };
  }
}
