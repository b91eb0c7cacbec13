import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { lexiconWords } from './lexicon.js';

// Typed English into comparable tokens: lemmas from wink-nlp, a negated word marked `!word` (wink's negation
// scope), the spouse in any form written as `they`, numbers in words as digits, hedges and filler dropped.

/** One token of a reading: its lemma (`!` in front when negated); soft tokens help matching but need no explaining. */
export interface Token {
  term: string;
  soft: boolean;
}

// Sentences, negation and part of speech (lemmas depend on it); named entities and sentiment change none of the
// tokens read here, and would cost a third of the reading.
const nlp = winkNLP(model, ['sbd', 'negation', 'pos']);
const its = nlp.its;
const POSSESSIVES = new Set(['my', 'our']);
// A capitalised word after these names a place, not a person.
const PLACE_BEFORE = new Set(['in', 'from', 'near', 'at', 'to', 'around', 'outside']);

/** The comparable tokens of `text`, in order; an answer made only of small words ("did it", "we do") keeps them. */
export function tokensOf(text: string): Token[] {
  const words = wordsOf(text);
  const { stop, circumstance, hedges } = lexiconWords();
  const tokens = tokensFrom(words, stop);
  // Only pronouns and when left ("I will do it now" -> "i", "did it this afternoon" -> "afternoon") is too little to
  // tell anything by: the small words stay.
  const telling = tokens.some(
    (t) => !PRONOUNS.has(t.term) && !circumstance.has(t.term) && !hedges.has(t.term) && !/^\d+$/.test(t.term),
  );
  return once(telling ? tokens : tokensFrom(words, NO_STOP));
}

// A word said twice ("she said she...") is one piece of meaning.
function once(tokens: Token[]): Token[] {
  const seen = new Set<string>();
  return tokens.filter((t) => !seen.has(t.term) && seen.add(t.term));
}

const NO_STOP: ReadonlySet<string> = new Set();
const PRONOUNS: ReadonlySet<string> = new Set(['i', 'they', 'them']);

function wordsOf(text: string): Word[] {
  const doc = nlp.readDoc(prepare(text));
  const words: Word[] = [];
  const values = doc.tokens().out(its.value);
  const lemmas = doc.tokens().out(its.lemma as Parameters<ReturnType<typeof doc.tokens>['out']>[0]) as string[];
  const negated = doc.tokens().out(its.negationFlag);
  const pos = doc.tokens().out(its.pos);
  const types = doc.tokens().out(its.type);
  doc
    .tokens()
    .out(its.normal)
    .forEach((normal, i) => {
      const value = values[i] ?? normal;
      const kind = types[i] ?? '';
      if (kind === 'punctuation' || kind === 'emoji' || kind === 'symbol') return;
      words.push({ normal, value, lemma: lemmas[i] ?? normal, pos: pos[i] ?? '', negated: negated[i] === true });
    });
  return withoutLeadingNo(words);
}

function tokensFrom(words: Word[], stop: ReadonlySet<string>): Token[] {
  const { subjects, objects, spouseNouns, negations } = lexiconWords();
  const tokens: Token[] = [];
  words.forEach((word, i) => {
    const term = termOf(words, i, stop);
    if (term === undefined) return;
    // A negation word is carried by the flag on the words it governs; alone ("no") it is the answer itself.
    if (negations.has(term) && governsWords(words, i, stop)) return;
    // The spouse named by a noun or a first name is `they`/`them`; the word itself stays, softly, for
    // questions where it matters ("my wife" for the relationship, "Paris" when it was a place after all).
    const named = term === 'they' || term === 'them' ? !subjects.has(word.normal) && !objects.has(word.normal) : false;
    const soft = named || spouseNouns.has(word.normal) || spouseNouns.has(word.lemma);
    if (soft && !named) tokens.push({ term: spouseRole(words, i), soft: false });
    if (named) tokens.push({ term, soft: false });
    const kept = named ? word.normal : term;
    // A negation word is never negated itself: "nah nothing", "no, none" mean nothing and none.
    tokens.push({ term: word.negated && !negations.has(kept) ? `!${kept}` : kept, soft });
  });
  return dropHedges(tokens);
}

// "No, I'm under 18", "nope we don't": a leading no answers the question and negates nothing after it.
function withoutLeadingNo(words: Word[]): Word[] {
  const [first, second] = words;
  if (!first || !LEADING_NO.has(first.normal) || !['PRON', 'AUX'].includes(second?.pos ?? '')) return words;
  const { negations } = lexiconWords();
  let negating = true;
  return words.map((word, i) => {
    if (i > 0 && negations.has(word.normal)) negating = false;
    return i > 0 && negating ? { ...word, negated: false } : word;
  });
}

const LEADING_NO = new Set(['no', 'nope', 'nah']);

// True when a negation word's scope holds a word that carries meaning, which then bears the mark.
function governsWords(words: Word[], i: number, stop: ReadonlySet<string>): boolean {
  const { hedges } = lexiconWords();
  for (let j = i + 1; j < words.length && words[j]?.negated === true; j += 1) {
    if (!stop.has(words[j]?.normal ?? '') && !hedges.has(words[j]?.lemma ?? '')) return true;
  }
  return false;
}

interface Word {
  normal: string;
  value: string;
  lemma: string;
  pos: string;
  negated: boolean;
}

function termOf(words: Word[], i: number, stop: ReadonlySet<string>): string | undefined {
  const { normal, lemma } = words[i] as Word;
  const { subjects, objects, numbers, lexicon } = lexiconWords();
  if (subjects.has(normal)) return 'they';
  if (objects.has(normal)) return 'them';
  if (stop.has(normal)) return undefined;
  if (isName(words, i)) return spouseRole(words, i);
  const number = numbers.get(normal);
  if (number !== undefined) return number;
  // Short words (pst, est) are abbreviations more often than inflected words.
  const lower = normal.length <= 3 ? normal : lemma.toLowerCase();
  return lexicon.lemmaFixes[lower] ?? lexicon.lemmaFixes[normal] ?? lower;
}

// A capitalised name stands for the spouse; one that opens the sentence counts only when a verb follows ("Mark left").
function isName(words: Word[], i: number): boolean {
  const word = words[i] as Word;
  if (word.pos !== 'PROPN' || !/^\p{Lu}/u.test(word.value) || lexiconWords().known.has(word.normal)) return false;
  if (PLACE_BEFORE.has(words[i - 1]?.normal ?? '')) return false;
  return i > 0 || ['VERB', 'AUX', 'CCONJ'].includes(words[i + 1]?.pos ?? '');
}

// The spouse after a verb or preposition is its object ("I left him"), otherwise its subject ("she left").
function spouseRole(words: Word[], i: number): string {
  let before = i - 1;
  while (before >= 0 && POSSESSIVES.has(words[before]?.normal ?? '')) before -= 1;
  return ['VERB', 'ADP'].includes(words[before]?.pos ?? '') ? 'them' : 'they';
}

// Hedges soften an answer without changing it; an answer made only of hedges keeps them.
function dropHedges(tokens: Token[]): Token[] {
  const { hedges } = lexiconWords();
  const kept = tokens.filter((t) => !hedges.has(t.term));
  // "Okay I guess" is the hedge itself: when only who is left, the hedges stay.
  return kept.some((t) => !PRONOUNS.has(t.term)) ? kept : tokens;
}

// Contractions and phrases wink reads as one unit are spelt out first, and curly quotes straightened.
function prepare(text: string): string {
  let out = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [pattern, replacement] of lexiconWords().rewrites) out = out.replace(pattern, replacement);
  return out;
}
