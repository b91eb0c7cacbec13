import type { Compile } from './language.js';
import { needsOf, type Needs } from './prefilter.js';
import type { Rule } from './rule-schema.js';

/** A rule ready to run: its data plus compiled expressions. */
export interface CompiledRule {
  rule: Rule;
  patterns: readonly RegExp[];
  /** For each pattern, the pieces it cannot match without (prefilter.ts). */
  needs: readonly Needs[];
  /** For each pattern, its place among all the rules' patterns, for the quick test (prefilter.ts). */
  slots: readonly number[];
  unless: readonly RegExp[];
}

/** Compiles the rules of one file, in order; each pattern is named by its rule in a problem report. */
export function compileRules(rules: readonly Rule[], compile: Compile, nextSlot: () => number): CompiledRule[] {
  return rules.map((rule, index) => {
    const at = `rules[${index}] '${rule.id}'`;
    const patterns = rule.patterns.map((pattern, i) => compile(pattern, `${at} patterns[${i}]`, 'rule'));
    return {
      rule,
      patterns,
      needs: patterns.map(needsOf),
      slots: patterns.map(nextSlot),
      unless: rule.unless.map((pattern, i) => compile(pattern, `${at} unless[${i}]`, 'rule')),
    };
  });
}
