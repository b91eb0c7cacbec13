import { compilePattern, NEGATORS } from './compile.js';

// === Small pieces of English grammar the screening and the crisis replies rely on.

/** Figures of speech masked out before rules run ("dying to see the kids", "could kill for a coffee"). */
export const IDIOMS: readonly RegExp[] = [
  '\\bdying (?:to|for)\\b',
  "\\b(?:could|would|'d) kill (?:for|to have|to get|to be|to see)\\b",
  '\\bkill(?:ing|ed)? (?:some |the )?time\\b',
  '\\b(?:die|died|dying) (?:of|from) (?:laughter|laughing|embarrassment|shame|boredom|curiosity|cringe)\\b',
  '\\b(?:nearly|almost) died laughing\\b',
  '\\bto die for\\b',
  // "die" for "dye" is a common slip.
  '\\bdie (?:my|her|his|your|the) (?:hair|beard|roots|clothes|shirt)\\b',
].map(compilePattern);

/** Where a clause ends, for the negation window. */
export const CLAUSE_BREAK = /[.!?;:,\n]|\b(?:but|though|however|except)\b/g;
/** Where a sentence ends, for `unless` patterns and for finding who a sentence is about. */
export const SENTENCE_BREAK = /[.!?;\n]|\bbut\b/g;

/** A negation, unless what follows shows it belongs to something else ("not going to lie"). */
export const NEGATION = new RegExp(
  `\\b(?:${NEGATORS})\\b(?! (?:stop|help|kidding|joking|lying|lie|allowed|permitted|supposed)\\b| (?:felt|been) (?:so|this|more)\\b)`,
  'g',
);

/** Subject words that say who a sentence is about. */
// Chat drops apostrophes: "ill" and "id" are nearly always "i'll" and "i'd" in a sentence about oneself.
export const FIRST_PERSON = /^(?:i|i'm|im|i've|ive|i'd|id|i'll|ill|me|myself)$/;
export const THIRD_PERSON =
  /^(?:he|she|they|he's|she's|hes|shes|they're|theyre|they've|theyve|he'd|she'd|theyd|he'll|she'll|theyll|someone|somebody|(?:wife|husband|spouse|partner|ex|son|daughter|kid|child|friend|brother|sister|mom|mum|mother|dad|father|cousin|aunt|uncle|colleague|coworker|neighbou?r|boss|girlfriend|boyfriend|fiancee?|grandma|grandpa|grandmother|grandfather|niece|nephew|teenager|brother-in-law|sister-in-law)(?:'s|s)?)$/;
/** Words after which a person is an object, not the subject: "life without my wife". */
export const PREPOSITION =
  /^(?:without|with|for|about|to|from|of|since|after|before|like|than|over|at|by|around|near|behind)$/;
/** Words that can stand between a preposition and a person: "without my wife". */
export const DETERMINER = /^(?:my|our|her|his|their|the|a|an)$/;
/** Words that can stand between a negation and what it negates without changing the subject. */
export const SUBJECT_RESTART =
  /^(?:i|i'm|im|i've|ive|i'd|id|i'll|ill|he|she|they|he's|she's|hes|shes|they're|theyre|you|we)$/;

// === Answers while a crisis conversation is open, or after a gentle question

const compileAll = (patterns: readonly string[]): RegExp[] => patterns.map(compilePattern);

/** "I'm not safe", "no": the user says they are not safe. */
export const UNSAFE = compileAll([
  '\\bnot (?:safe|ok|okay|alright|all right|fine)\\b',
  "\\b(?:don'?t|do not) feel safe\\b",
  "^(?:no|nope|nah|not really|no i'?m not|i'?m not)\\s*[.!]*$",
]);
/** "Yes, I'm safe": closes a crisis at once. */
export const SAFE = compileAll([
  "\\b(?:i'?m|i am|i feel|feel) (?:totally |completely |perfectly |quite |fully )?safe\\b",
  '^(?:yes|yeah|yep|yup)[ ,.]*safe\\b',
]);
/** "I'm fine", "you misunderstood", "yes": one reassurance. */
export const REASSURANCE = compileAll([
  "\\b(?:i'?m|i am|i feel|feeling) (?:really |totally |completely |honestly |actually )?(?:ok|okay|fine|alright|all right|good|better)\\b",
  '\\bmisunderst(?:ood|and|anding)\\b|\\bmisread\\b|\\bgot it wrong\\b',
  "\\b(?:didn'?t|did not|don'?t) mean (?:it|that)\\b|\\bnot (?:like|in) that (?:way|sense)\\b|\\bnot literally\\b",
  '\\b(?:just|only|was) (?:venting|joking|kidding|exaggerating|a figure of speech|an expression|a saying)\\b|\\bfigure of speech\\b',
  "\\b(?:wasn'?t|not) serious\\b|\\bnot going to do anything\\b|\\bno need to worry\\b|\\bdon'?t worry\\b",
  '^(?:yes|yeah|yep|yup|ok|okay|sure)\\b',
]);
/** After a gentle question: the user says yes, it is more than a figure of speech. */
export const AFFIRM = compileAll([
  '^(?:yes|yeah|yep|yup|maybe|sometimes|kind of|kinda|sort of|i think so|a bit|a little|probably|honestly yes|more than that)\\b',
  '^(?:i do|i am|i have|both|a little of both)\\s*[.!]*$',
]);
/** After a gentle question: the user says no, it was a way of speaking. */
export const DENY = compileAll([
  '^(?:no|nope|nah|not at all|not really|of course not|god no)\\b',
  '\\b(?:just|only) (?:venting|a figure of speech|an expression|a saying|exaggerating|stressed|tired)\\b|\\bfigure of speech\\b|\\bnot literally\\b|\\bnot like that\\b',
]);

/** One match of a global pattern: where it starts and what it matched. */
export interface Found {
  index: number;
  0: string;
}

/**
 * Every match of a global (`g`) pattern in `text`, like `text.matchAll(pattern)`. matchAll clones the
 * pattern on each call, and with some 200 large rule patterns per message the clones cost ten times
 * the matching itself; exec on the shared pattern from `lastIndex` 0 finds the same matches.
 */
export function allMatches(pattern: RegExp, text: string): Found[] {
  const found: Found[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push({ index: match.index, 0: match[0] });
    // An empty match would be found again at the same place forever.
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return found;
}

/** True when any pattern matches `text` (patterns are global, so each test starts from 0). */
export function anyMatch(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}
