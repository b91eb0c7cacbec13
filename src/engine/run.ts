import { assertNever, ErrorCode, SteadyError } from '../core/errors.js';
import { countryChoice, type Program, type Turn } from './turn.js';
import { evaluate } from '../flow/conditions.js';
import type { Flow, Next, Step, StepOf } from '../flow/schema.js';
import { LAST_ADVICE, withoutJourney, type Frame, type Json, type SessionState } from '../core/state.js';
import { withTimer } from './due.js';
import { presentQuestion } from './present.js';
import { fill } from '../core/template.js';
import { addToPath, readPath, scopeOf, withScope, writePath } from '../core/vars.js';

/** How many steps one turn may take without waiting for the user before it is called a loop. */
export const MAX_STEPS = 200;

const END = 'end';

// === Entering and leaving flows

/** Starts `flowId` from its first step, replacing any journey in progress, and runs it until it waits. */
export function startFlow(turn: Turn, flowId: string): void {
  const flow = gatedFlow(turn, flowId);
  turn.state = { ...withoutJourney(turn.state), flow: { ...entryFrame(flow), stack: [] } };
  runSteps(turn);
}

/** Moves the current journey to `target` (a step id or `end`) and runs until it waits. */
export function moveTo(turn: Turn, target: string): void {
  goTo(turn, target);
  runSteps(turn);
}

function goTo(turn: Turn, target: string): void {
  const frame = turn.state.flow;
  if (!frame) return;
  if (target === END) return finishFlow(turn);
  turn.state = { ...turn.state, flow: { ...frame, step: target } };
}

// A finished called flow returns to its caller, which continues after its `call` step.
function finishFlow(turn: Turn): void {
  const frame = turn.state.flow;
  const caller = frame?.stack.at(-1);
  if (!frame || !caller) {
    turn.state = withoutJourney(turn.state);
    return;
  }
  const callerFlow = turn.program.registry.flows.get(caller.id);
  const callStep = callerFlow?.steps.find((s) => s.id === caller.step);
  turn.state = { ...turn.state, flow: { ...caller, stack: frame.stack.slice(0, -1) } };
  if (!callerFlow || !callStep) return finishFlow(turn);
  goTo(turn, nextOf(callerFlow, callStep, turn.state));
}

// === The step loop

/** Runs steps from the current one until a step waits for the user or the journey ends. */
export function runSteps(turn: Turn): void {
  const visited: string[] = [];
  while (turn.state.flow && !turn.state.awaiting) {
    const { flow, step } = currentStep(turn);
    visited.push(`${flow.id}/${step.id}`);
    if (visited.length > MAX_STEPS) throw loopError(visited);
    turn.effects.push({ type: 'step', flow: flow.id, step: step.id, outcome: 'entered' });
    const target = execute(turn, flow, step);
    if (target !== undefined) goTo(turn, target);
  }
}

/** The flow and step the user is at; callers have already checked that both exist. */
export function currentStep(turn: Turn): { flow: Flow; step: Step } {
  const frame = turn.state.flow;
  const flow = frame && turn.program.registry.flows.get(frame.id);
  const step = flow?.steps.find((s) => s.id === frame?.step);
  if (!flow || !step)
    throw new SteadyError(ErrorCode.FlowReference, `No step '${frame?.step}' in flow '${frame?.id}'.`);
  return { flow, step };
}

// Returns where to go next, or undefined when the step already moved the journey (or waits).
function execute(turn: Turn, flow: Flow, step: Step): string | undefined {
  switch (step.type) {
    case 'say':
      say(turn, step.text);
      noteSources(turn, flow, step);
      return nextOf(flow, step, turn.state);
    case 'ask':
    case 'choose':
      noteSources(turn, flow, step);
      return wait(turn, step);
    case 'branch':
      return step.cases.find((c) => evaluate(c.if, scopeOf(turn.state)))?.then ?? step.else;
    case 'set':
      assign(turn, step.set, step.add);
      return nextOf(flow, step, turn.state);
    case 'action':
      runAction(turn, step);
      return nextOf(flow, step, turn.state);
    case 'call':
      return enterCall(turn, step);
    case 'goto':
      return enterGoto(turn, step);
    case 'timer':
      armTimer(turn, step);
      return nextOf(flow, step, turn.state);
    case 'end':
      if (step.text) say(turn, step.text);
      if (step.text) noteSources(turn, flow, step);
      return END;
    default:
      return assertNever(step);
  }
}

function say(turn: Turn, text: string): void {
  turn.effects.push({ type: 'reply', reply: { kind: 'info', text: fill(text, scopeOf(turn.state)) } });
}

// Only steps that cite sources count as advice; plain guidance in between leaves the last advice standing.
function noteSources(turn: Turn, flow: Flow, step: Step): void {
  const sources = 'sources' in step ? step.sources : undefined;
  if (!sources) return;
  const lastAdvice = { sources, step: `${flow.id}/${step.id}` };
  turn.state = { ...turn.state, stats: { ...turn.state.stats, [LAST_ADVICE]: lastAdvice } };
}

function wait(turn: Turn, step: StepOf<'ask'> | StepOf<'choose'>): undefined {
  const seq = turn.state.seq + 1;
  turn.state = { ...turn.state, seq, awaiting: { seq, selected: [] } };
  const reply = presentQuestion(turn.program.texts, step, scopeOf(turn.state), seq);
  turn.effects.push({ type: 'reply', reply });
  return undefined;
}

