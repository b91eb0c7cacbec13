import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { LEXICON } from './lexicon.js';

// Typed English into comparable tokens: lemmas from wink-nlp, a negated word marked `!word` (wink's negation
// scope), the spouse in any form written as `they`, numbers in words as digits, hedges and filler dropped.

/** One token of a reading: its lemma (`!` in front when negated); soft tokens help matching but need no explaining. */
export interface Token {
  term: string;
  soft: boolean;
}

const nlp = winkNLP(model);
const its = nlp.its;
const SPOUSE_WORDS = new Set(LEXICON.spouseWords);
const SPOUSE_NOUNS = new Set(LEXICON.spouseNouns);
const STOP = new Set(LEXICON.stopWords);
const HEDGES = new Set(LEXICON.hedgeWords);
const NEGATIONS = new Set(LEXICON.negations);
const NUMBERS: ReadonlyMap<string, string> = new Map(Object.entries(LEXICON.numberWords));

/** The comparable tokens of `text`, in order. */
export function tokensOf(text: string): Token[] {
  const doc = nlp.readDoc(prepare(text));
  const normals = doc.tokens().out(its.normal);
  const lemmas = doc.tokens().out(its.lemma as Parameters<ReturnType<typeof doc.tokens>['out']>[0]) as string[];
  const negated = doc.tokens().out(its.negationFlag);
  const pos = doc.tokens().out(its.pos);
  const types = doc.tokens().out(its.type);
  const tokens: Token[] = [];
  for (let i = 0; i < normals.length; i += 1) {
    const normal = normals[i] ?? '';
    if (types[i] === 'punctuation' || types[i] === 'emoji' || types[i] === 'symbol') continue;
    const term = termOf(normal, lemmas[i] ?? normal, pos[i] ?? '');
    const soft = SPOUSE_NOUNS.has(normal) || SPOUSE_NOUNS.has(lemmas[i] ?? '');
    if (soft) tokens.push({ term: 'they', soft: false });
    if (term === undefined) continue;
    // A negation word is carried by the flag on the words it governs; alone ("no") it is the answer itself.
    if (NEGATIONS.has(term) && negated[i + 1] === true) continue;
    tokens.push({ term: negated[i] === true ? `!${term}` : term, soft });
  }
  return dropHedges(tokens);
}

function termOf(normal: string, lemma: string, pos: string): string | undefined {
  if (STOP.has(normal)) return undefined;
  if (SPOUSE_WORDS.has(normal)) return 'they';
  if (pos === 'PROPN' && !LEXICON.notNames.includes(normal)) return 'they';
  const number = NUMBERS.get(normal);
  if (number !== undefined) return number;
  return LEXICON.lemmaFixes[lemma] ?? LEXICON.lemmaFixes[normal] ?? lemma;
}

// Hedges soften an answer without changing it; an answer made only of hedges keeps them.
function dropHedges(tokens: Token[]): Token[] {
  const kept = tokens.filter((t) => !HEDGES.has(t.term));
  return kept.length > 0 ? kept : tokens;
}

// Contractions and phrases wink reads as one unit are spelt out first, and curly quotes straightened.
function prepare(text: string): string {
  let out = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}

const REWRITES: ReadonlyArray<readonly [RegExp, string]> = LEXICON.rewrites.map(
  ([from, to]) => [new RegExp(`\\b${from}\\b`, 'gi'), to] as const,
);
