import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { Catalog, Catalogs } from '../core/catalog.js';
import type { ContentData } from '../core/content.js';
import { compileMessage, type Message } from '../core/messages.js';
import { CATALOG_DIR, formatIssue, lintRegistry, SOURCES_FILE } from './lint.js';
import type { LintIssue } from './lint.js';
import { CatalogFileSchema, FlowSchema, SourcesSchema } from './schema.js';
import type { Flow, FlowRegistry, Sources } from './schema.js';

/** One file of the flows directory: its name (a path is fine; messages show it as given) and its text. */
export interface FlowFile {
  name: string;
  text: string;
}

/** Thrown when the flows parse but the linter finds problems; `issues` holds them, the message lists them. */
export class FlowLintError extends SteadyError {
  readonly issues: readonly LintIssue[];

  constructor(issues: readonly LintIssue[]) {
    super(
      ErrorCode.FlowLint,
      `${count(issues.length, 'problem')} in the flows:\n${issues.map(formatIssue).join('\n')}`,
    );
    this.name = 'FlowLintError';
    this.issues = issues;
  }
}

/**
 * Reads `dir` (every `*.yaml` not starting with `_` is a flow, plus `_sources.yaml` and the catalogs in `locales/en/`),
 * validates and lints it; throws a {@link SteadyError} (FlowParse) or a {@link FlowLintError} listing every problem.
 */
export async function loadFlows(dir: string, knownActions: ReadonlySet<string>): Promise<FlowRegistry> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new SteadyError(
      ErrorCode.FlowParse,
      `Cannot read the flows directory '${dir}'; check the path (${String(error)}).`,
      { cause: error },
    );
  }
  const catalogDir = join(dir, CATALOG_DIR);
  const catalogNames = await readdir(catalogDir).catch(() => []);
  const dataDir = join(catalogDir, 'data');
  const dataNames = await readdir(dataDir).catch(() => []);
  const files = await Promise.all([
    ...yamlIn(names).map((name) => readFlowFile(join(dir, name))),
    ...yamlIn(catalogNames).map((name) => readFlowFile(join(catalogDir, name))),
    ...yamlIn(dataNames).map((name) => readFlowFile(join(dataDir, name))),
  ]);
  return buildRegistry(files, knownActions);
}

function yamlIn(names: readonly string[]): string[] {
  return names.filter((name) => name.endsWith('.yaml')).sort();
}

async function readFlowFile(path: string): Promise<FlowFile> {
  return { name: path, text: await readFile(path, 'utf8') };
}

/** Data files are known by their place: the name of `locales/en/data/<name>.yaml`, else undefined. */
export function dataName(name: string): string | undefined {
  return /(?:^|[\\/])locales[\\/]en[\\/]data[\\/]([a-z][a-z0-9-]*)\.yaml$/.exec(name)?.[1];
}

/** Catalogs are known by their place: the namespace of `locales/en/<namespace>.yaml`, else undefined. */
export function catalogNamespace(name: string): string | undefined {
  const match = /(?:^|[\\/])locales[\\/]en[\\/]([a-z][a-z0-9-]*)\.yaml$/.exec(name);
  return match?.[1];
}

/** Same as {@link loadFlows} from texts already in memory: no disk, no clock, so tests can feed it strings. */
export function buildRegistry(files: readonly FlowFile[], knownActions: ReadonlySet<string>): FlowRegistry {
  const problems: string[] = [];
  const flows = new Map<string, Flow>();
  const fileOf = new Map<string, string>();
  const catalogs = new Map<string, Catalog>();
  const data = new Map<string, ContentData>();
  let sources: Sources | undefined;
  for (const file of files) {
    const name = basename(file.name);
    const namespace = catalogNamespace(file.name);
    const named = dataName(file.name);
    if (named !== undefined) addData(file, named, data, problems);
    else if (namespace !== undefined) addCatalog(file, namespace, catalogs, problems);
    else if (name === SOURCES_FILE) sources = parseFile(file, SourcesSchema, problems);
    else if (name.endsWith('.yaml') && !name.startsWith('_'))
      addFlow(file, parseFile(file, FlowSchema, problems), flows, fileOf, problems);
  }
  if (sources === undefined) problems.push(...missing(files, SOURCES_FILE, 'the sources steps cite'));
  if (flows.size === 0 && problems.length === 0)
    problems.push('No flow files found; add at least one <flow-id>.yaml beside _sources.yaml.');
  if (problems.length > 0 || sources === undefined) {
    throw new SteadyError(
      ErrorCode.FlowParse,
      `${count(problems.length, 'problem')} reading the flows:\n${problems.join('\n')}`,
    );
  }
  const registry: FlowRegistry = { flows, catalogs: catalogs as Catalogs, data, sources };
  const issues = lintRegistry(registry, knownActions, fileOf);
  if (issues.length > 0) throw new FlowLintError(issues);
  return registry;
}

