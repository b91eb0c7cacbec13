import type { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';
import { ErrorCode, SteadyError } from '../core/errors.js';
import { compilePattern, MACRO_REFERENCE, macroNames, type Macros } from './compile.js';
import { compileLanguage, LanguageFileSchema, type Compile, type Language } from './language.js';
import { RuleFileSchema } from './rule-schema.js';
import { loadLexicon, type Lexicon } from './lexicon.js';
import { indexNeeds, type NeedsIndex } from './prefilter.js';
import { compileRules, type CompiledRule } from './rules.js';

// Everything the screen matches is data in flows/locales/en/data/: the language file and the rules files.
// They are read, checked and compiled once, when the safety layer is built, so a broken pattern, an unknown
// or unused macro, or a repeated rule id stops start-up (and `npm run flows:check`) with the file it is in.

/** The data file of figures of speech, grammar, crisis answers and shared macros. */
export const SAFETY_LANGUAGE = 'safety-language';

/** The rules files, in screening order: strong rules first, weak ones last. */
export const SAFETY_RULE_FILES = [
  'safety-rules-self',
  'safety-rules-others',
  'safety-rules-signs',
  'safety-rules-languages',
  'safety-rules-kinds',
  'safety-rules-mood',
] as const;

/** Everything the screen and the crisis conversation match text with, compiled. */
export interface SafetyPatterns {
  language: Language;
  /** Every rule, in screening order. */
  rules: readonly CompiledRule[];
  /** What each rule pattern cannot match without, for the quick test before it is searched. */
  needs: NeedsIndex;
  /** Key words, variants and emoji read through before the rules run. */
  lexicon: Lexicon;
}

interface Read<T> {
  file: string;
  value: T;
}

interface MacroDefinition {
  file: string;
  body: string;
}

/** Reads, checks and compiles the safety patterns; throws a FlowParse SteadyError listing each problem by file. */
export function loadPatterns(data: ReadonlyMap<string, ContentData>): SafetyPatterns {
  const language = read(data, SAFETY_LANGUAGE, LanguageFileSchema);
  const ruleFiles = SAFETY_RULE_FILES.map((name) => read(data, name, RuleFileSchema));
  const problems: string[] = [];
  const defined = defineMacros([language, ...ruleFiles], problems);
  const used = new Set<string>();
  const macros = resolveMacros(defined, used, problems);
  const compiler = (file: string): Compile => compilerFor(file, macros, used, problems);
  let slots = 0;
  const rules = ruleFiles.flatMap((f) => compileRules(f.value.rules, compiler(f.file), () => slots++));
  const patterns: SafetyPatterns = {
    language: compileLanguage(language.value, compiler(language.file)),
    rules,
    needs: indexNeeds(rules.flatMap((rule) => rule.needs)),
    lexicon: loadLexicon(data),
  };
  problems.push(...repeatedIds(ruleFiles));
  for (const [name, { file }] of defined)
    if (!used.has(name)) problems.push(`${file}: macros.${name}: is never used; remove it or use it.`);
  if (problems.length > 0) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    throw new SteadyError(ErrorCode.FlowParse, `${count} in the safety patterns:\n${problems.join('\n')}`);
  }
  return patterns;
}

function read<T>(data: ReadonlyMap<string, ContentData>, name: string, schema: z.ZodType<T>): Read<T> {
  const value = readData(data, name, schema);
  return { file: data.get(name)?.file ?? name, value };
}

// One namespace for every file, so a shorthand means the same wherever it is used.
function defineMacros(
  files: ReadonlyArray<Read<{ macros: Record<string, string> }>>,
  problems: string[],
): Map<string, MacroDefinition> {
  const defined = new Map<string, MacroDefinition>();
  for (const { file, value } of files) {
    for (const [name, body] of Object.entries(value.macros)) {
      const first = defined.get(name);
      if (first === undefined) defined.set(name, { file, body });
      else problems.push(`${file}: macros.${name}: is already defined in ${first.file}; give one another name.`);
    }
  }
  return defined;
}

// Macros may use macros; each is expanded once, here, so patterns need a single pass.
function resolveMacros(defined: ReadonlyMap<string, MacroDefinition>, used: Set<string>, problems: string[]): Macros {
  const resolved = new Map<string, string>();
  const visit = (name: string, trail: readonly string[]): string => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const { file, body } = defined.get(name) as MacroDefinition;
    if (trail.includes(name)) {
      problems.push(`${file}: macros.${name}: uses itself (${[...trail, name].join(' → ')}); break the circle.`);
      return '';
    }
    const expanded = body.replace(MACRO_REFERENCE, (whole, inner: string) => {
      used.add(inner);
      return defined.has(inner) ? visit(inner, [...trail, name]) : whole;
    });
    resolved.set(name, expanded);
    return expanded;
  };
  for (const [name, { file, body }] of defined) {
    for (const unknown of macroNames(body).filter((inner) => !defined.has(inner)))
      problems.push(`${file}: macros.${name}: {${unknown}} is not a macro; define it or respell it.`);
    visit(name, []);
  }
  return resolved;
}

function compilerFor(file: string, macros: Macros, used: Set<string>, problems: string[]): Compile {
  return (pattern, where, mode) => {
    const names = macroNames(pattern);
    names.forEach((name) => used.add(name));
    const unknown = names.filter((name) => !macros.has(name));
    if (unknown.length > 0) {
      const list = unknown.map((name) => `{${name}}`).join(', ');
      problems.push(`${file}: ${where}: ${list} is not a macro; define it under macros or respell it.`);
      return NEVER;
    }
    try {
      return compilePattern(pattern, macros, mode);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(`${file}: ${where}: does not compile (${reason}); fix the pattern.`);
      return NEVER;
    }
  };
}

// Stands in for a pattern that failed, so checking can go on and report every problem at once.
const NEVER = /(?!)/g;

function repeatedIds(files: ReadonlyArray<Read<{ rules: ReadonlyArray<{ id: string }> }>>): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { file, value } of files) {
    value.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined)
        problems.push(`${file}: rules[${index}]: duplicate rule id '${rule.id}' (first in ${first}); rename one.`);
      seen.set(rule.id, first ?? file);
    });
  }
  return problems;
}
