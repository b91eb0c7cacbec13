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
  const rewritten = language.rewrites.reduce((text, { pattern, as }) => text.replace(pattern, as), normal);
  // Replaced by a neutral word, not removed, so the words around an idiom stay apart.
  return language.idioms.reduce((text, idiom) => text.replace(idiom, ' _ '), rewritten);
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
        ? subjectOf(language, normal.slice(sentence.from, start), match[0], normal.slice(0, sentence.from))
        : undefined;
      // Someone else's crisis named as a child's ("my 12 year old said she wants to kill herself").
      const namesChild = (from: string): boolean => words(from).some((word) => language.words.child.test(word));
      // Someone else hurting someone, with a child named beside it ("she said dad pushed her"): a child at risk.
      const childNear = namesChild(normal.slice(sentence.from, end));
      const child =
        subject !== undefined
          ? language.words.child.test(subject) || (compiled.rule.category === 'harmOthers' && childNear)
          : compiled.rule.category === 'thirdParty' && childNear;
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
  // Quotation marks around reported words ("he said 'i want to die'") are not part of them.
  return text
    .split(' ')
    .map((word) => word.replace(/^["'“‘]+|["'”’,]+$/g, ''))
    .filter((word) => word.length > 0 && word !== '_');
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

/**
 * Who else a match is about (the subject word), or undefined when it is the user's own. `before` is the text of
 * the sentences before, where a pronoun's person may have been named ("My eldest is 15. He said ...").
 */
function subjectOf(language: Language, sentencePrefix: string, matched: string, before = ''): string | undefined {
  const { firstPerson, thirdPerson, subjectRestart } = language.words;
  const prefix = words(sentencePrefix);
  const inMatch = words(matched);
  if (inMatch.some((word) => firstPerson.test(word))) return reportedSpeaker(language, sentencePrefix, before);
  // "tonight he wants to die": a pronoun subject at the start of the match itself.
  const inside = inMatch.slice(0, 2).find((word) => thirdPerson.test(word) && subjectRestart.test(word));
  if (inside !== undefined) return personOf(language, inside, prefix, before);
  // The nearest subject before the match decides: "my wife said she wants to die" is about her; "my son says
  // he wants to die" is about a child, named a word or two before the pronoun.
  for (let i = prefix.length - 1; i >= 0; i -= 1) {
    const word = prefix[i] ?? '';
    if (firstPerson.test(word)) return reportedSpeaker(language, sentencePrefix, before);
    if (thirdPerson.test(word) && !isObject(language, prefix, i))
      return personOf(language, word, prefix.slice(0, i), before);
  }
  return undefined;
}

/**
 * "my kid said 'i wish i was dead'": first-person words reported from someone else, the speaker named before a
 * word of speech and no joining word ("and", "so") after it. Undefined when the words are the user's own.
 */
function reportedSpeaker(language: Language, sentencePrefix: string, before: string): string | undefined {
  const { firstPerson, thirdPerson, speech, joiner } = language.words;
  const prefix = words(sentencePrefix);
  const said = lastIndexWhere(prefix, (word) => speech.test(word));
  if (said < 1) return undefined;
  // The reported words run from the word of speech to the match, unless a joining word or a clause break
  // ("she said i'm useless, i want to die") starts the user's own.
  const reportedWords = prefix.slice(said + 1);
  if (
    reportedWords.some((word) => joiner.test(word)) ||
    breaksAfterSpeech(language, sentencePrefix, prefix[said] ?? '')
  )
    return undefined;
  for (let i = said - 1; i >= 0; i -= 1) {
    const word = prefix[i] ?? '';
    if (firstPerson.test(word)) return undefined;
    if (thirdPerson.test(word) && !isObject(language, prefix, i))
      return personOf(language, word, prefix.slice(0, i), before);
  }
  return undefined;
}

/** True when a clause breaks after the word of speech `said` (a break right after it is the quote's own). */
function breaksAfterSpeech(language: Language, sentencePrefix: string, said: string): boolean {
  const after = sentencePrefix.slice(sentencePrefix.lastIndexOf(said) + said.length).replace(/^[\s,:'"“‘]+/, '');
  return anyMatch([language.clauseBreak], after);
}

function lastIndexWhere(list: readonly string[], test: (word: string) => boolean): number {
  for (let i = list.length - 1; i >= 0; i -= 1) if (test(list[i] ?? '')) return i;
  return -1;
}

/** How far back a pronoun's person is looked for, in words. */
const PRONOUN_REACH = 40;

/**
 * A pronoun stands for the person last named before it, outside a preposition ("My daughter is with her dad.
 * She said ..." is the daughter), in its own sentence (`earlier`) or the ones before: that person's word when it is
 * a child's, else the pronoun itself. Any other word is its own person.
 */
function personOf(language: Language, word: string, earlier: readonly string[], before: string): string {
  const { pronoun, thirdPerson, child } = language.words;
  if (!pronoun.test(word)) return word;
  const named = [...words(before), ...earlier].slice(-PRONOUN_REACH);
  for (let i = named.length - 1; i >= 0; i -= 1) {
    const person = named[i] ?? '';
    if (pronoun.test(person) || !(thirdPerson.test(person) || child.test(person)) || isObject(language, named, i))
      continue;
    return child.test(person) ? person : word;
  }
  return word;
}

/**
 * "life without my wife", "told my brother where ...": a person after a preposition or a word of speech is not who
 * the sentence is about.
 */
function isObject(language: Language, prefix: readonly string[], index: number): boolean {
  const { determiner, preposition, speech } = language.words;
  const before = prefix[index - 1] ?? '';
  const word = determiner.test(before) ? (prefix[index - 2] ?? '') : before;
  return preposition.test(word) || (speech.test(word) && determiner.test(before));
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
