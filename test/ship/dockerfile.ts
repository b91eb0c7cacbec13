import { posix } from 'node:path';

// A Dockerfile reader for the checks in dockerfile.test.ts: enough of the syntax for Steady's file
// (comments, line continuations, flags, exec form), and loud about anything it does not understand.

/** One instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  /** Leading `--name=value` flags (`--from`, `--mount`, `--interval`...). */
  flags: Map<string, string>;
  /** What follows the keyword and its flags. */
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

/** A build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  index: number;
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages. Comment lines are dropped, also inside a continuation, as Docker does. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/.exec(logical);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const { flags, rest } = takeFlags(match[2] ?? '');
    const instruction: Instruction = { keyword, flags, args: rest, line };
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`line ${line}: cannot read FROM ${rest}`);
      stages.push({ index: stages.length, image: from[1] ?? '', name: from[2], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (keyword === 'ARG') continue; // an ARG before the first FROM only feeds FROM lines
      throw new Error(`line ${line}: ${keyword} before the first FROM`);
    }
    stage.instructions.push(instruction);
  }
  return stages;
}

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: string[] = [];
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (current.length === 0 && trimmed === '')) return;
    if (current.length === 0) start = i + 1;
    const continued = trimmed.endsWith('\\');
    current.push(continued ? trimmed.slice(0, -1).trim() : trimmed);
    if (continued) return;
    out.push({ text: current.filter(Boolean).join(' '), line: start });
    current = [];
  });
  if (current.length > 0) throw new Error(`line ${start}: the file ends inside a continued line`);
  return out;
}

function takeFlags(text: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>();
  let rest = text;
  for (let match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest); match; match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.set(match[1] ?? '', match[2] ?? '');
    rest = rest.slice(match[0].length);
  }
  return { flags, rest: rest.trim() };
}

/** The argv of an exec-form `["node", "x.js"]`, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw new Error(`not a JSON array of strings: ${args}`);
  return parsed;
}

/** The HEALTHCHECK's command (`HEALTHCHECK [flags] CMD ...`), or undefined for NONE. */
export function healthcheckCommand(instruction: Instruction): string {
  const match = /^CMD\s+(.*)$/i.exec(instruction.args);
  if (!match) throw new Error(`line ${instruction.line}: HEALTHCHECK without CMD`);
  return match[1] ?? '';
}

/** `KEY=value KEY2="v 2"` (or the legacy `KEY value`) as pairs. */
export function envPairs(args: string): [string, string][] {
  if (!/^[\w.-]+=/.test(args)) {
    const legacy = /^(\S+)\s+(.*)$/.exec(args);
    if (!legacy) throw new Error(`cannot read ENV ${args}`);
    return [[legacy[1] ?? '', legacy[2] ?? '']];
  }
  return [...args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/g)].map(([, key = '', value = '']) => [
    key,
    value.replace(/^"(.*)"$/, '$1'),
  ]);
}

/** COPY's sources and destination (shell or exec form). */
export function copyArgs(instruction: Instruction): { sources: string[]; dest: string } {
  const parts = execForm(instruction.args) ?? instruction.args.split(/\s+/);
  if (parts.length < 2) throw new Error(`line ${instruction.line}: COPY needs a source and a destination`);
  return { sources: parts.slice(0, -1), dest: parts.at(-1) ?? '' };
}

/** The stage's WORKDIR at the end (Docker's default is /). */
export function finalWorkdir(stage: Stage): string {
  return stage.instructions.filter((i) => i.keyword === 'WORKDIR').reduce((dir, i) => posix.resolve(dir, i.args), '/');
}

/** Matches paths (relative to the context, `/`-separated) against .dockerignore's rules. */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix
        .normalize((negate ? line.slice(1) : line).trim())
        .replace(/^\/+/, '')
        .replace(/\/+$/, '');
      return { negate, regex: globToRegex(pattern) };
    });
  // A path is out when it or a folder above it matches; the last matching rule decides.
  return (path) => {
    const parts = posix
      .normalize(path)
      .replace(/^\.?\/+/, '')
      .split('/');
    let excluded = false;
    for (const rule of rules) {
      const hit = parts.some((_, i) => rule.regex.test(parts.slice(0, i + 1).join('/')));
      if (hit) excluded = !rule.negate;
    }
    return excluded;
  };
}

function globToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
