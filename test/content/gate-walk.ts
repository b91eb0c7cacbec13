import type { Condition, Flow, FlowRegistry, Step } from '../../src/flow/schema.js';
import { END_TARGET, stepEdges } from '../../src/flow/edges.js';

// A walk over every flow as a user with the contact gate closed would meet it: conditions on the gate are known
// (closed), every other condition may go either way, and a flow that helps with contact is replaced by the gate's
// own flow, as the engine does. What the walk reaches is everything such a user can be shown.

/** The engine's stand-in for a contact-help flow once the gate is closed (src/engine/run.ts GATE_FLOW). */
export const GATE_FLOW = 'contact-gate';

/** Whether a step is marked as suggesting contact (a branch has no mark). */
export function marked(step: Step): boolean {
  return 'contact' in step && step.contact === true;
}

/** A step the walk reached, and the flow it is in. */
export interface Reached {
  flow: string;
  step: Step;
}

/** Every step reachable from any flow's start with the gate closed (`flags.contactBlocked` true) or open, each once. */
export function walk(registry: FlowRegistry, closed: boolean): Reached[] {
  const seen = new Set<string>();
  const reached: Reached[] = [];
  const flows = [...registry.flows.values()];
  const enter = (id: string): Flow => entered(registry, id, closed);
  const queue: { flow: Flow; index: number }[] = flows.map((flow) => ({ flow: enter(flow.id), index: 0 }));
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const { flow, index } = item;
    const step = flow.steps[index];
    const key = `${flow.id}/${index}`;
    if (step === undefined || seen.has(key)) continue;
    seen.add(key);
    reached.push({ flow: flow.id, step });
    // The gate opened again (a confirmed end of an order): what follows is ordinary help, outside this walk.
    if (closed && opensGate(step)) continue;
    for (const target of flowTargets(step)) queue.push({ flow: enter(target), index: 0 });
    for (const to of nextSteps(flow, index, closed)) {
      const at = flow.steps.findIndex((s) => s.id === to);
      if (at !== -1) queue.push({ flow, index: at });
    }
  }
  return reached;
}

function entered(registry: FlowRegistry, id: string, closed: boolean): Flow {
  const flow = registry.flows.get(id);
  if (flow === undefined) throw new Error(`no flow '${id}'`);
  return closed && flow.contactHelp ? entered(registry, GATE_FLOW, closed) : flow;
}

// Flows a step starts: goto, call, and a timer's flow (which the scheduler starts later).
function flowTargets(step: Step): string[] {
  return step.type === 'goto' || step.type === 'call' || step.type === 'timer' ? [step.flow] : [];
}

// The engine takes the first case whose condition holds. Every other condition is an unknown yes or no: each way the
// unknowns can fall is tried (conditions that repeat count as one), with the gate closed, and the first case that
// holds is reachable. Unknowns are taken as independent, so the walk reaches at least what a user can.
function nextSteps(flow: Flow, index: number, closed: boolean): string[] {
  const edges = stepEdges(flow, index);
  const atoms = [...new Set(edges.flatMap((e) => (e.condition ? atomsOf(e.condition) : [])))];
  const targets = new Set<string>();
  for (let bits = 0; bits < 2 ** atoms.length; bits += 1) {
    const truth = (atom: string): boolean => ((bits >> atoms.indexOf(atom)) & 1) === 1;
    const taken = edges.find((e) => e.condition === undefined || holds(e.condition, truth, closed));
    if (taken !== undefined && taken.to !== END_TARGET) targets.add(taken.to);
  }
  return [...targets];
}

const GATE = 'flags.contactBlocked';

function atomsOf(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(atomsOf);
  if ('any' in condition) return condition.any.flatMap(atomsOf);
  if ('not' in condition) return atomsOf(condition.not);
  return condition.var === GATE ? [] : [JSON.stringify(condition)];
}

function holds(condition: Condition, truth: (atom: string) => boolean, closed: boolean): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, truth, closed));
  if ('any' in condition) return condition.any.some((c) => holds(c, truth, closed));
  if ('not' in condition) return !holds(condition.not, truth, closed);
  if (condition.var !== GATE) return truth(JSON.stringify(condition));
  // flags.contactBlocked is true when the gate is closed, unset when it is open.
  if (condition.eq !== undefined) return condition.eq === closed;
  if (condition.exists !== undefined) return condition.exists === closed;
  if (condition.in !== undefined) return closed && condition.in.includes(true);
  return false;
}

function opensGate(step: Step): boolean {
  const sets = [('set' in step ? step.set : undefined) ?? {}];
  return sets.some((set) => set['flags.contactBlocked'] === false);
}

/** Every piece of text a step can show: its text, its options' labels, and the strings in an action's arguments. */
export function textsOf(step: Step): string[] {
  switch (step.type) {
    case 'say':
    case 'ask':
      return [step.text];
    case 'choose':
      return [step.text, ...step.options.map((o) => o.label)];
    case 'end':
      return step.text === undefined ? [] : [step.text];
    case 'action':
      return strings(step.args ?? {});
    case 'set':
      return strings({ ...(step.set ?? {}) });
    default:
      return [];
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
