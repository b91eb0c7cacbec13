// === Turning rule patterns (data) into regular expressions, once, at module load

/** Words that turn a statement around; also kept out of the gaps `{G}` may skip over. */
export const NEGATORS = "never|not|no|don'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|isn'?t|wasn'?t|aren'?t|ain'?t|nothing";

// Shorthands used inside rule patterns, so the data reads like the phrases it stands for.
const MACROS: Readonly<Record<string, string>> = {
  // Up to three words that are not a negation: "he {G} hits me" matches "he sometimes hits me", not "he never hits me".
  G: `(?: (?!(?:${NEGATORS})\\b)[a-z']+){0,3}`,
  // The spouse or someone close to them, as the subject of a sentence.
  THEY: "(?:he|she|they|my (?:wife|husband|spouse|partner|ex|ex-wife|ex-husband|ex-partner|girlfriend|boyfriend|fiance|fiancee)|her (?:new )?(?:boyfriend|partner|husband)|his (?:new )?(?:girlfriend|partner|wife))(?:'s|'d|'ll|'re)?",
  // Whose things: "her phone", "my wife's location".
  THEIR: "(?:her|his|their|my (?:wife|husband|spouse|partner|ex|ex-wife|ex-husband|girlfriend|boyfriend)'?s?)",
  // Someone the user could harm.
  TARGET:
    '(?:her|him|them|someone|somebody|my (?:wife|husband|spouse|partner|ex|ex-wife|ex-husband|girlfriend|boyfriend|kids|children|son|daughter|baby)|the (?:kids|children|baby)|(?:her|his|their) (?:new )?(?:boyfriend|girlfriend|partner|husband|wife|man|guy|woman|bf|gf|lover))',
  // Medicines people name when they talk about taking too many.
  PILLS:
    '(?:pills?|tablets?|meds|medication|medicine|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|insulin|antidepressants?|painkillers?|opioids?|sleeping (?:pills|tablets)|xanax|benzos?)',
  // Where the spouse lives or works.
  PLACE: "(?:new )?(?:house|place|home|flat|apartment|work|job|office|building|parents'?(?: house)?|gym)",
};

const QUANTIFIER = /[?*+{]/;

/** Expands `{MACRO}` shorthands; an unknown name is left as is so the regex compiler reports it. */
export function expandMacros(pattern: string): string {
  return pattern.replace(/\{([A-Z]+)\}/g, (whole, name: string) => MACROS[name] ?? whole);
}

/**
 * Lets every letter in a pattern match a run of itself ("die" also matches "diie", "kill" also "kil"),
 * so stretched or doubled letters need no dictionary. Escapes, classes, group syntax and quantifiers
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
      // A quantifier after the run applies to its last letter only, as in the original pattern.
      out += QUANTIFIER.test(next) ? (run > 1 ? `${ch}+${ch}` : ch) : `${ch}+`;
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

/** Compiles one rule pattern: macros expanded, letters stretch-tolerant, global and Unicode-aware. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(stretchTolerant(expandMacros(pattern)), 'gu');
}