/** Applies `set` and `add` assignments (from a set step or a chosen option). */
export function assign(turn: Turn, set?: Record<string, Json | { var: string }>, add?: Record<string, number>): void {
  let scope = scopeOf(turn.state);
  for (const [path, value] of Object.entries(set ?? {})) {
    scope = writePath(scope, path, resolveValue(scope, value));
  }
  for (const [path, amount] of Object.entries(add ?? {})) scope = addToPath(scope, path, amount);
  turn.state = withScope(turn.state, scope);
}

function resolveValue(scope: ReturnType<typeof scopeOf>, value: Json | { var: string }): Json {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.var === 'string') {
    return readPath(scope, value.var) ?? null;
  }
  return value as Json;
}

function runAction(turn: Turn, step: StepOf<'action'>): void {
  const fn = turn.program.actions.get(step.action);
  if (!fn) throw new SteadyError(ErrorCode.UnknownAction, `Action '${step.action}' is not registered in src/coach/.`);
  const frame = turn.state.flow;
  const { country, source } = countryChoice(turn.program, turn.state);
  const result = callAction(
    () =>
      fn({
        state: turn.state,
        vars: frame?.vars ?? {},
        args: step.args ?? {},
        now: turn.now,
        country,
        countrySource: source,
        resourcesText: (country) => turn.program.safety.resourcesText(country),
      }),
    `${frame?.id}/${step.id}`,
    step.action,
  );
  assign(turn, result.set);
  for (const text of result.say ?? []) say(turn, text);
  for (const effect of result.emit ?? []) turn.effects.push(effect);
}

function callAction<T>(call: () => T, where: string, name: string): T {
  try {
    return call();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SteadyError(
      ErrorCode.ActionFailed,
      `Action '${name}' failed at ${where}; check its args in the flow: ${reason}`,
      { cause: error },
    );
  }
}

function enterCall(turn: Turn, step: StepOf<'call'>): undefined {
  const callee = gatedFlow(turn, step.flow);
  const frame = turn.state.flow as NonNullable<SessionState['flow']>;
  const { stack, ...caller } = frame;
  turn.state = { ...turn.state, flow: { ...entryFrame(callee), stack: [...stack, { ...caller, step: step.id }] } };
  return undefined;
}

function enterGoto(turn: Turn, step: StepOf<'goto'>): undefined {
  const target = gatedFlow(turn, step.flow);
  const stack = turn.state.flow?.stack ?? [];
  turn.state = { ...turn.state, flow: { ...entryFrame(target), stack } };
  return undefined;
}

/** The flow that explains, instead of helping, once a legal or safety signal closed contact help. */
export const GATE_FLOW = 'contact-gate';

// Once the contact gate is set, no flow that helps contact the spouse may run, whichever door it is
// entered by (command, menu, goto, call or timer): the gate flow runs in its place.
function gatedFlow(turn: Turn, flowId: string): Flow {
  const flow = requireFlow(turn.program, flowId);
  if (!flow.contactHelp || turn.state.flags.contactBlocked !== true) return flow;
  return requireFlow(turn.program, GATE_FLOW);
}

// Timers live in the user's state, so the scheduler reads them from there and forgetting the user drops them.
function armTimer(turn: Turn, step: StepOf<'timer'>): void {
  turn.state = withTimer(turn.state, step.timer, turn.now + durationMs(step.after), step.flow);
}

/** Converts `30m`, `12h`, `2d` into milliseconds. */
export function durationMs(text: string): number {
  const amount = Number.parseInt(text, 10);
  const unit = text.at(-1);
  const perUnit = unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
  return amount * perUnit;
}

// === Transitions

/** The step after `step`: its `next` (first matching case), else the following step in the list, else the end. */
export function nextOf(flow: Flow, step: Step, state: SessionState): string {
  const next = 'next' in step ? step.next : undefined;
  const chosen = next === undefined ? undefined : pickNext(next, state);
  if (chosen !== undefined) return chosen;
  const index = flow.steps.indexOf(step);
  return flow.steps[index + 1]?.id ?? END;
}

function pickNext(next: Next, state: SessionState): string | undefined {
  if (typeof next === 'string') return next;
  for (const option of next) {
    if ('else' in option) return option.else;
    if (evaluate(option.if, scopeOf(state))) return option.then;
  }
  return undefined;
}

// A flow's first step with fresh variables; the schema guarantees at least one step.
function entryFrame(flow: Flow): Frame {
  return { id: flow.id, version: flow.version, step: (flow.steps[0] as Step).id, vars: {} };
}

function requireFlow(program: Program, flowId: string): Flow {
  const flow = program.registry.flows.get(flowId);
  if (!flow)
    throw new SteadyError(ErrorCode.FlowReference, `Flow '${flowId}' does not exist; check flows/ for its file.`);
  return flow;
}

function loopError(visited: string[]): SteadyError {
  const last = visited.at(-1) ?? '';
  const cycle = visited.slice(visited.lastIndexOf(last, -2)).join(' → ');
  return new SteadyError(
    ErrorCode.FlowLoop,
    `Advanced ${MAX_STEPS} steps without waiting for input; check for a 'next' cycle without an ask or choose step: ${cycle}.`,
  );
}
