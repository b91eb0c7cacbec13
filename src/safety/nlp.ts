import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// === Sentences and their words, by wink-nlp and its English model (both ship in npm packages; nothing is
// downloaded). The model is loaded once, on first use, and shared by every safety layer in the process.

type Nlp = ReturnType<typeof winkNLP>;

let shared: Nlp | undefined;

/**
 * The annotations read here: sentences, negation, and part of speech (which the lemmas depend on). wink's named
 * entities and sentiment, on by default, touch none of them and cost a third of the reading.
 */
const PIPE = ['sbd', 'negation', 'pos'];

function nlp(): Nlp {
  shared ??= winkNLP(model, PIPE);
  return shared;
}

/** Stop words that still say something alone about whose safety a sentence is about. */
const SELF_WORDS = new Set(['myself', 'alone', 'never', 'nobody', 'everyone']);

/** One sentence: its text and the words the classifier reads (lemmas, `not_` before negated ones, and pairs). */
export interface Sentence {
  text: string;
  features: string[];
}

/** Splits `normal` (normalised text) into sentences, each with its classifier features. */
export function sentencesOf(normal: string): Sentence[] {
  const engine = nlp();
  const its = engine.its;
  const doc = engine.readDoc(normal);
  // Each annotation read once for the whole text, then cut by sentence: reading them sentence by sentence made
  // four collections per sentence for the same values.
  const tokens = doc.tokens();
  const types = tokens.out(its.type) as string[];
  // wink-nlp's own types disagree with themselves about its.lemma's signature; the call is as documented.
  const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  const negated = tokens.out(its.negationFlag) as boolean[];
  const stop = tokens.out(its.stopWordFlag) as boolean[];
  const all = doc.sentences();
  const spans = all.out(its.span) as unknown as Array<[number, number]>;
  const texts = all.out();
  return spans.map(([first, last], s) => {
    const words: string[] = [];
    const content: string[] = [];
    for (let i = first; i <= last; i += 1) {
      if (types[i] !== 'word' && types[i] !== 'emoji') continue;
      const lemma = lemmas[i] ?? '';
      const word = negated[i] === true ? `not_${lemma}` : lemma;
      words.push(word);
      // Words such as "for", "me" or "not" alone say little and mislead a small model; in pairs they count.
      if (stop[i] !== true || SELF_WORDS.has(lemma)) content.push(word);
    }
    const pairs = words.slice(1).map((word, i) => `${words[i] ?? ''}_${word}`);
    return { text: texts[s] ?? '', features: [...content, ...pairs] };
  });
}

/** The features of a whole message, as the classifier is trained on them. */
export function featuresOf(normal: string): string[] {
  return sentencesOf(normal).flatMap((sentence) => sentence.features);
}
