import { END_TARGET, isWaiting, stepEdges } from './edges.js';
import type { Edge } from './edges.js';
import type { Condition, Flow, Step } from './schema.js';

const LABEL_CHARS = 40;
const FINISH_NODE = 'finish';

/**
 * Draws a flow as a Mermaid `flowchart TD`: waiting steps (ask, choose) are rounded and highlighted,
 * branches are diamonds, conditional edges carry a short rendering of their condition.
 */
export function toMermaid(flow: Flow): string {
  // Node ids come from positions, not step ids: step ids may contain '-' or repeat, Mermaid ids may not.
  const nodeOf = new Map<string, string>();
  flow.steps.forEach((step, i) => {
    if (!nodeOf.has(step.id)) nodeOf.set(step.id, `s${i}`);
  });
  const edges = flow.steps.flatMap((_, i) =>
    stepEdges(flow, i).flatMap((edge, _, all) => {
      const to = edge.to === END_TARGET ? FINISH_NODE : nodeOf.get(edge.to);
      // An unknown target is the linter's to report; the drawing just leaves the edge out.
      return to === undefined ? [] : [`  s${i} -->${edgeLabel(edge, all)} ${to}`];
    }),
  );
  const lines = ['flowchart TD', ...flow.steps.map((step, i) => `  s${i}${shape(step)}`)];
  if (edges.some((e) => e.endsWith(` ${FINISH_NODE}`))) lines.push(`  ${FINISH_NODE}(((end)))`);
  lines.push(...edges);
  const waiting = flow.steps.flatMap((step, i) => (isWaiting(step) ? [`s${i}`] : []));
  lines.push('  classDef waiting fill:#fde68a,stroke:#b45309,stroke-width:2px');
  if (waiting.length > 0) lines.push(`  class ${waiting.join(',')} waiting`);
  return `${lines.join('\n')}\n`;
}

/** A Markdown page holding the flow's title and its Mermaid diagram. */
export function toMermaidPage(flow: Flow): string {
  const intro = flow.command === undefined ? '' : `Started with \`/${flow.command}\`. `;
  return `# ${flow.title}\n\n${intro}Flow \`${flow.id}\`, version ${flow.version}. Highlighted steps wait for the user.\n\n\`\`\`mermaid\n${toMermaid(flow)}\`\`\`\n`;
}

// === Nodes

function shape(step: Step): string {
  const label = quote(`${step.type}: ${step.id}${summary(step)}`);
  switch (step.type) {
    case 'ask':
    case 'choose':
      return `([${label}])`;
    case 'branch':
      return `{${label}}`;
    case 'call':
    case 'goto':
      return `[[${label}]]`;
    case 'end':
      return `((${label}))`;
    case 'timer':
      return `>${label}]`;
    default:
      return `[${label}]`;
  }
}

function summary(step: Step): string {
  switch (step.type) {
    case 'say':
    case 'ask':
      return `<br/>${short(step.text)}`;
    case 'choose':
      return `<br/>${short(step.text)}<br/>${short(step.options.map((o) => o.label).join(' / '))}`;
    case 'end':
      return step.text === undefined ? '' : `<br/>${short(step.text)}`;
    case 'action':
      return `<br/>${step.action}`;
    case 'call':
    case 'goto':
      return `<br/>→ ${step.flow}`;
    case 'timer':
      return `<br/>${step.timer} after ${step.after} → ${step.flow}`;
    case 'set':
      return `<br/>${short(Object.keys({ ...step.set, ...step.add }).join(', '))}`;
    case 'branch':
      return '';
  }
}

// === Edges and conditions

function edgeLabel(edge: Edge, siblings: readonly Edge[]): string {
  if (edge.via === 'else') return '|else|';
  // Falling through after conditional cases is what happens when none of them matched.
  if (edge.via === 'fall' && siblings.some((e) => e.via === 'case')) return '|otherwise|';
  if (edge.condition === undefined) return '';
  return `|${quote(short(describeCondition(edge.condition)))}|`;
}

/** A short human rendering of a condition, e.g. `living = "together" and not (stats.score > 3)`. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(nested).join(' and ');
  if ('any' in condition) return condition.any.map(nested).join(' or ');
  if ('not' in condition) return `not ${nested(condition.not)}`;
  const name = condition.var.replace(/^vars\./, '');
  if (condition.eq !== undefined) return `${name} = ${JSON.stringify(condition.eq)}`;
  if (condition.in !== undefined) return `${name} in ${condition.in.map((v) => JSON.stringify(v)).join(', ')}`;
  if (condition.includes !== undefined) return `${name} has ${JSON.stringify(condition.includes)}`;
  if (condition.exists !== undefined) return `${name} ${condition.exists ? 'is set' : 'is unset'}`;
  const [op, value] = (['gt', 'gte', 'lt', 'lte'] as const)
    .map((key) => [key, condition[key]] as const)
    .find(([, v]) => v !== undefined) ?? ['gt', undefined];
  return `${name} ${{ gt: '>', gte: '≥', lt: '<', lte: '≤' }[op]} ${value ?? '?'}`;
}

function nested(condition: Condition): string {
  const text = describeCondition(condition);
  return 'var' in condition ? text : `(${text})`;
}

// === Text

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LABEL_CHARS ? `${flat.slice(0, LABEL_CHARS - 1)}…` : flat;
}

// Mermaid labels are quoted strings; quotes and angle brackets become entity codes so text cannot break out.
function quote(text: string): string {
  const safe = text
    .replace(/"/g, '#quot;')
    .replace(/<(?!br\/>)/g, '#lt;')
    .replace(/(?<!<br\/)>/g, '#gt;');
  return `"${safe}"`;
}
