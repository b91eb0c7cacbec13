import { findWaitingFlows, lintCallCycles, lintStepGraph, lintStepIds, suggest } from './lint-graph.js';
import type { LintCode, LintIssue } from './lint-issue.js';
import type { Catalogs } from '../core/catalog.js';
import { BUILTIN_COMMANDS } from '../core/types.js';
import { compileMessage, DEFAULT_LOCALE } from '../core/messages.js';
import type { Flow, FlowRegistry, Step } from './schema.js';

export type { LintCode, LintIssue } from './lint-issue.js';

/** Longest button label; every adapter shows at least this much whole (test/adapters/platform-facts.test.ts). */
export const MAX_LABEL_LENGTH = 75;
/** Longest text of one message; every adapter sends at least this much as one (test/adapters/platform-facts.test.ts). */
export const MAX_TEXT_LENGTH = 2000;
/** Most words one journey message may have: a message should fit on one phone screen. */
export const MAX_MESSAGE_WORDS = 120;
/** Flows whose messages are reference texts a user asked for in full, so the word limit does not apply. */
export const LONG_TEXT_FLOWS: readonly string[] = ['export', 'privacy'];
/** Where the message catalogs live inside the flows directory, one YAML file per namespace. */
export const CATALOG_DIR = `locales/${DEFAULT_LOCALE}`;
/** The file holding the sources steps cite. */
export const SOURCES_FILE = '_sources.yaml';

/**
 * Checks a parsed registry for broken references, dead or looping steps, missing sources and texts too long
 * for the platforms; `files` maps flow ids to file names so issues can point at them.
 */
export function lintRegistry(
  registry: FlowRegistry,
  knownActions: ReadonlySet<string>,
  files?: ReadonlyMap<string, string>,
): LintIssue[] {
  const waitingFlows = findWaitingFlows(registry);
  const issues = [
    ...[...registry.flows.values()].flatMap((flow) => [
      ...lintStepIds(flow),
      ...lintStepGraph(flow, waitingFlows),
      ...flow.steps.flatMap((step) => lintStep(flow, step, registry, knownActions)),
      ...lintAside(flow),
    ]),
    ...lintCallCycles(registry, waitingFlows),
    ...lintCommands(registry),
    ...lintCatalogs(registry.catalogs),
  ];
  return issues.map((issue) => {
    const file = issue.file ?? files?.get(issue.flow);
    return file === undefined ? issue : { ...issue, file };
  });
}

/** One line for humans: `file: flow 'x', step 'y': message [code]`. */
export function formatIssue(issue: LintIssue): string {
  const where = [issue.flow && `flow '${issue.flow}'`, issue.step !== undefined && `step '${issue.step}'`].filter(
    Boolean,
  );
  return `${[issue.file, where.join(', ')].filter(Boolean).join(': ')}: ${issue.message} [${issue.code}]`;
}

// === One step

function lintStep(flow: Flow, step: Step, registry: FlowRegistry, knownActions: ReadonlySet<string>): LintIssue[] {
  const found: Omit<LintIssue, 'flow' | 'step'>[] = [
    ...checkReferences(step, registry, knownActions),
    ...checkTexts(step),
    ...(LONG_TEXT_FLOWS.includes(flow.id) ? [] : checkWords(step)),
    ...checkSources(step, registry),
    ...checkOptions(step),
    ...checkCaseOrder(step),
  ];
  return found.map((issue) => ({ flow: flow.id, step: step.id, ...issue }));
}

type Found = Omit<LintIssue, 'flow' | 'step'>;

function checkReferences(step: Step, registry: FlowRegistry, knownActions: ReadonlySet<string>): Found[] {
  if (step.type === 'action' && !knownActions.has(step.action)) {
    return [
      {
        code: 'unknown-action',
        message: `action '${step.action}' is not registered; ${suggest(step.action, [...knownActions].sort(), 'register it in src/coach/')}.`,
      },
    ];
  }
  if ((step.type === 'call' || step.type === 'goto' || step.type === 'timer') && !registry.flows.has(step.flow)) {
    const verb = step.type === 'timer' ? 'starts' : step.type === 'call' ? 'calls' : 'goes to';
    return [
      {
        code: 'unknown-flow',
        message: `${verb} flow '${step.flow}', which does not exist; ${suggest(step.flow, [...registry.flows.keys()], 'create a flow with that id')}.`,
      },
    ];
  }
  return [];
}

function checkTexts(step: Step): Found[] {
  const texts: [string, string | undefined][] = [];
  if ('text' in step) texts.push(['text', step.text]);
  if (step.type === 'ask') texts.push(['reask', step.reask]);
  const labels: [string, string | undefined][] =
    step.type === 'choose'
      ? [
          ...step.options.map((o): [string, string] => [`label of option '${o.id}'`, o.label]),
          ['doneLabel', step.doneLabel],
        ]
      : [];
  return [
    ...[...texts, ...labels].flatMap(([field, text]) => badMessage(field, text)),
    ...texts.flatMap(([field, text]) =>
      tooLong(field, text, MAX_TEXT_LENGTH, 'text-too-long', ' or split it over several say steps'),
    ),
    ...labels.flatMap(([field, text]) =>
      tooLong(field, text, MAX_LABEL_LENGTH, 'label-too-long', ' so it fits on a button on every platform'),
    ),
  ];
}

