import type { Classifier } from './classifier.js';
import { classify, combine } from './confidence.js';
import { applyLexicon } from './lexicon.js';
import { normalizeForSafety } from './normalize.js';
import { allMatches, anyMatch, type Language } from './language.js';
import type { SafetyPatterns } from './patterns.js';
import { openSlots } from './prefilter.js';
import type { CompiledRule } from './rules.js';
import type { GateReason, SafetyCategory, SafetyTier, Screening } from './types.js';

/** One rule match: whose it is, and where it sits in the normalised text. */
interface Hit {
  rule: CompiledRule['rule'];
  start: number;
  end: number;
  /** True when the words are about someone else's crisis, not the user's. */
  someoneElse: boolean;
  /** True when that someone else is a child ("my son says he wants to die"): a child at risk. */
  child: boolean;
}

const TIER_ORDER: readonly SafetyTier[] = ['imminent', 'serious', 'distress'];
const GATE_ORDER: readonly GateReason[] = ['safety', 'legal', 'stalking'];
const NEGATION_WINDOW = 4;
/** How far after a match a denial is looked for ("kill myself? no, never, I've got the kids"). */
const DENIAL_REACH = 60;

/** The text the rules and the classifier read: normalised, the lexicon applied, figures of speech masked. */
export function prepareText(patterns: SafetyPatterns, text: string): string {
  return maskIdioms(patterns.language, applyLexicon(patterns.lexicon, normalizeForSafety(text)));
}

/**
 * What one message shows: the rules, then (when given) the classifier sentence by sentence, combined into
 * one confidence (see confidence.ts). Pure, no state, no I/O.
 */
export function screen(patterns: SafetyPatterns, text: string, classifier?: Classifier): Screening {
  const normal = prepareText(patterns, text);
  const byRules = summarise(ruleHits(patterns, normal));
  return classifier === undefined ? byRules : combine(byRules, classify(classifier, normal, patterns.language.words));
}

function ruleHits(patterns: SafetyPatterns, normal: string): Hit[] {
  const { language } = patterns;
  const open = openSlots(patterns.needs, normal);
  // A rule none of whose patterns is open finds nothing: only the few that may match are visited, in order.
  const candidates = rulesWithOpenSlots(patterns.rules, open);
  const hits: Hit[] = [];
  for (const compiled of candidates) {
    if (!compiled.rule.weak) hits.push(...matchRule(language, compiled, normal, open));
  }
  for (const compiled of candidates) {
    if (compiled.rule.weak)
      hits.push(
        ...matchRule(language, compiled, normal, open).filter((hit) => !hits.some((other) => overlaps(hit, other))),
      );
  }
  return hits;
}

/** For each pattern slot, the index of its rule. */
const ruleOfSlot = new WeakMap<readonly CompiledRule[], Int32Array>();

/** The rules with at least one open pattern, in rule order. */
function rulesWithOpenSlots(rules: readonly CompiledRule[], open: Uint8Array): CompiledRule[] {
  let owners = ruleOfSlot.get(rules);
  if (owners === undefined) {
    owners = new Int32Array(open.length).fill(-1);
    for (const [index, compiled] of rules.entries()) for (const slot of compiled.slots) owners[slot] = index;
    ruleOfSlot.set(rules, owners);
  }
  const marked = new Uint8Array(rules.length);
  for (let slot = 0; slot < open.length; slot += 1) {
    const index = owners[slot] ?? -1;
    if (open[slot] === 1 && index >= 0) marked[index] = 1;
  }
  return rules.filter((_, index) => marked[index] === 1);
}

function maskIdioms(language: Language, normal: string): string {
  // Replaced by a neutral word, not removed, so the words around an idiom stay apart.
  return language.idioms.reduce((text, idiom) => text.replace(idiom, ' _ '), normal);
}

function matchRule(language: Language, compiled: CompiledRule, normal: string, open: Uint8Array): Hit[] {
  const hits: Hit[] = [];
  for (const [index, pattern] of compiled.patterns.entries()) {
    // Most patterns cannot match most messages: a quick look for the words they need spares the search.
    if (open[compiled.slots[index] ?? -1] !== 1) continue;
    for (const match of allMatches(pattern, normal)) {
      const start = match.index;
      const end = start + match[0].length;
      const sentence = around(normal, start, end, language.sentenceBreak);
      if (compiled.unless.length > 0 && anyMatch(compiled.unless, sentence.text)) continue;
      const clausePrefix = normal.slice(around(normal, start, end, language.clauseBreak).from, start);
      if (compiled.rule.negatable && isNegated(language, clausePrefix, match[0])) continue;
      if (compiled.rule.negatable && anyMatch(language.denials, normal.slice(end, end + DENIAL_REACH))) continue;
      const subject = compiled.rule.selfOnly
        ? subjectOf(language, normal.slice(sentence.from, start), match[0])
        : undefined;
      // Someone else's crisis named as a child's ("my 12 year old said she wants to kill herself").
      const namesChild = (from: string): boolean => words(from).some((word) => language.words.child.test(word));
      const child =
        subject !== undefined
          ? language.words.child.test(subject)
          : compiled.rule.category === 'thirdParty' && namesChild(normal.slice(sentence.from, end));
      hits.push({ rule: compiled.rule, start, end, someoneElse: subject !== undefined, child });
    }
  }
  return hits;
}

