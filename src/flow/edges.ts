import type { Condition, Flow, Next, Step } from './schema.js';
import { WAITING_STEPS } from './schema.js';

/** The target that finishes the flow; no step can be reached under this name. */
export const END_TARGET = 'end';

/** One possible transition out of a step: to a step id or {@link END_TARGET}, and why it is taken. */
export interface Edge {
  to: string;
  /** `next` names the target, `case`/`else` come from a conditional list, `fall` is the following step. */
  via: 'next' | 'case' | 'else' | 'fall';
  /** Where the target is written, for messages: `next`, `next[1].then`, `cases[0].then`, `else`... */
  at: string;
  /** The condition guarding a `case` edge. */
  condition?: Condition;
}

/** Every transition `flow.steps[index]` can take, in the order the engine tries them. */
export function stepEdges(flow: Flow, index: number): Edge[] {
  const step = flow.steps[index];
  if (step === undefined) return [];
  const fall: Edge = { to: flow.steps[index + 1]?.id ?? END_TARGET, via: 'fall', at: 'the following step' };
  switch (step.type) {
    case 'goto':
    case 'end':
      return [];
    case 'branch':
      return [
        ...step.cases.map((c, i): Edge => ({ to: c.then, via: 'case', at: `cases[${i}].then`, condition: c.if })),
        { to: step.else, via: 'else', at: 'else' },
      ];
    default:
      if (step.next === undefined) return [fall];
      if (typeof step.next === 'string') return [{ to: step.next, via: 'next', at: 'next' }];
      return conditionalEdges(step.next, fall);
  }
}

function conditionalEdges(cases: Exclude<Next, string>, fall: Edge): Edge[] {
  const edges: Edge[] = [];
  for (const [i, option] of cases.entries()) {
    // An `else` is always taken, so anything after it is dead and there is no fall-through.
    if ('else' in option) return [...edges, { to: option.else, via: 'else', at: `next[${i}].else` }];
    edges.push({ to: option.then, via: 'case', at: `next[${i}].then`, condition: option.if });
  }
  // Like the engine: when no case matches and there is no `else`, the following step runs.
  return [...edges, fall];
}

/** True for steps that stop and wait for the user's answer. */
export function isWaiting(step: Step): boolean {
  return (WAITING_STEPS as readonly string[]).includes(step.type);
}
