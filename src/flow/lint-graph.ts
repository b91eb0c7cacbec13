import { END_TARGET, isWaiting, stepEdges } from './edges.js';
import type { LintIssue } from './lint-issue.js';
import type { Flow, FlowRegistry, Step } from './schema.js';

// === Step ids and targets

/** Duplicate and reserved step ids, and `next`/`cases`/`else` targets that name no step of the flow. */
export function lintStepIds(flow: Flow): LintIssue[] {
  const issues: LintIssue[] = [];
  const ids = flow.steps.map((s) => s.id);
  for (const [i, id] of ids.entries()) {
    if (id === END_TARGET) {
      issues.push({
        flow: flow.id,
        step: id,
        code: 'reserved-step-id',
        message: `'${END_TARGET}' is reserved as the target that finishes the flow, so no step can go to this one by name; rename the step.`,
      });
    } else if (ids.indexOf(id) !== i) {
      issues.push({
        flow: flow.id,
        step: id,
        code: 'duplicate-step',
        message: `step id '${id}' is used by steps #${ids.indexOf(id) + 1} and #${i + 1}; rename one so every step id in the flow is unique.`,
      });
    }
  }
  for (const [i, step] of flow.steps.entries()) {
    for (const edge of stepEdges(flow, i)) {
      if (edge.via === 'fall' || edge.to === END_TARGET || ids.includes(edge.to)) continue;
      issues.push({
        flow: flow.id,
        step: step.id,
        code: 'unknown-step',
        message: `${edge.at} goes to '${edge.to}', which is not a step of this flow; ${suggest(edge.to, ids, `use '${END_TARGET}' to finish the flow`)}.`,
      });
    }
  }
  return issues;
}

// === Reachability and loops

/** Steps that can never run, and loops of steps that never wait for the user. */
export function lintStepGraph(flow: Flow, waitingFlows: ReadonlySet<string>): LintIssue[] {
  const graph = stepGraph(flow);
  const reached = reachable(0, (i) => graph[i] ?? []);
  const issues: LintIssue[] = flow.steps
    // A step named `end` is already reported as reserved; saying it is unreachable too adds nothing.
    .filter((step, i) => !reached.has(i) && step.id !== END_TARGET)
    .map((step) => ({
      flow: flow.id,
      step: step.id,
      code: 'unreachable-step',
      message:
        'can never run: no next, case or else names it and the step before it does not fall through to it; point a next at it or delete it.',
    }));
  const moves = (i: number): boolean => !waitsHere(flow.steps[i], waitingFlows);
  const nodes = flow.steps.map((_, i) => i).filter(moves);
  const next = (i: number): number[] => (graph[i] ?? []).filter(moves);
  for (const loop of stronglyConnected(nodes, next).filter((c) => isLoop(c, next))) {
    const ids = loop.sort((a, b) => a - b).map((i) => flow.steps[i]?.id ?? '');
    issues.push({
      flow: flow.id,
      step: ids[0] ?? '',
      code: 'wait-free-cycle',
      message: `steps ${ids.map((id) => `'${id}'`).join(', ')} form a loop without an ask or choose step, so the engine would spin until its step limit; add an ask or choose step inside the loop, or send one of these steps' next outside it.`,
    });
  }
  return issues;
}

/** Flows that call or go to each other, in a circle, before any step waits for the user. */
export function lintCallCycles(registry: FlowRegistry, waitingFlows: ReadonlySet<string>): LintIssue[] {
  const calls = new Map(
    [...registry.flows.values()].map((flow) => [flow.id, callsBeforeWaiting(flow, registry, waitingFlows)]),
  );
  const targets = (id: string): string[] => (calls.get(id) ?? []).map((c) => c.flow);
  const issues: LintIssue[] = [];
  for (const component of stronglyConnected([...calls.keys()], targets)) {
    const first = component[0] ?? '';
    if (!isLoop(component, targets)) continue;
    const step = (calls.get(first) ?? []).find((c) => component.includes(c.flow))?.step ?? '';
    const message =
      component.length === 1
        ? `flow '${first}' calls or goes to itself before any ask or choose step, so starting it never waits for the user; add an ask or choose step before step '${step}'.`
        : `flows ${component.map((id) => `'${id}'`).join(', ')} call or go to each other before any ask or choose step, so starting one never waits for the user; add an ask or choose step before the call in one of them.`;
    issues.push({ flow: first, step, code: 'call-cycle', message });
  }
  return issues;
}