function around(text: string, start: number, end: number, breaks: RegExp): { from: number; text: string } {
  let from = 0;
  let to = text.length;
  for (const mark of allMatches(breaks, text)) {
    if (mark.index + mark[0].length <= start) from = mark.index + mark[0].length;
    else if (mark.index >= end) {
      to = mark.index;
      break;
    }
  }
  return { from, text: text.slice(from, to) };
}

function words(text: string): string[] {
  return text.split(' ').filter((word) => word.length > 0 && word !== '_');
}

function isNegated(language: Language, clausePrefix: string, matched: string): boolean {
  const { subjectRestart } = language.words;
  // "if she doesn't answer I'll ...": a match that opens with its own subject starts a new statement.
  if (subjectRestart.test(words(matched)[0] ?? '')) return false;
  const window = words(clausePrefix).slice(-NEGATION_WINDOW);
  const joined = window.join(' ');
  const negations = allMatches(language.negation, joined);
  const last = negations.at(-1);
  if (last === undefined) return false;
  // "she has no idea I'm suicidal": a new subject after the negation starts another statement.
  const after = words(joined.slice(last.index + last[0].length));
  return !after.some((word) => subjectRestart.test(word));
}

/** Who else a match is about (the subject word), or undefined when it is the user's own. */
function subjectOf(language: Language, sentencePrefix: string, matched: string): string | undefined {
  const { firstPerson, thirdPerson } = language.words;
  const inMatch = words(matched);
  if (inMatch.some((word) => firstPerson.test(word))) return undefined;
  // "tonight he wants to die": a pronoun subject at the start of the match itself.
  const inside = inMatch.slice(0, 2).find((word) => thirdPerson.test(word) && language.words.subjectRestart.test(word));
  if (inside !== undefined) return words(sentencePrefix).find((w) => language.words.child.test(w)) ?? inside;
  // The nearest subject before the match decides: "my wife said she wants to die" is about her; "my son says
  // he wants to die" is about a child, named a word or two before the pronoun.
  const prefix = words(sentencePrefix);
  for (let i = prefix.length - 1; i >= 0; i -= 1) {
    const word = prefix[i] ?? '';
    if (firstPerson.test(word)) return undefined;
    if (thirdPerson.test(word) && !isObject(language, prefix, i)) {
      const named = prefix.slice(0, i + 1).find((w) => language.words.child.test(w));
      return named ?? word;
    }
  }
  return undefined;
}

/** "life without my wife": a person after a preposition is not who the sentence is about. */
function isObject(language: Language, prefix: readonly string[], index: number): boolean {
  const { determiner, preposition } = language.words;
  const before = prefix[index - 1] ?? '';
  const word = determiner.test(before) ? (prefix[index - 2] ?? '') : before;
  return preposition.test(word);
}

function overlaps(a: Hit, b: Hit): boolean {
  return a.start < b.end && b.start < a.end;
}

function summarise(hits: readonly Hit[]): Screening {
  // A child's own crisis is a child at risk: the user is answered with child protection first.
  const children = hits.filter(
    (hit) => hit.child && ((hit.someoneElse && hit.rule.tier !== 'distress') || hit.rule.category === 'thirdParty'),
  );
  const own = hits.filter((hit) => !hit.someoneElse);
  const categories = new Set<SafetyCategory>(own.map((hit) => hit.rule.category));
  if (hits.some((hit) => hit.someoneElse && !hit.child)) categories.add('thirdParty');
  if (children.length > 0) categories.delete('thirdParty');
  if (children.length > 0) categories.add('childSafety');
  const tier =
    TIER_ORDER.find((t) => own.some((hit) => hit.rule.tier === t)) ?? (children.length > 0 ? 'serious' : undefined);
  const gate = GATE_ORDER.find((g) => own.some((hit) => hit.rule.gate === g));
  const ask = own.find((hit) => hit.rule.ask !== undefined)?.rule.ask;
  const lang = own.find((hit) => hit.rule.lang !== undefined)?.rule.lang;
  return {
    ...(lang ? { lang } : {}),
    ...(tier ? { tier } : {}),
    categories: [...categories],
    explicit: own.some((hit) => hit.rule.explicit),
    ambiguous: categories.has('ambiguous'),
    ...(gate ? { gate } : {}),
    rules: [...new Set(hits.map((hit) => hit.rule.id))],
    ...(ask ? { ask } : {}),
  };
}
