// === Turning patterns (data) into regular expressions, once, when the safety layer is built

/** Shorthands used inside patterns (`{THEY}`, `{PILLS}`), by name, each already expanded. */
export type Macros = ReadonlyMap<string, string>;

/** A `{NAME}` shorthand in a pattern; quantifiers such as `{0,3}` are not names. */
export const MACRO_REFERENCE = /\{([A-Z][A-Z_]*)\}/g;

const QUANTIFIER = /[?*+{]/;

/** The names of the macros `pattern` uses, in order of first use. */
export function macroNames(pattern: string): string[] {
  return [...new Set([...pattern.matchAll(MACRO_REFERENCE)].map((match) => match[1] ?? ''))];
}

/** Expands `{MACRO}` shorthands; an unknown name is left as is (the loader reports it before anything compiles). */
export function expandMacros(pattern: string, macros: Macros): string {
  return pattern.replace(MACRO_REFERENCE, (whole, name: string) => macros.get(name) ?? whole);
}

/**
 * Lets every letter in a pattern match a run of itself ("die" also matches "diie", "kill" also "killl"); a
 * doubled letter matches at least two ("off" never matches "of"), and misspellings are the lexicon's job. Escapes, classes, group syntax and quantifiers
 * are copied as they are.
 */
export function stretchTolerant(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '\\') {
      const end =
        source[i + 1] && 'pPu'.includes(source.charAt(i + 1)) && source[i + 2] === '{'
          ? source.indexOf('}', i) + 1
          : i + 2;
      out += source.slice(i, end);
      i = end;
    } else if (ch === '[' || ch === '{') {
      const end = closing(source, i, ch === '[' ? ']' : '}');
      out += source.slice(i, end);
      i = end;
    } else if (ch === '(' && source[i + 1] === '?') {
      const end = groupSyntaxEnd(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (/[a-z]/.test(ch)) {
      let run = 1;
      while (source[i + run] === ch) run += 1;
      const next = source.charAt(i + run);
      // A doubled letter matches two or more, never one: "off" must not match "of" ("proud of myself").
      // A quantifier after the run applies to its last letter only, as in the original pattern.
      const least = run > 1 ? `${ch}{${QUANTIFIER.test(next) ? run - 1 : run},}` : `${ch}+`;
      out += QUANTIFIER.test(next) ? (run > 1 ? `${least}${ch}` : ch) : least;
      i += run;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function closing(source: string, start: number, close: string): number {
  let i = start + 1;
  while (i < source.length && source[i] !== close) i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

function groupSyntaxEnd(source: string, start: number): number {
  // "(?:", "(?=", "(?!", "(?<=", "(?<!" or a named group "(?<name>".
  if (source[start + 2] === '<' && source[start + 3] !== '=' && source[start + 3] !== '!')
    return source.indexOf('>', start) + 1;
  return source[start + 2] === '<' ? start + 4 : start + 3;
}

/**
 * How a pattern is compiled: `rule` (rules, idioms, crisis answers) with stretch-tolerant letters, global and
 * Unicode-aware; `plain` (negation, breaks) global, letters as written; `word` anchored to one whole word.
 */
export type PatternMode = 'rule' | 'plain' | 'word';

/** Compiles one pattern in `mode`, macros expanded; throws the regex engine's SyntaxError when it does not compile. */
export function compilePattern(pattern: string, macros: Macros, mode: PatternMode = 'rule'): RegExp {
  const source = expandMacros(pattern, macros);
  if (mode === 'word') return new RegExp(`^(?:${source})$`);
  return mode === 'plain' ? new RegExp(source, 'g') : new RegExp(stretchTolerant(source), 'gu');
}