/** Flows that hold a waiting step, directly or through a flow they call. */
export function findWaitingFlows(registry: FlowRegistry): Set<string> {
  const waiting = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const flow of registry.flows.values()) {
      if (waiting.has(flow.id) || !flow.steps.some((s) => waitsHere(s, waiting))) continue;
      waiting.add(flow.id);
      changed = true;
    }
  }
  return waiting;
}

// A `call` into a flow that asks something counts as waiting: the loop pauses there for the user.
function waitsHere(step: Step | undefined, waitingFlows: ReadonlySet<string>): boolean {
  if (step === undefined) return false;
  return isWaiting(step) || (step.type === 'call' && waitingFlows.has(step.flow));
}

// Calls and gotos that can run from the flow's start before anything waits for the user.
function callsBeforeWaiting(
  flow: Flow,
  registry: FlowRegistry,
  waitingFlows: ReadonlySet<string>,
): { flow: string; step: string }[] {
  const graph = stepGraph(flow);
  const open = (i: number): number[] => (waitsHere(flow.steps[i], waitingFlows) ? [] : (graph[i] ?? []));
  const found: { flow: string; step: string }[] = [];
  for (const i of reachable(0, open)) {
    const step = flow.steps[i];
    if ((step?.type === 'call' || step?.type === 'goto') && registry.flows.has(step.flow))
      found.push({ flow: step.flow, step: step.id });
  }
  return found;
}

// === Graph helpers

// Successor indices per step; `end` and unknown targets lead nowhere (the latter is reported on its own).
function stepGraph(flow: Flow): number[][] {
  const indexOf = new Map<string, number>();
  flow.steps.forEach((s, i) => {
    if (!indexOf.has(s.id)) indexOf.set(s.id, i);
  });
  return flow.steps.map((s, i) =>
    stepEdges(flow, i).flatMap((e) => {
      // Falling through reaches the very next step, even when its id repeats an earlier one.
      const j = e.to === END_TARGET ? undefined : e.via === 'fall' ? i + 1 : indexOf.get(e.to);
      return j === undefined ? [] : [j];
    }),
  );
}

function reachable(start: number, next: (i: number) => number[]): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
    for (const j of next(i))
      if (!seen.has(j)) {
        seen.add(j);
        queue.push(j);
      }
  }
  return seen;
}

// A component is a loop when it has several members or its one member leads to itself.
function isLoop<K>(component: readonly K[], next: (node: K) => readonly K[]): boolean {
  const [only] = component;
  return component.length > 1 || (only !== undefined && next(only).includes(only));
}

/** Tarjan's strongly connected components, in the order their roots finish. */
export function stronglyConnected<K>(nodes: readonly K[], next: (node: K) => readonly K[]): K[][] {
  const index = new Map<K, number>();
  const low = new Map<K, number>();
  const stack: K[] = [];
  const components: K[][] = [];
  const visit = (node: K): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const to of next(node)) {
      if (!index.has(to)) visit(to);
      if (stack.includes(to)) low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: K[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === node ? undefined : stack.pop()) component.push(top);
    components.push(component.reverse());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
}

// === Wording

/** The fix for a misspelt id: the nearest known id when it is a typo or two away, else the known ids, else `otherwise`. */
export function suggest(wrong: string, known: readonly string[], otherwise: string): string {
  const near = known
    .map((k) => ({ k, d: distance(wrong, k) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(k.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  if (near) return `did you mean '${near.k}'? If not, ${otherwise}`;
  if (known.length === 0) return otherwise;
  const shown = known
    .slice(0, 12)
    .map((k) => `'${k}'`)
    .join(', ');
  return `use one of ${shown}${known.length > 12 ? ', …' : ''}, or ${otherwise}`;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const nextRow = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      nextRow.push(Math.min((row[j] ?? 0) + 1, (nextRow[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost));
    }
    row = nextRow;
  }
  return row[b.length] ?? 0;
}