function checkWords(step: Step): Found[] {
  return 'text' in step && step.text !== undefined ? tooWordy('text', step.text) : [];
}

function tooWordy(field: string, text: string): Found[] {
  const words = messageWords(text);
  if (words <= MAX_MESSAGE_WORDS) return [];
  return [
    {
      code: 'too-many-words',
      message: `${field} has ${words} words, over the limit of ${MAX_MESSAGE_WORDS} for one message; split it into cards (a choose step with Next) or shorten it.`,
    },
  ];
}

/**
 * Words a reader sees in a message: for a `.match` message, the longest of its variants; placeholders
 * count as one word each.
 */
export function messageWords(text: string): number {
  const variants = text.trimStart().startsWith('.')
    ? [...text.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => m[1] ?? '')
    : [text];
  return Math.max(0, ...variants.map((variant) => countWords(variant)));
}

/** Words in plain text: runs of letters, digits and apostrophes. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}']+/gu)?.length ?? 0;
}

// An aside runs beside a waiting journey and hands it back at once, so it may not wait itself.
function lintAside(flow: Flow): LintIssue[] {
  if (!flow.aside) return [];
  return flow.steps
    .filter((step) => step.type === 'ask' || step.type === 'choose' || step.type === 'call' || step.type === 'goto')
    .map((step) => ({
      flow: flow.id,
      step: step.id,
      code: 'aside-waits',
      message: `flow '${flow.id}' is an aside, so it must answer without waiting; remove this ${step.type} step or drop 'aside'.`,
    }));
}

function badMessage(field: string, text: string | undefined): Found[] {
  if (text === undefined) return [];
  try {
    compileMessage(text, field);
    return [];
  } catch (error) {
    return [{ code: 'bad-message', message: error instanceof Error ? error.message : String(error) }];
  }
}

function tooLong(field: string, text: string | undefined, max: number, code: LintCode, hint: string): Found[] {
  if (text === undefined || text.length <= max) return [];
  return [{ code, message: `${field} is ${text.length} characters, over the limit of ${max}; shorten it${hint}.` }];
}

function checkSources(step: Step, registry: FlowRegistry): Found[] {
  const cited = 'sources' in step ? (step.sources ?? []) : [];
  const known = Object.keys(registry.sources).sort();
  const unknown: Found[] = cited
    .filter((id) => !(id in registry.sources))
    .map((id) => ({
      code: 'unknown-source',
      message: `cites source '${id}', which is not in ${SOURCES_FILE}; ${suggest(id, known, `add it to ${SOURCES_FILE}`)}.`,
    }));
  const advice = (step.type === 'say' || (step.type === 'end' && step.text !== undefined)) && step.role !== 'info';
  if (!advice || cited.length > 0) return unknown;
  return [
    ...unknown,
    {
      code: 'missing-sources',
      message: `this ${step.type} step gives advice but cites no sources; add 'sources: ["001"]' with ids from ${SOURCES_FILE}, or set 'role: info' if it is plain guidance.`,
    },
  ];
}

function checkOptions(step: Step): Found[] {
  if (step.type !== 'choose') return [];
  const ids = step.options.map((o) => o.id);
  return ids
    .filter((id, i) => ids.indexOf(id) !== i)
    .map((id) => ({
      code: 'duplicate-option',
      message: `option id '${id}' is used more than once; give each option of the step its own id.`,
    }));
}

// The engine takes an `else` as soon as it reaches it, so cases listed after it never run.
function checkCaseOrder(step: Step): Found[] {
  if (!('next' in step) || !Array.isArray(step.next)) return [];
  const at = step.next.findIndex((option) => 'else' in option);
  if (at === -1 || at === step.next.length - 1) return [];
  return [
    {
      code: 'dead-case',
      message: `next[${at}] is an else, so the ${step.next.length - 1 - at} case(s) after it can never be taken; move the else to the end of the list.`,
    },
  ];
}

// === Across flows, and the catalogs

function lintCommands(registry: FlowRegistry): LintIssue[] {
  const owner = new Map<string, string>();
  const issues: LintIssue[] = [];
  for (const flow of registry.flows.values()) {
    if (flow.command === undefined) continue;
    if ((BUILTIN_COMMANDS as readonly string[]).includes(flow.command)) {
      issues.push({
        flow: flow.id,
        code: 'reserved-command',
        message: `command '/${flow.command}' is answered by Steady itself (${BUILTIN_COMMANDS.map((c) => `/${c}`).join(', ')}), so this flow could never start from it; choose another command.`,
      });
      continue;
    }
    const first = owner.get(flow.command);
    if (first === undefined) owner.set(flow.command, flow.id);
    else
      issues.push({
        flow: flow.id,
        code: 'duplicate-command',
        message: `command '/${flow.command}' is already used by flow '${first}'; give each flow its own command.`,
      });
  }
  return issues;
}

function lintCatalogs(catalogs: Catalogs): LintIssue[] {
  return [...catalogs].flatMap(([namespace, catalog]) =>
    [...catalog].flatMap(([key, message]) =>
      [
        ...tooLong(`message '${key}'`, message.source, MAX_TEXT_LENGTH, 'text-too-long', ''),
        ...tooWordy(`message '${key}'`, message.source),
      ].map((found) => ({
        file: `${CATALOG_DIR}/${namespace}.yaml`,
        flow: '',
        step: key,
        ...found,
      })),
    ),
  );
}