function addFlow(
  file: FlowFile,
  flow: Flow | undefined,
  flows: Map<string, Flow>,
  fileOf: Map<string, string>,
  problems: string[],
): void {
  if (flow === undefined) return;
  const first = fileOf.get(flow.id);
  if (first !== undefined) {
    problems.push(`${file.name}: flow id '${flow.id}' is already used by ${first}; give each flow its own id.`);
    return;
  }
  flows.set(flow.id, flow);
  fileOf.set(flow.id, file.name);
}

function addCatalog(file: FlowFile, namespace: string, catalogs: Map<string, Catalog>, problems: string[]): void {
  const raw = parseFile(file, CatalogFileSchema, problems);
  if (raw === undefined) return;
  const catalog = new Map<string, Message>();
  for (const [key, source] of Object.entries(raw)) {
    try {
      catalog.set(key, compileMessage(source, `${file.name}: ${key}`));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  catalogs.set(namespace, catalog);
}

function addData(file: FlowFile, name: string, data: Map<string, ContentData>, problems: string[]): void {
  const doc = parseDocument(file.text);
  if (doc.errors.length > 0) {
    problems.push(...doc.errors.map((error) => `${file.name}: YAML syntax: ${error.message.split('\n')[0] ?? ''}`));
    return;
  }
  data.set(name, { file: file.name, value: doc.toJS() as unknown });
}

// A missing file is only worth a line of its own when it did not already fail to parse.
function missing(files: readonly FlowFile[], name: string, what: string): string[] {
  if (files.some((f) => basename(f.name) === name)) return [];
  return [`${name} is missing; create it beside the flows with ${what}.`];
}

// === YAML and zod problems as readable lines

function parseFile<T>(file: FlowFile, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const doc = parseDocument(file.text);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = error.linePos?.[0];
      // The yaml package appends the position and a source excerpt; we print the position our own way.
      const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      problems.push(`${file.name}${at ? `:${at.line}:${at.col}` : ''}: YAML syntax: ${what}.`);
    }
    return undefined;
  }
  const raw: unknown = doc.toJS();
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...result.error.issues.map((issue) => describeIssue(file.name, raw, issue)));
  return undefined;
}

// One zod issue as `file: step 'id' field: what is expected`, using the step's own id when it has one.
function describeIssue(file: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = '';
  let rest = path;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const id = valueAt(raw, ['steps', path[1], 'id']);
    where = typeof id === 'string' ? `step '${id}'` : `step #${path[1] + 1}`;
    rest = path.slice(2);
  }
  const field = formatPath(rest);
  const place = [where, field].filter(Boolean).join(' ');
  return `${file}: ${place ? `${place}: ` : ''}${explain(issue, valueAt(raw, path), path)}`;
}

function explain(issue: z.core.$ZodIssue, value: unknown, path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 0) return `expected a mapping of keys to values (${describeTop(value)}).`;
      if (value === undefined) return `is required (expected ${issue.expected}).`;
      return `expected ${issue.expected}, found ${show(value)}.`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; remove or respell ${issue.keys.length > 1 ? 'them' : 'it'}.`;
    case 'invalid_key':
      return `${issue.issues[0]?.message ?? issue.message}.`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => show(v)).join(', ')}, found ${show(value)}.`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && Array.isArray(issue.options)) {
        return `${issue.discriminator} must be one of ${issue.options.join(', ')}; found ${show(value)}.`;
      }
      if (last === 'next')
        return `expected a step id, 'end', or a list of { if, then } cases ending with { else }; found ${show(value)}.`;
      return `expected a condition such as { var: vars.x, eq: value } or { all | any: [...] } / { not: ... }; found ${show(value)}.`;
    default:
      // Our schema's own messages (regexes, refinements) are already written to be read; zod's get a prefix trimmed.
      return `${issue.message.replace(/^(Invalid input|Too small|Too big): /, '')}.`;
  }
}

function describeTop(value: unknown): string {
  return value === null || value === undefined ? 'the file is empty' : `found ${show(value)}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const text = String(key);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return `[${JSON.stringify(text)}]`;
      return i === 0 ? text : `.${text}`;
    })
    .join('');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
